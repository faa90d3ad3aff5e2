#include "gate/config.h"

#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "base/hash.h"
#include "base/text.h"

namespace mlgate {

namespace fs = std::filesystem;

const char kConfigHelp[] = R"(mlgate.yaml — the policy

mlgate looks for mlgate.yaml in the working directory and its parents (--config FILE
overrides). Evidence paths are relative to the file's directory and must stay inside it.

  version: 1                  required
  extends: governance         a policy pack: built in (governance) or policies/NAME.yaml;
                              this file overrides it key by key, and every override of a
                              pack value is listed in the reports
  models:
    NAME: {artifact: PATH}    the model file or directory the gate hashes (sha256 in the
                              report; a directory's is the sha256 of its sha256sum listing)
  environments:
    production: {registry: DIR, requires: [coverage, metrics]}
                              with --env (default production), the required checks block
                              and the other configured checks only warn; without an
                              environments section every configured check blocks.
                              mlgate promote copies into the registry; each version
                              carries an in-toto attestation (SLSA verification summary)
      signing_key: PATH       sign it (ssh-keygen -Y sign -n mlgate); $MLGATE_SIGNING_KEY
                              overrides; may be outside the repository
      attestation_signers: F  allowed-signers file: every version in this registry must
                              carry an attestation signed by a key it lists
  checks:
    CHECK: {...}              one mapping per check: `mlgate explain CHECK` for each
  waivers:
    - check: coverage         an exception with an owner and an end; waived findings stay
      rule: coverage:*        in every report, marked. rule and path are globs; optional
      path: src/gen/**        artifact_sha256 binds it to one model version; optional ticket
      reason: TEXT
      approved_by: EMAIL
      expires: YYYY-MM-DD     expired waivers are ignored and reported
  max_waiver_days: 90         no waiver may expire further ahead than this
  limits:
    max_evidence_mb: 256      the largest evidence file read
    max_artifact_gb: 100      the largest model artifact hashed (a file, or a directory's
                              files together); checked before reading

Thresholds may be phased in: {value: 80, stricter: 90, effective_on: 2027-03-01}.
Strict YAML: duplicate keys, anchors/aliases, explicit tags, .nan/.inf, and YAML 1.1
booleans (off, no, y…) are errors, reported as mlgate.yaml:LINE:COL with what to do.
`mlgate validate` checks the file without running any check.
)";

const YamlNode* Config::CheckParams(const std::string& id) const {
  const YamlNode* checks = merged.Find("checks");
  return checks ? checks->Find(id) : nullptr;
}

const EnvironmentSpec* Config::FindEnvironment(const std::string& name) const {
  for (const auto& e : environments) {
    if (e.name == name) return &e;
  }
  return nullptr;
}

const ModelSpec* Config::FindModel(const std::string& name) const {
  for (const auto& m : models) {
    if (m.name == name) return &m;
  }
  return nullptr;
}

Status FindConfig(const std::string& start_dir, std::string* path) {
  std::error_code ec;
  fs::path dir = fs::absolute(start_dir, ec);
  for (int depth = 0; !ec && depth < 256; ++depth) {
    fs::path candidate = dir / kConfigFileName;
    std::error_code missing;
    if (fs::is_regular_file(candidate, missing)) {
      *path = candidate.string();
      return Status::OK();
    }
    if (dir == dir.root_path() || dir.parent_path() == dir) break;
    dir = dir.parent_path();
  }
  return Status::NotFound("no " + std::string(kConfigFileName) + " in " + start_dir +
                          " or its parents; create one (see `mlgate explain config`) or pass --config FILE");
}

namespace {

constexpr int kMaxPackDepth = 8;
constexpr size_t kMaxPolicyBytes = 1 << 20;

// "80", "[coverage, lint]", "{…}" — how a pack value reads in the overrides table.
std::string Render(const YamlNode& node) {
  switch (node.kind) {
    case YamlNode::Kind::kNull:
      return "null";
    case YamlNode::Kind::kScalar:
      return node.value;
    case YamlNode::Kind::kSequence: {
      std::vector<std::string> parts;
      for (const auto& item : node.items) parts.push_back(Render(item));
      return "[" + Join(parts, ", ") + "]";
    }
    case YamlNode::Kind::kMap: {
      std::vector<std::string> parts;
      for (const auto& e : node.entries) parts.push_back(e.key + ": " + Render(e.value));
      return "{" + Join(parts, ", ") + "}";
    }
  }
  return "";
}

// Merges `over` into `base` key by key; a value of `over` replaces the pack's value and
// the replacement is recorded.
void Merge(YamlNode* base, const YamlNode& over, const std::string& pack, const std::string& path,
           std::vector<PolicyOverride>* overrides) {
  for (const auto& entry : over.entries) {
    if (path.empty() && (entry.key == "extends" || entry.key == "version")) continue;
    std::string key = path.empty() ? entry.key : path + "." + entry.key;
    YamlNode* existing = base->Find(entry.key);
    if (!existing) {
      base->entries.push_back(entry);
      continue;
    }
    if (existing->IsMap() && entry.value.IsMap()) {
      Merge(existing, entry.value, pack, key, overrides);
      continue;
    }
    std::string before = Render(*existing), after = Render(entry.value);
    if (before != after) {
      overrides->push_back({key, pack, before, after, entry.value.location.ToString()});
    }
    *existing = entry.value;
  }
}

bool IsPackName(const std::string& name) {
  if (name.empty() || name.size() > 64) return false;
  for (char c : name) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_')) return false;
  }
  return true;
}

class Loader {
 public:
  Loader(Config* config, const PolicySource* source) : config_(config), source_(source) {}

  // Parses `file` and, recursively, what it extends; returns the merged tree.
  Status LoadTree(const std::string& text, const std::string& label, int depth, YamlNode* out) {
    YamlNode tree;
    Status s = ParseYaml(text, label, &tree, YamlLimits{kMaxPolicyBytes, 64});
    if (!s.ok()) return s;
    if (!tree.IsMap()) {
      return Status::InvalidArgument(tree.location.ToString() +
                                     ": expected a mapping at the top (version: 1, checks: …), got " + tree.Describe());
    }
    const YamlNode* extends = tree.Find("extends");
    if (!extends || extends->kind == YamlNode::Kind::kNull) {
      *out = std::move(tree);
      return Status::OK();
    }
    if (!extends->IsScalar() || !IsPackName(extends->value)) {
      return Status::InvalidArgument(
          extends->location.ToString() +
          ": extends: expected a pack name such as governance (lowercase letters, digits, - and _)");
    }
    if (depth >= kMaxPackDepth) {
      return Status::InvalidArgument(extends->location.ToString() + ": extends: packs nest deeper than " +
                                     std::to_string(kMaxPackDepth) + " levels; is there a cycle?");
    }
    std::string name = extends->value;
    std::string pack_text, pack_label;
    s = FindPack(name, extends->location, &pack_text, &pack_label);
    if (!s.ok()) return s;
    config_->packs.push_back(name);
    YamlNode base;
    s = LoadTree(pack_text, pack_label, depth + 1, &base);
    if (!s.ok()) return s;
    Merge(&base, tree, name, "", &config_->overrides);
    // The repository's own `version:` is the one validated, whatever the pack says.
    for (const auto& entry : tree.entries) {
      if (entry.key != "version") continue;
      if (YamlNode* v = base.Find("version"))
        *v = entry.value;
      else
        base.entries.insert(base.entries.begin(), entry);
    }
    *out = std::move(base);
    return Status::OK();
  }

 private:
  Status FindPack(const std::string& name, const SourceLocation& where, std::string* text, std::string* label) {
    // Built-in names always mean the built-in pack: a repository cannot shadow the
    // governance pack with a weaker file of the same name.
    for (const auto& pack : EmbeddedPacks()) {
      if (name == pack.name) {
        *text = pack.text;
        *label = "policies/" + name + ".yaml (built in)";
        config_->policy_files.push_back({*label, Sha256Hex(*text), text->size()});
        return Status::OK();
      }
    }
    Status s = source_->Read("policies/" + name + ".yaml", text);
    if (s.code() == Status::Code::kNotFound) {
      std::vector<std::string> names;
      for (const auto& pack : EmbeddedPacks()) names.push_back(pack.name);
      std::string near = SuggestNearest(name, names);
      return Status::InvalidArgument(where.ToString() + ": extends: no policy pack \"" + name + "\"" +
                                     (near.empty() ? "" : " (did you mean \"" + near + "\"?)") +
                                     "; built-in packs: " + Join(names, ", ") + ", or add policies/" + name + ".yaml");
    }
    if (!s.ok()) return s;
    *label = "policies/" + name + ".yaml";
    config_->policy_files.push_back({*label, Sha256Hex(*text), text->size()});
    return Status::OK();
  }

  Config* config_;
  const PolicySource* source_;
};

void ReadModels(Params& top, Config* config) {
  const YamlNode* models = top.Raw("models");
  if (!models) return;
  if (!models->IsMap()) {
    top.Error(models->location, "models: expected a mapping of model names, got " + models->Describe());
    return;
  }
  for (const auto& entry : models->entries) {
    Params p(&entry.value, "models." + entry.key, entry.key_location, top.errors());
    ModelSpec m;
    m.name = entry.key;
    m.artifact = p.String("artifact", true);
    m.card = p.String("card", false);
    p.Finish();
    config->models.push_back(std::move(m));
  }
}

void ReadEnvironments(Params& top, Config* config) {
  const YamlNode* envs = top.Raw("environments");
  if (!envs) return;
  if (!envs->IsMap()) {
    top.Error(envs->location, "environments: expected a mapping of environment names, got " + envs->Describe());
    return;
  }
  for (const auto& entry : envs->entries) {
    Params p(&entry.value, "environments." + entry.key, entry.key_location, top.errors());
    EnvironmentSpec e;
    e.name = entry.key;
    e.location = entry.key_location;
    e.registry = p.String("registry", false);
    e.requires_checks = p.StringList("requires", false);
    e.signing_key = p.String("signing_key", false);
    e.attestation_signers = p.String("attestation_signers", false);
    if ((!e.signing_key.empty() || !e.attestation_signers.empty()) && e.registry.empty()) {
      p.Error(entry.key_location, "environments." + e.name +
                                      ": signing_key and attestation_signers are about the "
                                      "versions promoted into its registry, and it has none (registry: DIR)");
    }
    p.Finish();
    config->environments.push_back(std::move(e));
  }
}

}  // namespace

Status LoadConfig(const std::string& path, const Date& today, Config* config, ConfigErrors* errors,
                  const PolicySource* source) {
  config->file = path;
  config->root = fs::path(path).parent_path().string();
  if (config->root.empty()) config->root = ".";
  std::unique_ptr<PolicySource> working_tree;
  if (!source) {
    working_tree = PolicySource::WorkingTree(config->root);
    source = working_tree.get();
  }
  std::string label = fs::path(path).filename().string();
  std::string text;
  Status s = source->Read(label, &text);
  if (!s.ok())
    return s.code() == Status::Code::kNotFound
               ? Status::NotFound(path + ": not found" + (source->from_base() ? " in " + source->Describe() : ""))
               : s;
  config->policy_files.push_back(
      {source->from_base() ? label + " (" + source->Describe() + ")" : label, Sha256Hex(text), text.size()});

  Loader loader(config, source);
  s = loader.LoadTree(text, label, 0, &config->merged);
  if (!s.ok()) return s;

  Params top(&config->merged, "", config->merged.location, errors);
  const YamlNode* version = top.Raw("version");
  if (!version) {
    top.Error(config->merged.location, "version: required key is missing; add `version: 1` at the top");
  } else if (!version->IsScalar() || version->quoted || version->value != "1") {
    top.Error(version->location, "version: expected 1, got " + version->Describe() + "; this mlgate reads version 1");
  }
  top.Allow("extends");
  ReadModels(top, config);
  ReadEnvironments(top, config);
  if (const YamlNode* checks = top.Raw("checks")) {
    if (!checks->IsMap()) {
      top.Error(checks->location, "checks: expected a mapping of check names to settings, got " + checks->Describe());
    } else {
      for (const auto& entry : checks->entries) config->check_ids.push_back(entry.key);
    }
  }
  config->max_waiver_days = static_cast<int>(top.Number("max_waiver_days", 1, 3650, 0));
  Params limits = top.Child("limits");
  config->max_evidence_bytes = static_cast<unsigned long long>(limits.Number("max_evidence_mb", 1, 65536, 256)) << 20;
  config->max_artifact_bytes =
      static_cast<unsigned long long>(limits.Number("max_artifact_gb", 1, 65536, kDefaultMaxHashedBytes >> 30)) << 30;
  limits.Finish();
  config->waivers = ReadWaivers(top.Raw("waivers"), today, config->max_waiver_days, errors);
  top.Finish();

  for (const auto& env : config->environments) {
    for (const auto& id : env.requires_checks) {
      bool configured = false;
      for (const auto& c : config->check_ids) configured = configured || c == id;
      if (!configured) {
        errors->push_back(env.location.ToString() + ": environments." + env.name + ".requires: check \"" + id +
                          "\" is required but not configured; add it under checks:");
      }
    }
  }
  return Status::OK();
}

Config SingleCheckConfig(const Config* policy, const std::string& id,
                         const std::vector<std::pair<std::string, std::string>>& overrides, const std::string& root) {
  YamlNode params;
  if (const YamlNode* given = policy ? policy->CheckParams(id) : nullptr; given && given->IsMap()) params = *given;
  params.kind = YamlNode::Kind::kMap;
  for (const auto& [key, value] : overrides) {
    YamlNode scalar;
    scalar.kind = YamlNode::Kind::kScalar;
    scalar.value = value;
    scalar.quoted = true;
    if (YamlNode* existing = params.Find(key)) {
      *existing = std::move(scalar);
    } else {
      params.entries.push_back({key, {}, std::move(scalar)});
    }
  }
  Config run;
  run.file = policy ? policy->file : "(command line)";
  run.root = root;
  run.check_ids = {id};
  if (policy) run.max_evidence_bytes = policy->max_evidence_bytes;
  YamlNode checks;
  checks.kind = YamlNode::Kind::kMap;
  checks.entries.push_back({id, {}, std::move(params)});
  run.merged.kind = YamlNode::Kind::kMap;
  run.merged.entries.push_back({"checks", {}, std::move(checks)});
  return run;
}

}  // namespace mlgate
