// The registries a policy names, read as mlgate.yaml configures them: where each
// environment's registry is, the allowed signers of its attestations, a model's HISTORY
// there, and where each model is live (what `mlgate status` and the dashboard show).
// HISTORY is read here and written by registry/transaction.h alone.
#pragma once

#include <string>
#include <vector>

#include "base/status.h"
#include "gate/config.h"
#include "gate/result.h"

namespace mlgate {

// The directory of an environment's registry (its `registry:`, relative to mlgate.yaml).
std::string RegistryRoot(const Config& config, const EnvironmentSpec& env);

// The environment's allowed signers for attestations, as text (empty when it names none);
// a named file that is empty is an error.
Status ReadAttestationSigners(const Config& config, const EnvironmentSpec& env, std::string* text);

// The promotions and rollbacks of `model` in `environment`'s registry, oldest first; empty
// when it has no registry or no HISTORY (the history informs reports, it decides nothing).
std::vector<PromotionEvent> ReadPromotionHistory(const Config& config, const std::string& environment,
                                                 const std::string& model);

// Where each model is live, per environment with a registry.
struct EnvironmentStatus {
  std::string model, environment, live, promoted_at, commit, tag, verdict, signer;
  bool verified = false;  // the files and attestation were checked (problem says how they fared)
  std::string problem;    // empty when it holds (or was not checked)
};
// Every model (or only `only`) in every environment with a registry; with `verify`, each
// live version's artifact is re-hashed and its attestation checked.
std::vector<EnvironmentStatus> CollectStatus(const Config& config, const std::string& only, bool verify);
// {"models": [...]}, the shape `mlgate status --format json` prints.
std::string StatusJson(const std::vector<EnvironmentStatus>& rows);

}  // namespace mlgate
