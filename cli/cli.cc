#include "cli/cli.h"

#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "base/secrets.h"
#include "base/text.h"
#include "checks/data/lock_file.h"
#include "cli/commands.h"
#include "gate/check.h"
#include "gate/line_hash.h"
#include "gate/workspace.h"
#include "reporters/reporter.h"

namespace mlgate::cli {

namespace fs = std::filesystem;

int Fail(const std::string& message) {
  std::cerr << "mlgate: error: " << SecretValues::FromEnvironment().Redact(message) << "\n";
  return kExitCannotRun;
}

void AddCommonOptions(CLI::App* cmd, CommonOptions* o) {
  cmd->add_option("--config", o->config, "policy file (default: mlgate.yaml, searched upwards from here)");
  cmd->add_option("--model", o->model, "model to judge (default: the only model in the policy)");
  cmd->add_option("--env", o->environment,
                  "target environment whose `requires` list blocks (default: production when defined)");
}

// Loads and validates the policy; prints every problem and returns false when it is invalid.
bool LoadPolicy(const CommonOptions& common, bool fail_on_warn, Config* config, GateOptions* gate,
                std::vector<ConfiguredCheck>* checks, const std::string& base_flag, PullRequestMode* pr) {
  std::string path = common.config;
  if (path.empty()) {
    Status s = FindConfig(".", &path);
    if (!s.ok()) {
      Fail(s.message());
      return false;
    }
  }
  gate->environment = common.environment;
  gate->model = common.model;
  gate->fail_on_warn = fail_on_warn;
  gate->today = Today();
  if (pr) {
    // In a pull request the policy is the base commit's (see policy_source.h).
    Status s =
        GitRepo::Open(fs::path(path).parent_path().empty() ? "." : fs::path(path).parent_path().string(), &pr->repo);
    bool found = false;
    if (s.ok())
      s = FindPullRequestBase(*pr->repo, base_flag, &pr->base, &found);
    else if (base_flag.empty())
      s = Status::OK();  // not a repository and no --base: an ordinary run
    if (!s.ok()) {
      Fail(s.message());
      return false;
    }
    if (found) {
      std::string relative;
      s = pr->repo->RelativeDir(fs::absolute(path).parent_path().string(), &relative);
      if (!s.ok()) {
        Fail(s.message());
        return false;
      }
      pr->policy = PolicySource::BaseCommit(pr->repo.get(), pr->base.id, relative);
      gate->policy = pr->policy.get();
      gate->base = pr->base.id;
    }
  }
  ConfigErrors errors;
  Status s = LoadConfig(path, gate->today, config, &errors, gate->policy);
  if (!s.ok()) {
    Fail(s.message() + (s.code() == Status::Code::kNotFound ? "" : "; fix the file and run `mlgate validate`"));
    return false;
  }
  if (errors.empty()) *checks = ConfigureChecks(*config, *gate, &errors);
  for (const auto& e : errors) std::cerr << "mlgate: error: " << e << "\n";
  if (!errors.empty()) {
    std::cerr << "mlgate: " << errors.size() << " problem" << (errors.size() == 1 ? "" : "s") << " in the policy; "
              << "nothing was checked. `mlgate explain CHECK` lists each check's settings.\n";
    return false;
  }
  return true;
}

Status WriteFileAtomically(const fs::path& path, const std::string& bytes) {
  fs::path temp = path;
  temp += ".tmp";
  {
    std::ofstream out(temp, std::ios::binary | std::ios::trunc);
    out << bytes;
    if (!out.flush()) return Status::IOError(temp.string() + ": cannot write");
  }
  std::error_code ec;
  fs::rename(temp, path, ec);
  if (ec) return Status::IOError(path.string() + ": cannot write: " + ec.message());
  return Status::OK();
}

namespace {

std::vector<std::string> SplitFormats(const std::string& list) {
  std::vector<std::string> out;
  std::stringstream in(list);
  std::string item;
  while (std::getline(in, item, ',')) {
    std::string trimmed(Trim(item));
    if (!trimmed.empty()) out.push_back(trimmed);
  }
  return out;
}

bool UseColor(const std::string& mode) {
  if (mode == "always") return true;
  if (mode == "never") return false;
  const char* term = std::getenv("TERM");
  return ::isatty(STDOUT_FILENO) && std::getenv("NO_COLOR") == nullptr && !(term && std::string(term) == "dumb");
}

}  // namespace

namespace {

// In GitHub Actions, everything mlgate prints between construction and destruction is kept
// from being read as workflow commands (::stop-commands:: with a token nobody can guess):
// file names and messages come from evidence, and evidence is not trusted.
class GithubCommandsStopped {
 public:
  GithubCommandsStopped() {
    const char* actions = std::getenv("GITHUB_ACTIONS");
    if (!actions || std::string(actions) != "true") return;
    token_ = RandomToken();
    std::cout << "::stop-commands::" << token_ << "\n" << std::flush;
  }
  ~GithubCommandsStopped() { Resume(); }
  bool active() const { return !token_.empty(); }
  void Resume() {
    if (token_.empty()) return;
    std::cout << "::" << token_ << "::\n" << std::flush;
    token_.clear();
  }

