#include "cli/cli.h"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <iostream>
#include <string>
#include <vector>

#include "base/text.h"
#include "cli/commands.h"
#include "cli/subcommands.h"

namespace mlgate::cli {

const std::vector<Subcommand>& AllSubcommands() {
  static const std::vector<Subcommand> kSubcommands = {
      {"check", "evaluate the policy for one model and write the reports", &DefineCheck},
      {"validate", "validate mlgate.yaml and its policy packs without running checks", &DefineValidate},
      {"lock", "write mlgate.lock: the sha256 of the declared data, model and environment files", &DefineLock},
      {"approve", "record your approval of a model's current artifact as a signed git commit", &DefineApprove},
      {"promote", "run the gate for an environment and, when it passes, put the model in its registry", &DefinePromote},
      {"rollback", "point an environment back at a version already in its registry", &DefineRollback},
      {"status", "which version of each model is live in each environment", &DefineStatus},
      {"drift", "compare production data with the training data against the drift budget", &DefineDrift},
      {"init", "write a starting mlgate.yaml from the reports and data this repository has", &DefineInit},
      {"serve", "a read-only web dashboard over gate reports and the registries", &DefineServe},
      {"explain", "what a check does, its parameters and defaults", &DefineExplain},
  };
  return kSubcommands;
}

namespace {

// A first argument that is no subcommand (and no option): named, with the nearest one.
int UnknownSubcommand(const std::string& word) {
  std::vector<std::string> names;
  for (const auto& s : AllSubcommands()) names.push_back(s.name);
  std::string near = SuggestNearest(word, names);
  return Fail("unknown subcommand \"" + word + "\"" + (near.empty() ? "" : " (did you mean \"" + near + "\"?)") +
              "; subcommands: " + Join(names, ", ") + ". `mlgate --help` shows what each does");
}

}  // namespace

}  // namespace mlgate::cli

namespace mlgate {

int RunCli(int argc, char** argv) {
  using namespace cli;  // NOLINT(google-build-using-namespace): the table and exit codes above
  CLI::App app{
      "mlgate — a governance gate for machine-learning projects.\n"
      "Judges the evidence a repository produces (coverage, metrics, …) against its policy\n"
      "(mlgate.yaml) and writes reports for CI. Exit codes: 0 pass, 1 fail, 2 could not run."};
  app.name("mlgate");
  app.set_version_flag("--version", std::string("mlgate ") + MLGATE_VERSION);
  app.require_subcommand(1);
  app.footer(
      "Examples:\n"
      "  mlgate check                          judge the repository, write mlgate-report/\n"
      "  mlgate check --format json,junit,md --report out/\n"
      "  mlgate validate                       check mlgate.yaml without running checks\n"
      "  mlgate lock                           record the sha256 of data, models and environment files\n"
      "  mlgate approve churn                  record your (signed) approval of model churn\n"
      "  mlgate promote churn --to production  gate, then put the model in production's registry\n"
      "  mlgate status --verify                what is live where, re-hashed\n"
      "  mlgate drift --reference data/train.csv --current logs/today.csv   drift against its budget\n"
      "  mlgate explain coverage               what a check does and its settings");

  std::vector<std::pair<CLI::App*, Handler>> defined;
  for (const auto& s : AllSubcommands()) {
    CLI::App* cmd = app.add_subcommand(s.name, s.help);
    defined.emplace_back(cmd, s.define(cmd));
  }
  if (argc > 1 && argv[1][0] != '-') {
    std::string first = argv[1];
    auto named = [&](const Subcommand& s) { return first == s.name; };
    if (std::none_of(AllSubcommands().begin(), AllSubcommands().end(), named)) return UnknownSubcommand(first);
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int rc = app.exit(e);
    return rc == 0 ? kExitPass : kExitCannotRun;
  }
  for (const auto& [cmd, run] : defined) {
    if (cmd->parsed()) return run();
  }
  return kExitCannotRun;
}

}  // namespace mlgate
