// `mlgate promote MODEL --to ENV [--from ENV]`: the gate for ENV, then, on pass, the
// promotion transaction (registry/transaction.h). This file only parses and prints.
#include <cstdlib>
#include <iostream>
#include <memory>

#include "cli/commands.h"
#include "cli/registry_hooks.h"
#include "cli/subcommands.h"
#include "registry/attestation.h"
#include "registry/transaction.h"

namespace mlgate::cli {

namespace {

int PrintPromotion(const Config& config, const Decision& d, const std::string& report_json, const std::string& from) {
  StepCounter steps;
  PromotionRequest request;
  request.from = from;
  // How a CI secret arrives; the environment's signing_key otherwise.
  if (const char* key = std::getenv("MLGATE_SIGNING_KEY"); key && *key) request.signing_key = key;
  request.step = steps.Hook();
  request.waiting = [](long pid) { std::cerr << "mlgate: waiting for the promotion running as pid " << pid << "\n"; };
  RegistryChange change;
  Status s = Promote(config, d, report_json, request, &change);
  if (!s.ok()) return Fail(s.message());
  switch (change.outcome) {
    case RegistryChange::Outcome::kRefused:
      std::cout << "not promoted: " << change.refusal << "\n";
      return kExitFail;
    case RegistryChange::Outcome::kAlreadyLive:
      std::cout << d.model_name << " " << change.version << " is already live in " << d.environment
                << "; nothing to do\n";
      return kExitPass;
    case RegistryChange::Outcome::kDone:
      break;
  }
  std::cout << "promoted " << d.model_name << " " << change.version << " to " << d.environment << " (" << change.root
            << "/" << d.model_name << (from.empty() ? "" : ", from " + from) << "), recorded as tag " << change.tag
            << (change.previous.empty() ? "" : "; was " + change.previous) << "\n"
            << "attestation " << kAttestationFile
            << (!change.signed_attestation ? " (unsigned)"
                : change.signer.empty()    ? " (signed)"
                                           : " (signed, verified for " + change.signer + ")")
            << "\n";
  return kExitPass;
}

}  // namespace

Handler DefinePromote(CLI::App* cmd) {
  struct Options {
    CommonOptions common;
    CheckOptions check;
    std::string from;
  };
  auto o = std::make_shared<Options>();
  cmd->add_option("MODEL", o->common.model, "the model, as named under models: in mlgate.yaml")->required();
  cmd->add_option("--to", o->common.environment, "the environment to promote into (its registry: in mlgate.yaml)")
      ->required();
  cmd->add_option("--from", o->from,
                  "copy the live version of this environment's registry (e.g. sandbox) "
                  "instead of the repository's artifact; it must be the one judged");
  AddConfigOption(cmd, &o->common.config);
  cmd->add_option("--report", o->check.report_dir, "directory for the gate's reports (default: mlgate-report)");
  cmd->add_flag("--quiet", o->check.quiet, "print only the promotion's outcome");
  cmd->footer(
      "Runs `mlgate check --env ENV --model MODEL`; on pass copies the artifact (a file or a\n"
      "directory) into ENV's registry (hashed while copied: it must be what was judged), writes\n"
      "manifest.json and an in-toto attestation (SLSA verification summary; signed with\n"
      "$MLGATE_SIGNING_KEY or the environment's signing_key), records the annotated tag\n"
      "mlgate/MODEL/ENV/N and a HISTORY line, and makes the version live (CURRENT). On fail\n"
      "nothing in the registry changes (exit 1). Promoting the live version again does nothing\n"
      "(exit 0). A second promotion of the same model waits for the first.\n\n"
      "Examples:\n  mlgate promote tumor-classifier --to production\n"
      "  MLGATE_SIGNING_KEY=~/.ssh/release mlgate promote tumor-classifier --to production --from sandbox");
  return [o] {
    return RunGateAndReport(
        o->check,
        [o](LoadedPolicy* policy) {
          return LoadPolicy(o->common, {false, /*pull_request=*/true, o->check.base}, policy);
        },
        [o](const Config& config, const Decision& d, const std::string& report_json) {
          return PrintPromotion(config, d, report_json, o->from);
        });
  };
}

}  // namespace mlgate::cli
