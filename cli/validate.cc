// `mlgate validate`: the policy checked without running a check.
#include <iostream>
#include <memory>

#include "base/text.h"
#include "cli/commands.h"
#include "cli/subcommands.h"

namespace mlgate::cli {

namespace {

int RunValidate(const CommonOptions& common) {
  LoadedPolicy policy;
  if (!LoadPolicy(common, {}, &policy)) return kExitCannotRun;
  const Config& config = policy.config;
  std::cout << config.file << ": valid";
  if (!config.packs.empty()) std::cout << " (extends " << Join(config.packs, " → ") << ")";
  std::cout << "; " << policy.checks.size() << " check" << (policy.checks.size() == 1 ? "" : "s") << ":";
  for (const auto& c : policy.checks) std::cout << " " << c.info->id << (c.blocking ? "" : " (non-blocking)");
  std::cout << "\n";
  for (const auto& o : config.overrides) {
    std::cout << "  overrides " << o.key << ": " << o.pack << " has " << o.pack_value << ", this file " << o.value
              << " (" << o.location << ")\n";
  }
  if (policy.checks.empty()) {
    std::cout << "warning: the policy evaluates zero checks; `mlgate check` will fail until one is configured\n";
  }
  return kExitPass;
}

}  // namespace

Handler DefineValidate(CLI::App* cmd) {
  auto common = std::make_shared<CommonOptions>();
  AddCommonOptions(cmd, common.get());
  cmd->footer("Example:\n  mlgate validate --config path/to/mlgate.yaml");
  return [common] { return RunValidate(*common); };
}

}  // namespace mlgate::cli
