// Configuration: mlgate.yaml, searched upwards from the working directory, merged over the
// policy pack it `extends:` (packs may extend packs). The repository's file overrides a pack
// key by key; every override of a pack value is recorded, because a pack must not be
// weakened silently. The top level is validated here; each check's own mapping is
// validated by that check (checks/), so this layer never needs to know the checks.
#pragma once

#include <string>
#include <vector>

#include "base/data_hash.h"
#include "base/date.h"
#include "base/status.h"
#include "base/yaml_doc.h"
#include "gate/params.h"
#include "gate/policy_source.h"
#include "gate/result.h"
#include "gate/waiver.h"

namespace mlgate {

// A policy pack compiled into the binary (generated from policies/*.yaml).
struct EmbeddedPack {
  const char* name;
  const char* text;
};
const std::vector<EmbeddedPack>& EmbeddedPacks();

inline constexpr const char* kConfigFileName = "mlgate.yaml";

struct ModelSpec {
  std::string name;
  std::string artifact;
  std::string card;
};

struct EnvironmentSpec {
  std::string name;
  std::string registry;
  std::vector<std::string> requires_checks;
  std::string signing_key;          // SSH private key the attestations are signed with
  std::string attestation_signers;  // allowed-signers file the attestations must verify against
  SourceLocation location;
};

struct Config {
  std::string file;                // the mlgate.yaml that was loaded, as given or found
  std::string root;                // its directory: evidence paths are relative to it
  std::vector<std::string> packs;  // the extends chain, nearest first
  YamlNode merged;                 // packs with the repository's file over them
  std::vector<PolicyOverride> overrides;
  std::vector<EvidenceRecord> policy_files;  // every policy file read, with its sha256
  std::vector<ModelSpec> models;
  std::vector<EnvironmentSpec> environments;
  std::vector<std::string> check_ids;  // configured checks, in file order
  std::vector<Waiver> waivers;
  int max_waiver_days = 0;
  unsigned long long max_evidence_bytes = 256ull << 20;
  unsigned long long max_artifact_bytes = kDefaultMaxHashedBytes;

  const YamlNode* CheckParams(const std::string& id) const;
  const EnvironmentSpec* FindEnvironment(const std::string& name) const;
  const ModelSpec* FindModel(const std::string& name) const;
};

// What `mlgate explain config` prints: the top level of mlgate.yaml.
extern const char kConfigHelp[];

// Looks for mlgate.yaml in `start_dir` and its parents.
Status FindConfig(const std::string& start_dir, std::string* path);

// Loads and merges; parse failures return a non-OK Status, validation problems go to
// *errors (all of them, each "file:line:col: what; what to do").
// `source`: where mlgate.yaml (at `path`'s name) and the repository's packs are read from;
// null: the working tree (pull-request mode passes the base commit: policy_source.h).
Status LoadConfig(const std::string& path, const Date& today, Config* config, ConfigErrors* errors,
                  const PolicySource* source = nullptr);

// A policy of the one check `id`, to run it on its own (`mlgate drift`): the parameters
// `policy` gives it (none when null) with each of `overrides` (key, value) set over them,
// evidence paths relative to `root`, and `policy`'s size limits.
Config SingleCheckConfig(const Config* policy, const std::string& id,
                         const std::vector<std::pair<std::string, std::string>>& overrides, const std::string& root);

}  // namespace mlgate
