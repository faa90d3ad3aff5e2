// Running the gate and writing its reports, for `check`, `promote` and `drift`: report.json
// is rendered first and every other format is written from it, read back.
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>

#include "base/secrets.h"
#include "base/text.h"
#include "cli/commands.h"
#include "gate/workspace.h"
#include "reporters/reporter.h"

namespace mlgate::cli {

namespace fs = std::filesystem;

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

  LoadedPolicy policy;
  if (!load(&policy)) return kExitCannotRun;
  const Config& config = policy.config;
  GateOptions& gate = policy.gate;
  const PullRequestMode& pr = policy.pull_request;
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
  Decision decision = RunGate(config, policy.checks, workspace, gate);

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

}  // namespace mlgate::cli
