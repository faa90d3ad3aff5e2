// Promotion and rollback, each one transaction on an environment's registry: open it, take
// the model's lock, clean what an interrupted run left, check what goes live, then record
// it (the annotated tag mlgate/<model>/<env>/<n>, a HISTORY line) and make it live
// (CURRENT, last). A crash at any step leaves the old version or the new one live
// (registry/file_registry.h). The command line resolves what comes from the caller's
// environment (the signing key, the crash tests' step hook) and prints the outcome.
#pragma once

#include <functional>
#include <string>

#include "base/status.h"
#include "gate/config.h"
#include "gate/result.h"
#include "registry/file_registry.h"

namespace mlgate {

// What a transaction did. A non-OK Status means it could not run (nothing changed, or the
// old version stays live); a refusal is a judgement, not an error.
struct RegistryChange {
  enum class Outcome { kDone, kAlreadyLive, kRefused };
  Outcome outcome = Outcome::kDone;
  std::string refusal;  // kRefused: why, as a sentence for the user
  std::string model, environment, root;
  std::string version;   // what is live now (kDone) or already was (kAlreadyLive)
  std::string previous;  // what was live before; empty when nothing was
  std::string tag;       // the git tag recording it
  bool signed_attestation = false;
  std::string signer;  // whose key verified the attestation (with attestation_signers)
};

struct PromotionRequest {
  std::string from;             // the environment whose live version is copied; empty: the repository's artifact
  std::string signing_key;      // the caller's key ($MLGATE_SIGNING_KEY); empty: the environment's signing_key
  FileRegistry::StepHook step;  // called before each file-system step (crash tests)
  std::function<void(long pid)> waiting;  // told when another promotion holds the lock
};

// `mlgate promote`: when the decision passed, the judged artifact (or `from`'s live
// version, once it holds and is that artifact) goes into the decision's environment's
// registry with its manifest and attestation (signed and verified when the environment
// names attestation_signers). `report_json` is the report the decision was written as.
Status Promote(const Config& config, const Decision& decision, const std::string& report_json,
               const PromotionRequest& request, RegistryChange* change);

struct RollbackRequest {
  std::string model, environment;
  std::string to;  // a version in the registry; empty: the one promoted before the live one
  FileRegistry::StepHook step;
};

// `mlgate rollback`: CURRENT back to a version already in the registry, once its files and
// attestation are checked to still hold.
Status Rollback(const Config& config, const RollbackRequest& request, RegistryChange* change);

}  // namespace mlgate
