// `mlgate check`: the gate for one model, with its reports.
#include <memory>

#include "cli/commands.h"
#include "cli/subcommands.h"

namespace mlgate::cli {

Handler DefineCheck(CLI::App* cmd) {
  struct Options {
    CommonOptions common;
    CheckOptions check;
  };
  auto o = std::make_shared<Options>();
  AddCommonOptions(cmd, &o->common);
  cmd->add_option("--report", o->check.report_dir, "directory for the reports (default: mlgate-report)");
  cmd->add_option("--format", o->check.formats,
                  "comma-separated formats (default: json,junit,md,html,sarif,codequality)");
  cmd->add_flag("--fail-on-warn", o->check.fail_on_warn,
                "treat warnings (non-blocking checks, phased thresholds) as failures");
  cmd->add_flag("--quiet", o->check.quiet, "print nothing on success or failure; rely on the exit code and reports");
  cmd->add_option("--color", o->check.color, "auto | always | never (auto: a terminal without NO_COLOR)")
      ->check(CLI::IsMember({"auto", "always", "never"}));
  cmd->add_option("--base", o->check.base,
                  "pull-request mode: read the policy, committee and waivers from this base commit (a full id or "
                  "a branch/tag name; default in CI: the pull request's base)");
  cmd->add_flag("--junit-strict", o->check.junit_strict,
                "JUnit without file/line attributes, valid against junit-10.xsd (Jenkins xunit plugin)");
  cmd->footer(
      "Examples:\n"
      "  mlgate check\n"
      "  mlgate check --env production --model churn --report mlgate-report\n"
      "  mlgate check --base main              # a pull request, judged by main's policy\n"
      "  MLGATE_TODAY=2027-03-01 mlgate check   # judge as of a date (waivers, phased thresholds)");
  return [o] {
    return RunGateAndReport(o->check, [o](LoadedPolicy* policy) {
      return LoadPolicy(o->common, {o->check.fail_on_warn, /*pull_request=*/true, o->check.base}, policy);
    });
  };
}

}  // namespace mlgate::cli