 private:
  std::string token_;
};

// $GITHUB_OUTPUT gets the verdict and where the reports are, each in a heredoc whose
// delimiter is random (a value holding a fixed delimiter could add outputs of its own).
void WriteGithubOutputs(const std::string& verdict, const std::string& report_dir) {
  const char* path = std::getenv("GITHUB_OUTPUT");
  if (!path || !*path) return;
  std::string delimiter = "mlgate_" + RandomToken();
  while (verdict.find(delimiter) != std::string::npos || report_dir.find(delimiter) != std::string::npos) {
    delimiter = "mlgate_" + RandomToken();  // a value never holds its own end
  }
  std::ofstream out(path, std::ios::app);
  for (const auto& [name, value] :
       {std::pair<std::string, std::string>{"verdict", verdict}, {"report-dir", report_dir}}) {
    out << name << "<<" << delimiter << "\n" << value << "\n" << delimiter << "\n";
  }
  if (!out) std::cerr << "mlgate: warning: cannot append to $GITHUB_OUTPUT (" << path << ")\n";
}

}  // namespace

int RunGateAndReport(const CheckOptions& o, const PolicyLoader& load, const AfterGate& after) {
  GithubCommandsStopped github;
  std::vector<const ReporterInfo*> reporters;
  for (const auto& name : SplitFormats(o.formats)) {
    const ReporterInfo* r = FindReporter(name);
    if (!r) {
      std::vector<std::string> names;
      for (const auto& info : AllReporters()) names.push_back(info.name);
      std::string near = SuggestNearest(name, names);
      return Fail("--format " + name + ": unknown format" + (near.empty() ? "" : " (did you mean \"" + near + "\"?)") +
                  "; available: " + Join(names, ", "));
    }
    reporters.push_back(r);
  }

  Config config;
  GateOptions gate;
  std::vector<ConfiguredCheck> checks;
  PullRequestMode pr;
  if (!load(&config, &gate, &checks, &pr)) return kExitCannotRun;
  if (pr.policy && !o.quiet) {
    std::cerr << "mlgate: pull-request mode: the policy is read from " << pr.policy->Describe() << " (" << pr.base.from
              << ")\n";
  }

  Workspace workspace(config.root, config.max_evidence_bytes, config.max_artifact_bytes);
  // Long runs say how far they got, on one rewritten line, only when a person watches.
  if (!o.quiet && ::isatty(STDERR_FILENO)) {
    gate.progress = [](const std::string& what) {
      std::cerr << "\r\x1b[2K" << (what.empty() ? "" : "  " + SanitizeUtf8(what)) << std::flush;
    };
  }
  Decision decision = RunGate(config, checks, workspace, gate);
  AddLineHashes(workspace, &decision);
  AddPromotionHistory(config, &decision);
  if (pr.policy) decision.pending_policy_changes = PendingPolicyChanges(*pr.policy, config.root);

  // report.json is the source: render it, take the environment's secrets out of it, read it
  // back, and write every format (and the terminal summary) from that.
  ReportOptions report_options;
  report_options.junit_file_attributes = !o.junit_strict;
  std::ostringstream rendered;
  Status s = WriteJsonReport(decision, report_options, rendered);
  const std::string json = SecretValues::FromEnvironment().Redact(rendered.str());
  Decision source;
  if (s.ok()) s = ReadJsonReport(json, "report.json", &source);
  if (!s.ok()) return Fail("cannot build the report: " + s.message());

  std::error_code ec;
  fs::create_directories(o.report_dir, ec);
  if (ec) return Fail(o.report_dir + ": cannot create the report directory: " + ec.message());
  std::vector<std::string> written;
  for (const ReporterInfo* r : reporters) {
    // report.json is already rendered: it is the source the other formats were read from.
    std::string bytes = json;
    if (r->write != &WriteJsonReport) {
      std::ostringstream out;
      s = r->write(source, report_options, out);
      if (!s.ok()) return Fail(s.message());
      bytes = out.str();
    }
    fs::path path = fs::path(o.report_dir) / r->file_name;
    s = WriteFileAtomically(path, bytes);
    if (!s.ok()) return Fail(s.message());
    written.push_back(path.string());
  }
  if (const char* summary = std::getenv("GITHUB_STEP_SUMMARY"); summary && *summary) {
    std::ofstream out(summary, std::ios::app);
    WriteMarkdownReport(source, report_options, out);
    if (!out) std::cerr << "mlgate: warning: cannot append to $GITHUB_STEP_SUMMARY (" << summary << ")\n";
  }
  if (!o.quiet) {
    ReportOptions terminal = report_options;
    terminal.color = UseColor(o.color);
    WriteTerminalSummary(source, terminal, std::cout);
    if (!written.empty()) std::cout << "reports: " << Join(written, ", ") << "\n";
  }
  int code = after ? after(config, source, json) : decision.ExitCode();
  if (github.active()) {
    github.Resume();
    WriteGithubAnnotations(source, std::cout);
    WriteGithubOutputs(source.verdict, o.report_dir);
  }
  return code;
}

namespace {

int RunCheck(const CommonOptions& common, const CheckOptions& o, const AfterGate& after = nullptr) {
  return RunGateAndReport(
      o,
      [&](Config* config, GateOptions* gate, std::vector<ConfiguredCheck>* checks, PullRequestMode* pr) {
        return LoadPolicy(common, o.fail_on_warn, config, gate, checks, o.base, pr);
      },
      after);
}

int RunValidate(const CommonOptions& common) {
  Config config;
  GateOptions gate;
  std::vector<ConfiguredCheck> checks;
  if (!LoadPolicy(common, false, &config, &gate, &checks)) return kExitCannotRun;
  std::cout << config.file << ": valid";
  if (!config.packs.empty()) std::cout << " (extends " << Join(config.packs, " → ") << ")";
  std::cout << "; " << checks.size() << " check" << (checks.size() == 1 ? "" : "s") << ":";
  for (const auto& c : checks) std::cout << " " << c.info->id << (c.blocking ? "" : " (non-blocking)");
  std::cout << "\n";
  for (const auto& o : config.overrides) {
    std::cout << "  overrides " << o.key << ": " << o.pack << " has " << o.pack_value << ", this file " << o.value
              << " (" << o.location << ")\n";
  }
  if (checks.empty()) {
    std::cout << "warning: the policy evaluates zero checks; `mlgate check` will fail until one is configured\n";
  }
  return kExitPass;
}

int RunExplain(const std::string& id) {
  if (id == "config") {
    std::cout << kConfigHelp;
    return kExitPass;
  }
  if (id.empty()) {
    std::cout << "mlgate explain config   the layout of mlgate.yaml\n\n";
    std::cout << "Checks (mlgate explain CHECK for the details):\n";
    // Columns as wide as the longest name, plus two blanks.
    size_t width = 0;
    for (const auto& info : AllChecks()) width = std::max(width, std::string(info.id).size());
    for (const auto& info : AllChecks()) {
      std::cout << "  " << info.id << std::string(width + 2 - std::string(info.id).size(), ' ') << info.title << "\n";
    }
    std::cout << "\nReport formats (--format):\n";
    width = 0;
    for (const auto& r : AllReporters()) width = std::max(width, std::string(r.name).size());
    for (const auto& r : AllReporters()) {
      std::cout << "  " << r.name << std::string(width + 2 - std::string(r.name).size(), ' ') << r.file_name << "  "
                << r.description << "\n";
    }
    return kExitPass;
  }
  const CheckInfo* info = FindCheck(id);
  if (!info) {
    std::vector<std::string> names;
    for (const auto& c : AllChecks()) names.push_back(c.id);
    std::string near = SuggestNearest(id, names);
    return Fail("unknown check \"" + id + "\"" + (near.empty() ? "" : " (did you mean \"" + near + "\"?)") +
                "; checks: " + Join(names, ", "));
  }
  std::cout << info->help;
  return kExitPass;
}

// `mlgate lock`: the sha256 of the declared files into mlgate.lock (see lock_file.h).
int RunLock(const CommonOptions& common, const std::string& output) {
  Config config;
  GateOptions gate;
  std::vector<ConfiguredCheck> checks;
  if (!LoadPolicy(common, false, &config, &gate, &checks)) return kExitCannotRun;
  std::vector<std::string> patterns;
  std::string lock_name = "mlgate.lock";
  if (const YamlNode* node = config.CheckParams("reproducibility")) {
    ConfigErrors validated_already;  // LoadPolicy configured the check and reported problems
    Params p(node, "checks.reproducibility", node->location, &validated_already);
    patterns = p.StringList("files", false);
    std::string named = p.String("mlgate_lock", false);
    if (!named.empty()) lock_name = named;
  }
  if (!output.empty()) lock_name = output;
  std::vector<std::string> artifacts;
  for (const auto& m : config.models) artifacts.push_back(m.artifact);
  Workspace workspace(config.root, config.max_evidence_bytes, config.max_artifact_bytes);
  std::function<void(unsigned long long)> progress;
  if (::isatty(STDERR_FILENO)) {
    progress = [](unsigned long long done) {
      char text[64];
      std::snprintf(text, sizeof text, "\r\x1b[2K  hashed %.2f GB", static_cast<double>(done) / 1e9);
      std::cerr << text << std::flush;
    };
  }
  std::vector<LockEntry> entries;
  Status s = BuildLock(workspace, patterns, artifacts, progress, &entries);
  if (progress) std::cerr << "\r\x1b[2K" << std::flush;
  if (!s.ok()) return Fail(s.message());
  fs::path path = fs::path(config.root) / lock_name;
  s = WriteFileAtomically(path, RenderLockFile(entries));
  if (!s.ok()) return Fail(s.message());
  unsigned long long bytes = 0;
  for (const auto& e : entries) bytes += e.size;
  std::cout << lock_name << ": " << entries.size() << " file" << (entries.size() == 1 ? "" : "s") << ", " << bytes
            << " bytes locked (sha256); commit it with the change\n";
  return kExitPass;
}

}  // namespace

}  // namespace mlgate::cli

