// `mlgate rollback MODEL --env ENV [--to VERSION]`: the rollback transaction
// (registry/transaction.h). This file only parses and prints.
#include <iostream>
#include <memory>

#include "cli/commands.h"
#include "cli/registry_hooks.h"
#include "cli/subcommands.h"
#include "registry/transaction.h"

namespace mlgate::cli {

namespace {

int RunRollback(const CommonOptions& common, const std::string& model, const std::string& to) {
  LoadedPolicy policy;
  if (!LoadPolicy(common, {}, &policy)) return kExitCannotRun;
  StepCounter steps;
  RegistryChange change;
  Status s = Rollback(policy.config, {model, common.environment, to, steps.Hook()}, &change);
  if (!s.ok()) return Fail(s.message());
  if (change.outcome == RegistryChange::Outcome::kAlreadyLive) {
    std::cout << model << " " << change.version << " is already live in " << change.environment << "; nothing to do\n";
    return kExitPass;
  }
  std::cout << "rolled " << model << " in " << change.environment << " back to " << change.version << " (was "
            << change.previous << "), recorded as tag " << change.tag << "\n";
  return kExitPass;
}

}  // namespace

Handler DefineRollback(CLI::App* cmd) {
  struct Options {
    CommonOptions common;
    std::string model, to;
  };
  auto o = std::make_shared<Options>();
  cmd->add_option("MODEL", o->model, "the model, as named under models: in mlgate.yaml")->required();
  cmd->add_option("--env", o->common.environment, "the environment whose live version changes")->required();
  cmd->add_option("--to", o->to, "the version (default: the one promoted before the live one)");
  AddConfigOption(cmd, &o->common.config);
  cmd->footer(
      "Refused when that version's files or attestation no longer match what was promoted.\n"
      "Recorded as the annotated tag mlgate/MODEL/ENV/N and a HISTORY line, like a promotion.\n\n"
      "Examples:\n  mlgate rollback tumor-classifier --env production\n"
      "  mlgate rollback tumor-classifier --env production --to 450554d3edc7b62b");
  return [o] { return RunRollback(o->common, o->model, o->to); };
}

}  // namespace mlgate::cli
