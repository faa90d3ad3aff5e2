#include "base/signature.h"

#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <memory>
#include <vector>

#include "base/process.h"
#include "base/text.h"

namespace mlgate {

namespace {

// A private temporary file holding `bytes`, removed with the object.
class TempFile {
 public:
  explicit TempFile(const std::string& bytes) {
    const char* tmp = std::getenv("TMPDIR");
    path_ = std::string(tmp && *tmp == '/' ? tmp : "/tmp") + "/mlgate-sig-XXXXXX";
    int fd = ::mkstemp(path_.data());
    if (fd < 0) {
      path_.clear();
      return;
    }
    size_t done = 0;
    while (done < bytes.size()) {
      ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
      if (n <= 0) break;
      done += static_cast<size_t>(n);
    }
    ::close(fd);
    if (done != bytes.size()) {
      ::unlink(path_.c_str());
      path_.clear();
    }
  }
  ~TempFile() {
    if (!path_.empty()) ::unlink(path_.c_str());
  }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

std::string SshKeygen() { return FindProgram({"/usr/bin/ssh-keygen", "/bin/ssh-keygen", "/usr/local/bin/ssh-keygen"}); }

// `Good "git" signature for alice@example.org with ED25519 key SHA256:abc` → "SHA256:abc".
std::string KeyFingerprint(const std::string& output) {
  size_t at = output.find(" key ");
  if (at == std::string::npos) return "";
  size_t begin = at + 5, end = output.find_first_of(" \n", begin);
  return output.substr(begin, end == std::string::npos ? std::string::npos : end - begin);
}

std::string Gpg() { return FindProgram({"/usr/bin/gpg", "/bin/gpg", "/usr/local/bin/gpg"}); }

// A private temporary directory, removed with its contents.
class TempHome {
 public:
  TempHome() {
    const char* tmp = std::getenv("TMPDIR");
    std::string pattern = std::string(tmp && *tmp == '/' ? tmp : "/tmp") + "/mlgate-gpg-XXXXXX";
    if (::mkdtemp(pattern.data())) path_ = pattern;
  }
  ~TempHome() {
    if (path_.empty()) return;
    // gpg may have started an agent for this home; it must not outlive the check.
    std::string gpgconf = FindProgram({"/usr/bin/gpgconf", "/bin/gpgconf"});
    ProcessResult ignored;
    if (!gpgconf.empty()) RunProcess({gpgconf, "--homedir", path_, "--kill", "all"}, "", &ignored);
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

}  // namespace

Status VerifyGpgSignature(const std::string& signature, const std::string& data, const std::string& keyring,
                          SignatureVerdict* verdict) {
  *verdict = SignatureVerdict();
  std::string gpg = Gpg();
  if (gpg.empty()) return Status::NotFound("gpg is not installed (Debian package gpg); GPG signatures cannot be verified");
  TempHome home;
  TempFile sig(signature), keys(keyring);
  if (home.path().empty() || sig.path().empty() || keys.path().empty()) {
    return Status::IOError("cannot write a temporary file for gpg");
  }
  ProcessResult imported;
  Status s = RunProcess({gpg, "--batch", "--quiet", "--homedir", home.path(), "--import", keys.path()}, "", &imported);
  if (!s.ok()) return s;
  if (imported.exit_code != 0) {
    verdict->reason = "the gpg_keyring cannot be imported (" + std::string(Trim(imported.err)) + ")";
    return Status::OK();
  }
  ProcessResult verified;
  s = RunProcess({gpg, "--batch", "--homedir", home.path(), "--trust-model", "always", "--status-fd", "1", "--verify",
                  sig.path(), "-"},
                 data, &verified);
  if (!s.ok()) return s;
  std::string uid;
  bool good = false, bad_key = false;
  LineReader lines(verified.out);
  std::string_view line;
  while (lines.Next(&line)) {
    if (line.rfind("[GNUPG:] ", 0) != 0) continue;
    line.remove_prefix(9);
    std::string_view word = line.substr(0, line.find(' '));
    if (word == "GOODSIG") {
      good = true;
      size_t space = line.find(' ', 8);  // after the key id
      uid = space == std::string_view::npos ? "" : std::string(line.substr(space + 1));
    } else if (word == "VALIDSIG") {
      size_t end = line.find(' ', 9);
      verdict->key = "OpenPGP " + std::string(line.substr(9, end == std::string_view::npos ? end : end - 9));
    } else if (word == "REVKEYSIG" || word == "EXPKEYSIG" || word == "EXPSIG") {
      bad_key = true;
      verdict->reason = word == "REVKEYSIG" ? "signed by a revoked OpenPGP key"
                        : word == "EXPKEYSIG" ? "signed by an expired OpenPGP key"
                                              : "the signature has expired";
    } else if (word == "NO_PUBKEY") {
      verdict->reason = "signed by a key the gpg_keyring does not hold";
    } else if (word == "BADSIG") {
      verdict->reason = "the signature does not verify (the commit was changed after signing)";
    }
  }
  if (!good || bad_key || verified.exit_code != 0) {
    if (verdict->reason.empty()) verdict->reason = "gpg does not accept the signature (" + std::string(Trim(verified.err)) + ")";
    return Status::OK();
  }
  size_t open = uid.rfind('<'), close = uid.rfind('>');
  if (open == std::string::npos || close == std::string::npos || close < open) {
    verdict->reason = "the signing key's user id \"" + uid + "\" has no email to bind it to a member";
    return Status::OK();
  }
  verdict->valid = true;
  verdict->principal = uid.substr(open + 1, close - open - 1);
  return Status::OK();
}

std::string SignatureKind(const std::string& signature) {
  if (signature.rfind("-----BEGIN SSH SIGNATURE-----", 0) == 0) return "ssh";
  if (signature.rfind("-----BEGIN PGP SIGNATURE-----", 0) == 0) return "gpg";
  if (signature.rfind("-----BEGIN SIGNED MESSAGE-----", 0) == 0) return "x509";
  return "";
}

Status SignWithSshKey(const std::string& data, const std::string& key, const std::string& ssh_namespace,
                      std::string* signature) {
  std::string keygen = SshKeygen();
  if (keygen.empty()) return Status::NotFound("ssh-keygen is not installed (Debian package openssh-client); cannot sign");
  if (::access(key.c_str(), R_OK) != 0) return Status::NotFound("signing key " + key + ": " + std::strerror(errno));
  ProcessResult signed_;
  // Data on stdin, the signature on stdout; -q keeps "Signing data on standard input" out.
  Status s = RunProcess({keygen, "-q", "-Y", "sign", "-f", key, "-n", ssh_namespace}, data, &signed_);
  if (!s.ok()) return s;
  if (signed_.exit_code != 0 || SignatureKind(signed_.out) != "ssh") {
    return Status::InvalidArgument("ssh-keygen -Y sign with " + key + " failed: " + std::string(Trim(signed_.err)) +
                                   " (a key with a passphrase needs ssh-agent; -f may name the public key then)");
  }
  *signature = signed_.out;
  return Status::OK();
}

Status VerifySshSignature(const std::string& signature, const std::string& data, const std::string& ssh_namespace,
                          const std::string& allowed_signers, const std::string& revoked, SignatureVerdict* verdict) {
  *verdict = SignatureVerdict();
  std::string keygen = SshKeygen();
  if (keygen.empty()) {
    return Status::NotFound("ssh-keygen is not installed (Debian package openssh-client); SSH signatures cannot be verified");
  }
  TempFile sig(signature), signers_file(allowed_signers);
  std::unique_ptr<TempFile> revoked_file;
  if (!revoked.empty()) revoked_file = std::make_unique<TempFile>(revoked);
  if (sig.path().empty() || signers_file.path().empty() || (revoked_file && revoked_file->path().empty())) {
    return Status::IOError("cannot write a temporary file for ssh-keygen");
  }
  const std::string& signers_path = signers_file.path();
  ProcessResult found;
  Status s = RunProcess({keygen, "-Y", "find-principals", "-s", sig.path(), "-f", signers_path}, "", &found);
  if (!s.ok()) return s;
  if (found.exit_code != 0) {
    verdict->reason = "signed by a key no allowed_signers entry names as valid today (unknown, or outside its valid-after/valid-before)";
    return Status::OK();
  }
  std::vector<std::string> principals;
  LineReader lines(found.out);
  std::string_view line;
  while (lines.Next(&line)) {
    if (!line.empty()) principals.emplace_back(line);
  }
  for (const auto& principal : principals) {
    std::vector<std::string> argv = {keygen, "-Y", "verify", "-f", signers_path, "-I", principal, "-n", ssh_namespace,
                                     "-s", sig.path()};
    if (revoked_file) {
      argv.push_back("-r");
      argv.push_back(revoked_file->path());
    }
    ProcessResult verified;
    s = RunProcess(argv, data, &verified);
    if (!s.ok()) return s;
    if (verified.exit_code == 0) {
      verdict->valid = true;
      verdict->principal = principal;
      verdict->key = KeyFingerprint(verified.out + verified.err);
      return Status::OK();
    }
    if (revoked_file) {
      // Valid but for the revocation file: say so, it is the likely story (a retired key).
      argv.resize(argv.size() - 2);
      ProcessResult without;
      if (RunProcess(argv, data, &without).ok() && without.exit_code == 0) {
        verdict->principal = principal;
        verdict->key = KeyFingerprint(without.out + without.err);
        verdict->reason = "signed by a revoked key (" + verdict->key + ", listed in the revocation file)";
        return Status::OK();
      }
    }
    verdict->principal = principal;
    std::string why(Trim(verified.err.empty() ? verified.out : verified.err));
    verdict->reason = "the signature does not verify for " + principal + (why.empty() ? "" : " (" + why + ")");
  }
  if (principals.empty()) verdict->reason = "signed by a key no allowed_signers entry names as valid today (unknown, or outside its valid-after/valid-before)";
  return Status::OK();
}

}  // namespace mlgate