namespace mlgate {

using namespace cli;  // NOLINT(google-build-using-namespace): the subcommands defined above

int RunCli(int argc, char** argv) {
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

  CommonOptions common;
  CheckOptions check_options;
  CLI::App* check = app.add_subcommand("check", "evaluate the policy for one model and write the reports");
  AddCommonOptions(check, &common);
  check->add_option("--report", check_options.report_dir, "directory for the reports (default: mlgate-report)");
  check->add_option("--format", check_options.formats,
                    "comma-separated formats (default: json,junit,md,html,sarif,codequality)");
  check->add_flag("--fail-on-warn", check_options.fail_on_warn,
                  "treat warnings (non-blocking checks, phased thresholds) as failures");
  check->add_flag("--quiet", check_options.quiet,
                  "print nothing on success or failure; rely on the exit code and reports");
  check->add_option("--color", check_options.color, "auto | always | never (auto: a terminal without NO_COLOR)")
      ->check(CLI::IsMember({"auto", "always", "never"}));
  check->add_option("--base", check_options.base,
                    "pull-request mode: read the policy, committee and waivers from this base commit (a full id or "
                    "a branch/tag name; default in CI: the pull request's base)");
  check->add_flag("--junit-strict", check_options.junit_strict,
                  "JUnit without file/line attributes, valid against junit-10.xsd (Jenkins xunit plugin)");
  check->footer(
      "Examples:\n"
      "  mlgate check\n"
      "  mlgate check --env production --model churn --report mlgate-report\n"
      "  mlgate check --base main              # a pull request, judged by main's policy\n"
      "  MLGATE_TODAY=2027-03-01 mlgate check   # judge as of a date (waivers, phased thresholds)");

  CLI::App* validate =
      app.add_subcommand("validate", "validate mlgate.yaml and its policy packs without running checks");
  AddCommonOptions(validate, &common);
  validate->footer("Example:\n  mlgate validate --config path/to/mlgate.yaml");

  std::string lock_output;
  CLI::App* lock =
      app.add_subcommand("lock", "write mlgate.lock: the sha256 of the declared data, model and environment files");
  AddCommonOptions(lock, &common);
  lock->add_option(
      "--output", lock_output,
      "the lock file, relative to mlgate.yaml (default: checks.reproducibility.mlgate_lock, else mlgate.lock)");
  lock->footer(
      "Locks checks.reproducibility.files (globs), every model's artifact, and requirements*.txt,\n"
      "poetry.lock, uv.lock, environment.yml and Dockerfile when they exist. `mlgate check`\n"
      "re-hashes them and fails on any change.\n\n"
      "Examples:\n  mlgate lock\n  mlgate lock --output locks/mlgate.lock");

  std::string approve_model, approve_comment;
  bool approve_unsigned = false;
  CLI::App* approve =
      app.add_subcommand("approve", "record your approval of a model's current artifact as a signed git commit");
  approve->add_option("--config", common.config, "policy file (default: mlgate.yaml, searched upwards from here)");
  approve->add_option("MODEL", approve_model, "the model, as named under models: in mlgate.yaml")->required();
  approve->add_option("--comment", approve_comment, "a paragraph for the commit message (what was reviewed)");
  approve->add_flag("--no-sign", approve_unsigned,
                    "an unsigned commit (counts only where the policy has signatures: optional)");
  approve->footer(
      "Writes an empty commit whose message ends with\n"
      "  Approve-Model: MODEL@sha256:<the artifact's sha256>\n"
      "signed with your git signing key (git commit -S; for SSH keys: git config gpg.format ssh\n"
      "and user.signingkey). The approval check counts it once you are a committee member whose\n"
      "key allowed_signers lists; a new artifact needs a new approval.\n\n"
      "Examples:\n  mlgate approve tumor-classifier\n"
      "  mlgate approve tumor-classifier --comment \"Reviewed the eval report of run 42\"");

  CommonOptions promote_common;
  CheckOptions promote_options;
  std::string promote_model, promote_env, promote_from;
  CLI::App* promote = app.add_subcommand(
      "promote", "run the gate for an environment and, when it passes, put the model in its registry");
  promote->add_option("MODEL", promote_model, "the model, as named under models: in mlgate.yaml")->required();
  promote->add_option("--to", promote_env, "the environment to promote into (its registry: in mlgate.yaml)")
      ->required();
  promote->add_option("--from", promote_from,
                      "copy the live version of this environment's registry (e.g. sandbox) "
                      "instead of the repository's artifact; it must be the one judged");
  promote->add_option("--config", promote_common.config,
                      "policy file (default: mlgate.yaml, searched upwards from here)");
  promote->add_option("--report", promote_options.report_dir,
                      "directory for the gate's reports (default: mlgate-report)");
  promote->add_flag("--quiet", promote_options.quiet, "print only the promotion's outcome");
  promote->footer(
      "Runs `mlgate check --env ENV --model MODEL`; on pass copies the artifact (a file or a\n"
      "directory) into ENV's registry (hashed while copied: it must be what was judged), writes\n"
      "manifest.json and an in-toto attestation (SLSA verification summary; signed with\n"
      "$MLGATE_SIGNING_KEY or the environment's signing_key), records the annotated tag\n"
      "mlgate/MODEL/ENV/N and a HISTORY line, and makes the version live (CURRENT). On fail\n"
      "nothing in the registry changes (exit 1). Promoting the live version again does nothing\n"
      "(exit 0). A second promotion of the same model waits for the first.\n\n"
      "Examples:\n  mlgate promote tumor-classifier --to production\n"
      "  MLGATE_SIGNING_KEY=~/.ssh/release mlgate promote tumor-classifier --to production --from sandbox");

  CommonOptions rollback_common;
  std::string rollback_model, rollback_to;
  CLI::App* rollback = app.add_subcommand("rollback", "point an environment back at a version already in its registry");
  rollback->add_option("MODEL", rollback_model, "the model, as named under models: in mlgate.yaml")->required();
  rollback->add_option("--env", rollback_common.environment, "the environment whose live version changes")->required();
  rollback->add_option("--to", rollback_to, "the version (default: the one promoted before the live one)");
  rollback->add_option("--config", rollback_common.config,
                       "policy file (default: mlgate.yaml, searched upwards from here)");
  rollback->footer(
      "Refused when that version's files or attestation no longer match what was promoted.\n"
      "Recorded as the annotated tag mlgate/MODEL/ENV/N and a HISTORY line, like a promotion.\n\n"
      "Examples:\n  mlgate rollback tumor-classifier --env production\n"
      "  mlgate rollback tumor-classifier --env production --to 450554d3edc7b62b");

  CommonOptions status_common;
  std::string status_model, status_format = "text";
  bool status_verify = false;
  CLI::App* status = app.add_subcommand("status", "which version of each model is live in each environment");
  status->add_option("MODEL", status_model, "one model (default: all)");
  status->add_option("--config", status_common.config,
                     "policy file (default: mlgate.yaml, searched upwards from here)");
  status->add_flag("--verify", status_verify,
                   "re-hash each live artifact and check its attestation (exit 1 on a mismatch)");
  status->add_option("--format", status_format, "text | json")->check(CLI::IsMember({"text", "json"}));
  status->footer("Examples:\n  mlgate status\n  mlgate status tumor-classifier --verify --format json");

  CommonOptions drift_common;
  CheckOptions drift_options;
  std::string drift_reference, drift_current;
  CLI::App* drift =
      app.add_subcommand("drift", "compare production data with the training data against the drift budget");
  drift->add_option("--reference", drift_reference, "the training data (CSV, plain or gzip)")->required();
  drift->add_option("--current", drift_current, "the production data, e.g. inference logs (CSV)")->required();
  drift->add_option("--config", drift_common.config,
                    "methods, thresholds, windows and budget from checks.drift of this "
                    "file (default: mlgate.yaml when found; else the defaults)");
  drift->add_option("--report", drift_options.report_dir, "directory for the reports (default: mlgate-report)");
  drift->add_option("--format", drift_options.formats,
                    "report formats, comma-separated (default: json,junit,md,html,sarif,codequality)");
  drift->add_flag("--quiet", drift_options.quiet, "print nothing; the exit code says it");
  drift->footer(
      "The drift check alone (`mlgate explain drift`), for a scheduled monitoring job: exit 0 within\n"
      "the budget, 1 over it, 2 when it cannot judge.\n\n"
      "Examples:\n  mlgate drift --reference data/train.csv --current logs/inference-2026-11-24.csv\n"
      "  mlgate drift --reference data/train.csv --current logs/week.csv.gz --report drift-report");

  std::string init_dir;
  bool init_force = false, init_print = false;
  CLI::App* init =
      app.add_subcommand("init", "write a starting mlgate.yaml from the reports and data this repository has");
  init->add_option("--dir", init_dir, "the repository (default: here)");
  init->add_flag("--force", init_force, "replace an existing mlgate.yaml");
  init->add_flag("--print", init_print, "print the proposal instead of writing it");
  init->footer(
      "Looks for coverage and lint reports, dvc.lock, a train/test split, metrics.json, model\n"
      "files and a model card; configures a check for each found, with today's metric values\n"
      "as thresholds, and lists the rest in comments.\n\n"
      "Examples:\n  mlgate init\n  mlgate init --print | less");

  CommonOptions serve_common;
  std::string serve_reports = "mlgate-report", serve_listen = "127.0.0.1:8080";
  CLI::App* serve = app.add_subcommand("serve", "a read-only web dashboard over gate reports and the registries");
  serve->add_option("--reports", serve_reports, "the directory of reports (each run's report.json, at any depth)");
  serve->add_option("--listen", serve_listen, "HOST:PORT to listen on (default 127.0.0.1:8080; port 0: any free one)");
  serve->add_option("--config", serve_common.config, "mlgate.yaml, for the registries (default: found upwards)");
  serve->footer(
      "Pages: / (runs, where each model is live, drift history), /runs/<path> (the files of a run),\n"
      "/api/runs and /api/status (JSON). Nothing outside --reports is served.\n\n"
      "Examples:\n  mlgate serve --reports ci-reports/\n  mlgate serve --listen 0.0.0.0:8080   (reachable from other "
      "hosts)");

  std::string explain_id;
  CLI::App* explain = app.add_subcommand("explain", "what a check does, its parameters and defaults");
  explain->add_option("CHECK", explain_id, "a check name, or `config` for mlgate.yaml itself; omit to list the checks");
  explain->footer(
      "Examples:\n  mlgate explain            list the checks and report formats\n  mlgate explain coverage");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int rc = app.exit(e);
    return rc == 0 ? kExitPass : kExitCannotRun;
  }
  if (check->parsed()) return RunCheck(common, check_options);
  if (validate->parsed()) return RunValidate(common);
  if (lock->parsed()) return RunLock(common, lock_output);
  if (approve->parsed()) return RunApprove(common, approve_model, approve_comment, !approve_unsigned);
  if (promote->parsed()) {
    promote_common.model = promote_model;
    promote_common.environment = promote_env;
    return RunCheck(promote_common, promote_options,
                    [&](const Config& config, const Decision& d, const std::string& report_json) {
                      return RunPromote(config, d, report_json, promote_from);
                    });
  }
  if (status->parsed()) return RunStatus(status_common, status_model, status_verify, status_format);
  if (rollback->parsed()) return RunRollback(rollback_common, rollback_model, rollback_to);
  if (drift->parsed()) return RunDrift(drift_common, drift_options, drift_reference, drift_current);
  if (init->parsed()) return RunInit(init_dir, init_force, init_print);
  if (serve->parsed()) return RunServe(serve_common, serve_reports, serve_listen);
  if (explain->parsed()) return RunExplain(explain_id);
  return kExitCannotRun;
}

}  // namespace mlgate
