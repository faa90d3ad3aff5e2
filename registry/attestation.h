// The verification summary that travels with each promoted version: an in-toto Statement
// (https://in-toto.io/Statement/v1) whose subject is the artifact's sha256 and whose
// predicate is a SLSA Verification Summary (https://slsa.dev/verification_summary/v1):
// mlgate as the verifier, the time, the policy (mlgate.yaml and its packs) by digest, the
// evidence and report.json by digest as the input attestations, PASSED. It sits in the
// registry version as attestation.intoto.json, with attestation.intoto.json.sig when
// signed (`ssh-keygen -Y sign -n mlgate`); anyone can check it with
//
//   ssh-keygen -Y verify -f allowed_signers -I <signer> -n mlgate
//       -s attestation.intoto.json.sig < attestation.intoto.json   (one line)
#pragma once

#include <string>

#include "base/status.h"
#include "gate/result.h"
#include "registry/promotion.h"

namespace mlgate {

constexpr const char kAttestationFile[] = "attestation.intoto.json";
constexpr const char kAttestationSignatureFile[] = "attestation.intoto.json.sig";
constexpr const char kAttestationNamespace[] = "mlgate";

std::string RenderAttestation(const Decision& decision, const PromotionFacts& facts);

// What a registry version holds about itself, for checking.
struct AttestationFiles {
  std::string statement;  // empty: none
  std::string signature;  // empty: unsigned
};

struct AttestationCheck {
  std::string problem;  // empty when it holds
  std::string signer;   // the principal whose key signed it, when verified
};

// Whether a version's attestation holds for its artifact `sha256`: a Statement of the
// verification summary type, PASSED, naming that digest; when `allowed_signers` (the
// file's text) is given, signed by a key it lists in the mlgate namespace. With no
// allowed signers a signature cannot be judged, so a signed statement is a problem then
// (fail closed), and with them an unsigned or missing one is. A non-OK status means the
// verifier could not run.
Status CheckAttestation(const AttestationFiles& files, const std::string& sha256, const std::string& allowed_signers,
                        AttestationCheck* out);

}  // namespace mlgate
