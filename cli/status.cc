// `mlgate status [MODEL]`: each model's live version per environment with a registry
// (registry/environments.h); with --verify, whether its files and attestation still hold.
#include <algorithm>
#include <iostream>
#include <memory>

#include "cli/commands.h"
#include "cli/subcommands.h"
#include "registry/environments.h"

namespace mlgate::cli {

namespace {

int RunStatus(const CommonOptions& common, const std::string& only, bool verify, const std::string& format) {
  LoadedPolicy policy;
  if (!LoadPolicy(common, {}, &policy)) return kExitCannotRun;
  const Config& config = policy.config;
  if (!only.empty() && !config.FindModel(only))
    return Fail("no model \"" + only + "\" under models: in " + config.file);
  std::vector<EnvironmentStatus> rows = CollectStatus(config, only, verify);
  bool broken = std::any_of(rows.begin(), rows.end(), [](const EnvironmentStatus& r) { return !r.problem.empty(); });
  if (format == "json") {
    std::cout << StatusJson(rows) << "\n";
    return broken ? kExitFail : kExitPass;
  }
  for (const auto& r : rows) {
    std::cout << r.model << " in " << r.environment << ": "
              << (r.live.empty() ? "never promoted"
                                 : r.live + " since " + r.promoted_at + " from commit " + r.commit.substr(0, 12) +
                                       " (" + r.tag + ", gate " + r.verdict + ")")
              << (verify && !r.live.empty() && r.problem.empty()
                      ? ", files match the manifest" +
                            (r.signer.empty() ? std::string() : ", attestation signed by " + r.signer)
                      : "")
              << (r.problem.empty() ? "" : ", BROKEN: " + r.problem) << "\n";
  }
  return broken ? kExitFail : kExitPass;
}

}  // namespace

Handler DefineStatus(CLI::App* cmd) {
  struct Options {
    CommonOptions common;
    std::string model, format = "text";
    bool verify = false;
  };
  auto o = std::make_shared<Options>();
  cmd->add_option("MODEL", o->model, "one model (default: all)");
  AddConfigOption(cmd, &o->common.config);
  cmd->add_flag("--verify", o->verify, "re-hash each live artifact and check its attestation (exit 1 on a mismatch)");
  cmd->add_option("--format", o->format, "text | json")->check(CLI::IsMember({"text", "json"}));
  cmd->footer("Examples:\n  mlgate status\n  mlgate status tumor-classifier --verify --format json");
  return [o] { return RunStatus(o->common, o->model, o->verify, o->format); };
}

}  // namespace mlgate::cli
