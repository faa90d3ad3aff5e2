// `mlgate drift --reference A --current B`: the drift check on its own, for a scheduled
// monitoring job, with the same reports and exit codes as `mlgate check`.
#include <iostream>

#include "cli/commands.h"

namespace mlgate::cli {

namespace fs = std::filesystem;

namespace {

YamlNode Scalar(const std::string& value) {
  YamlNode n;
  n.kind = YamlNode::Kind::kScalar;
  n.value = value;
  n.quoted = true;
  return n;
}

// Sets `key` of a mapping, replacing what it held.
void Set(YamlNode* map, const std::string& key, YamlNode value) {
  if (YamlNode* existing = map->Find(key)) {
    *existing = std::move(value);
    return;
  }
  map->entries.push_back({key, {}, std::move(value)});
}

}  // namespace

int RunDrift(const CommonOptions& common, const CheckOptions& o, const std::string& reference,
             const std::string& current) {
  auto load = [&](Config* config, GateOptions* gate, std::vector<ConfiguredCheck>* checks, PullRequestMode*) {
    // The drift settings (methods, thresholds, windows, budget) come from mlgate.yaml when
    // there is one; the two files from the command line.
    YamlNode params;
    params.kind = YamlNode::Kind::kMap;
    std::string path = common.config;
    if (path.empty() && !FindConfig(".", &path).ok()) path.clear();
    gate->today = Today();
    if (!path.empty()) {
      ConfigErrors errors;
      Status s = LoadConfig(path, gate->today, config, &errors);
      for (const auto& e : errors) std::cerr << "mlgate: error: " << e << "\n";
      if (!s.ok() || !errors.empty()) {
        if (!s.ok()) Fail(s.message());
        return false;
      }
      if (const YamlNode* drift = config->CheckParams("drift")) params = *drift;
    }
    if (!params.IsMap()) {
      params = YamlNode();
      params.kind = YamlNode::Kind::kMap;
    }
    // Files named here are the operator's own choice: they are read where they are.
    Set(&params, "reference", Scalar(fs::absolute(reference).lexically_normal().string()));
    Set(&params, "current", Scalar(fs::absolute(current).lexically_normal().string()));
    Config run;
    run.file = path.empty() ? "(command line)" : path;
    run.root = "/";
    run.check_ids = {"drift"};
    run.max_evidence_bytes = config->max_evidence_bytes;
    run.merged.kind = YamlNode::Kind::kMap;
    YamlNode checks_node;
    checks_node.kind = YamlNode::Kind::kMap;
    checks_node.entries.push_back({"drift", {}, std::move(params)});
    run.merged.entries.push_back({"checks", {}, std::move(checks_node)});
    *config = std::move(run);
    ConfigErrors errors;
    *checks = ConfigureChecks(*config, *gate, &errors);
    for (const auto& e : errors) std::cerr << "mlgate: error: " << e << "\n";
    return errors.empty();
  };
  return RunGateAndReport(o, load);
}

}  // namespace mlgate::cli
