// Verifying a git commit's signature with the system's own verifier, run by absolute path
// with an exact argv (base/process.h): libgit2 extracts signatures but does not verify them.
//
// SSH (what `git commit -S` makes with gpg.format=ssh): the principals come from
// `ssh-keygen -Y find-principals` against the allowed-signers file, and each is tried with
// `ssh-keygen -Y verify -n git` (the namespace git signs commits in), with the revocation
// file when there is one. The key's validity (valid-after/valid-before) is judged at the
// time of the check, never at the commit's date, which the signer chooses (docs/THREATS.md T8).
#pragma once

#include <string>

#include "base/status.h"

namespace mlgate {

struct SignatureVerdict {
  bool valid = false;
  std::string principal;  // the identity the allowed-signers file binds the key to
  std::string key;        // the key's fingerprint ("SHA256:…"), when the verifier said it
  std::string reason;     // why it is not valid
};

// The kind of signature git stored: "ssh", "gpg", "x509" or "" (unknown).
std::string SignatureKind(const std::string& signature);

// Verifies an SSH signature over `data`, made in `ssh_namespace` ("git" for commits,
// "mlgate" for attestations), against the contents of an allowed-signers file and of a
// revocation file (empty: none); they are handed to ssh-keygen as private temporary
// files, since in pull-request mode they come from the base commit, not a path. A non-OK
// status means the verifier could not run at all.
Status VerifySshSignature(const std::string& signature, const std::string& data, const std::string& ssh_namespace,
                          const std::string& allowed_signers, const std::string& revoked, SignatureVerdict* verdict);

// Signs `data` with the SSH key file `key` in `ssh_namespace` (`ssh-keygen -Y sign`):
// *signature is the armored SSHSIG text.
Status SignWithSshKey(const std::string& data, const std::string& key, const std::string& ssh_namespace,
                      std::string* signature);

// Verifies an OpenPGP signature (git's default gpg.format) over `data` against the keys
// of `keyring` (an exported public keyring, armored or binary: the committee's keys; a
// revoked or expired key there fails). gpg runs with a private, temporary home directory
// and --trust-model always: the keyring file itself is the trust decision. The principal
// is the email of the signing key's user id.
Status VerifyGpgSignature(const std::string& signature, const std::string& data, const std::string& keyring,
                          SignatureVerdict* verdict);

}  // namespace mlgate
