// `mlgate drift --reference A --current B`: the drift check on its own, for a scheduled
// monitoring job, with the same reports and exit codes as `mlgate check`.
#include <iostream>
#include <memory>

#include "checks/check_table.h"
#include "cli/commands.h"
#include "cli/subcommands.h"

namespace mlgate::cli {

namespace fs = std::filesystem;

namespace {

// The drift settings (methods, thresholds, windows, budget) come from mlgate.yaml when
// there is one; the two files from the command line.
bool LoadDriftPolicy(const std::string& config_path, const std::string& reference, const std::string& current,
                     LoadedPolicy* out) {
  std::string path = config_path;
  if (path.empty() && !FindConfig(".", &path).ok()) path.clear();
  out->gate.today = Today();
  Config policy;
  if (!path.empty()) {
    ConfigErrors errors;
    Status s = LoadConfig(path, out->gate.today, &policy, &errors);
    for (const auto& e : errors) std::cerr << "mlgate: error: " << e << "\n";
    if (!s.ok() || !errors.empty()) {
      if (!s.ok()) Fail(s.message());
      return false;
    }
  }
  // Files named here are the operator's own choice: they are read where they are.
  out->config = SingleCheckConfig(path.empty() ? nullptr : &policy, "drift",
                                  {{"reference", fs::absolute(reference).lexically_normal().string()},
                                   {"current", fs::absolute(current).lexically_normal().string()}},
                                  "/");
  ConfigErrors errors;
  out->checks = ConfigureChecks(AllChecks(), out->config, out->gate, &errors);
  for (const auto& e : errors) std::cerr << "mlgate: error: " << e << "\n";
  return errors.empty();
}

}  // namespace

Handler DefineDrift(CLI::App* cmd) {
  struct Options {
    std::string config, reference, current;
    CheckOptions check;
  };
  auto o = std::make_shared<Options>();
  cmd->add_option("--reference", o->reference, "the training data (CSV, plain or gzip)")->required();
  cmd->add_option("--current", o->current, "the production data, e.g. inference logs (CSV)")->required();
  cmd->add_option("--config", o->config,
                  "methods, thresholds, windows and budget from checks.drift of this "
                  "file (default: mlgate.yaml when found; else the defaults)");
  cmd->add_option("--report", o->check.report_dir, "directory for the reports (default: mlgate-report)");
  cmd->add_option("--format", o->check.formats,
                  "report formats, comma-separated (default: json,junit,md,html,sarif,codequality)");
  cmd->add_flag("--quiet", o->check.quiet, "print nothing; the exit code says it");
  cmd->footer(
      "The drift check alone (`mlgate explain drift`), for a scheduled monitoring job: exit 0 within\n"
      "the budget, 1 over it, 2 when it cannot judge.\n\n"
      "Examples:\n  mlgate drift --reference data/train.csv --current logs/inference-2026-11-24.csv\n"
      "  mlgate drift --reference data/train.csv --current logs/week.csv.gz --report drift-report");
  return [o] {
    return RunGateAndReport(
        o->check, [o](LoadedPolicy* policy) { return LoadDriftPolicy(o->config, o->reference, o->current, policy); });
  };
}

}  // namespace mlgate::cli
