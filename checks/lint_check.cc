#include "checks/lint_check.h"

#include <map>

#include "base/text.h"
#include "checks/lint/lint_paths.h"
#include "checks/lint/lint_report.h"

namespace mlgate {

const char kLintHelp[] = R"(lint — code-quality, type and security reports are present and clean

Reads each tool's report, detected from its content (the format must belong to the tool
it is filed under):
  ruff       ruff check --output-format json | sarif
  flake8     flake8 --count SRC (default or --format=pylint text), flake8-json
  pylint     pylint SRC (text) | --output-format=json
  mypy       mypy SRC (text, with its summary line) | mypy --output json
  bandit     bandit -r SRC -f json
  pip-audit  pip-audit -f json
  safety     safety check --json (2.x) | safety scan --output json (3.x)
  black      black --check SRC 2>&1
  isort      isort --check-only --verbose SRC 2>&1
  semgrep    semgrep --json | --sarif
  any other name: a SARIF 2.1.0 file (CodeQL, ESLint, Semgrep, converters)

Severity (info < low < medium < high < critical), one scale for every tool:
  SARIF          level error→high, warning→medium, note→low, none→info; a rule's
                 security-severity wins (≥9 critical, ≥7 high, ≥4 medium, >0 low)
  Ruff, Flake8   syntax errors and undefined names (E9, F63, F7, F82, no code)→high;
                 other F, B, S codes→medium; style, naming, complexity→low
  Pylint         fatal→critical, error→high, warning→medium, refactor/convention→low,
                 info→info
  mypy           error→medium (syntax→high), warning→low, note→info
  Bandit         its severity, one step lower when its confidence is LOW
  pip-audit      every known vulnerability→high (its JSON has no severity);
                 a package it could not audit→low
  Safety         the advisory's CVSS v3 severity, high when it has none
  Black, isort   a file they would change→medium; a file Black cannot parse→high
  Semgrep        ERROR→high, WARNING→medium, INFO→low (CRITICAL…LOW as written)

Parameters:
  reports: {TOOL: PATH, ...}   each tool's report; PATH may be a glob ("reports/*.sarif")
  require: [TOOL, ...]         tools whose report must be present (default: every tool
                               under reports); a missing one fails, naming the path
  fail_on: {severity: medium,  findings at or above this severity count (default medium)
            tools: {TOOL: SEV}}  per-tool severity
  max_findings: {TOOL: N}      findings.TOOL may be at most N (default 0); with N > 0 the
                               count decides and single findings do not block
  max_age: 7d                  a report older than HEAD's commit by more than this is
                               stale (h, d, w); the time the report records, else its mtime
  only_changed: false          pull-request mode (--base): judge only the findings on lines
                               the pull request added (and those without a line: a
                               dependency audit, a whole file); the others are counted in
                               findings_outside_changes and dropped from the reports

Measured: findings.<tool> (unwaived findings at or above fail_on), reports_missing, and
for the reports findings.<tool>.<severity> (every unwaived finding, not judged).
Findings are rules "<tool>:<code>" (bandit:B301, ruff:F401, pip-audit:PYSEC-2021-76), so a
waiver names one rule and a path glob. Paths are made repository-relative (CI runners'
absolute paths, file:// URIs, Windows separators). Blocking, besides the counts:
  lint:report-missing   a required report matches no file
  lint:stale-report     findings on files that no longer exist, another commit (SARIF
                        versionControlProvenance, Safety's git commit), or over max_age
An empty, truncated, malformed or wrong-tool report, or one the tool itself marks
incomplete (Bandit's errors[], a SARIF run that failed), is an error: it blocks.

Example:
  checks:
    lint:
      reports:
        ruff: reports/ruff.json
        bandit: reports/bandit.json
        mypy: reports/mypy.txt
        pip-audit: reports/pip-audit.json
        codeql: reports/codeql/*.sarif
      fail_on: {severity: medium}
      max_findings: {ruff: 5}
)";

namespace {

struct ToolReport {
  std::string tool;
  std::string pattern;
  SourceLocation location;
};

constexpr const char* kStaleRule = "lint:stale-report";
constexpr size_t kStaleExamples = 3;

class LintCheck : public Check {
 public:
  void Configure(Params& params) override {
    const YamlNode* reports = params.Raw("reports");
    if (!reports || !reports->IsMap() || reports->entries.empty()) {
      params.Error(reports ? reports->location : params.location(),
                   params.path() + ".reports: expected a mapping of tool to report path, e.g. {bandit: reports/bandit.json}");
    } else {
      for (const auto& e : reports->entries) {
        std::string near = SuggestNearest(e.key, KnownLintTools());
        if (!IsToolName(e.key)) {
          params.Error(e.key_location, params.path() + ".reports." + e.key +
                                           ": a tool name is lower-case letters, digits, '-', '_' or '.'");
        } else if (!near.empty() && near != e.key) {
          params.Error(e.key_location, params.path() + ".reports." + e.key + ": unknown tool (did you mean \"" + near +
                                           "\"?); a tool mlgate does not know must write SARIF");
        } else if (!e.value.IsScalar() || e.value.value.empty()) {
          params.Error(e.value.location, params.path() + ".reports." + e.key + ": expected a path or glob, got " +
                                             e.value.Describe());
        } else {
          tools_.push_back({e.key, e.value.value, e.value.location});
        }
      }
    }
    if (params.Has("require")) {
      for (const auto& name : params.StringList("require", false)) {
        if (!FindTool(name)) {
          params.Error(params.location(), params.path() + ".require: \"" + name +
                                              "\" has no report under reports:, so mlgate cannot know where to look for it");
        }
        required_.push_back(name);
      }
    } else {
      for (const auto& t : tools_) required_.push_back(t.tool);
    }
    std::vector<std::string> severities = {"info", "low", "medium", "high", "critical"};
    Params fail_on = params.Child("fail_on");
    fail_on_ = *ParseSeverity(fail_on.Enum("severity", severities, "medium"));
    Params per_tool = fail_on.Child("tools");
    for (const auto& t : tools_) {
      if (per_tool.Has(t.tool)) tool_fail_on_[t.tool] = *ParseSeverity(per_tool.Enum(t.tool, severities, "medium"));
    }
    per_tool.Finish();
    fail_on.Finish();
    Params max = params.Child("max_findings");
    for (const auto& t : tools_) {
      if (max.Has(t.tool)) max_findings_[t.tool] = max.Number(t.tool, 0, 1e9, 0);
    }
    max.Finish();
    only_changed_ = params.Bool("only_changed", false);
    if (params.Has("max_age")) {
      std::string text = params.String("max_age", false);
      max_age_ = ParseDurationSeconds(text);
      if (!max_age_) {
        params.Error(params.location(), params.path() + ".max_age: \"" + text + "\" is not a duration such as 12h, 7d or 2w");
      }
    }
  }

  Status Run(const CheckContext& ctx, CheckResult* result) const override {
    FindingPaths paths(ctx.workspace);
    std::vector<std::string> problems;
    int missing = 0;
    for (const auto& t : tools_) {
      std::vector<std::string> files;
      Status s = ctx.workspace.Glob(t.pattern, &files);
      if (!s.ok()) {
        problems.push_back(s.message());
        continue;
      }
      bool required = IsRequired(t.tool);
      if (files.empty()) {
        missing += required ? 1 : 0;
        Finding f;
        f.rule = "lint:report-missing";
        f.severity = required ? Severity::kHigh : Severity::kInfo;
        f.blocking = required;
        f.message = "no " + t.tool + " report: nothing matches " + t.pattern + (required ? "" : " (not required)") +
                    "; run the tool in CI before the gate and write its report there";
        result->findings.push_back(std::move(f));
        continue;
      }
      int tool_findings = 0;
      for (const auto& file : files) {
        s = ReadOne(ctx, t, file, &paths, result, &tool_findings);
        if (!s.ok()) problems.push_back(s.message());
      }
      result->measurements.push_back(CountMeasurement(t.tool, tool_findings));
    }
    result->measurements.push_back(LimitMeasurement("reports_missing", missing, Op::kLe, 0, ""));
    if (only_changed_ && ctx.changed_lines) {
      size_t before = result->findings.size();
      std::erase_if(result->findings, [&](const Finding& f) {
        return FindTool(f.rule.substr(0, f.rule.find(':'))) && !OnChangedLine(*ctx.changed_lines, f);
      });
      result->measurements.push_back(
          InformationalMeasurement("findings_outside_changes", static_cast<double>(before - result->findings.size()), ""));
    }
    if (!problems.empty()) {
      return Status::Corruption(std::to_string(problems.size()) + " lint report" + (problems.size() == 1 ? "" : "s") +
                                " cannot be used: " + Join(problems, "; "));
    }
    return Status::OK();
  }

  void CountAfterWaivers(CheckResult* result) const override {
    std::map<std::string, int> counted;
    std::map<std::string, std::map<Severity, int>> by_severity;
    for (const auto& f : result->findings) {
      if (f.waived) continue;
      std::string tool = f.rule.substr(0, f.rule.find(':'));
      if (!FindTool(tool)) continue;
      ++by_severity[tool][f.severity];
      if (f.severity >= FailOn(tool)) ++counted[tool];
    }
    std::vector<std::string> parts;
    int total = 0, tools_read = 0;
    std::vector<Measurement> measurements;
    for (const auto& m : result->measurements) {
      if (m.name.compare(0, 9, "findings.") != 0) {
        measurements.push_back(m);
        continue;
      }
      std::string tool = m.name.substr(9);
      measurements.push_back(CountMeasurement(tool, counted[tool]));
      // Every unwaived finding by severity, judged or not, for the reports' tables.
      for (auto it = by_severity[tool].rbegin(); it != by_severity[tool].rend(); ++it) {
        measurements.push_back(
            InformationalMeasurement(m.name + "." + SeverityName(it->first), it->second, ""));
      }
      ++tools_read;
      total += counted[tool];
      if (counted[tool] > 0) parts.push_back(tool + " " + std::to_string(counted[tool]));
    }
    result->measurements = std::move(measurements);
    if (result->status == CheckStatus::kError) return;  // the summary says why it could not run
    result->summary = std::to_string(total) + " finding" + (total == 1 ? "" : "s") + " at or above " +
                      SeverityName(fail_on_) + " from " + std::to_string(tools_read) + " tool" +
                      (tools_read == 1 ? "" : "s") + (parts.empty() ? "" : " (" + Join(parts, ", ") + ")");
    for (const auto& f : result->findings) {
      if (f.rule == "lint:report-missing" && f.blocking) result->summary += "; " + f.message.substr(0, f.message.find(';'));
    }
  }

 private:
  // Whether a finding is on a line the pull request added; one without a path or a line
  // cannot be placed, so it stays judged (a file-level one when its file changed).
  static bool OnChangedLine(const ChangedLines& changed, const Finding& f) {
    if (f.path.empty()) return true;
    auto it = changed.find(f.path);
    if (it == changed.end()) return false;
    return f.line <= 0 || std::binary_search(it->second.begin(), it->second.end(), f.line);
  }

  static bool IsToolName(const std::string& name) {
    for (char c : name) {
      if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.')) return false;
    }
    return !name.empty();
  }

  const ToolReport* FindTool(const std::string& name) const {
    for (const auto& t : tools_) {
      if (t.tool == name) return &t;
    }
    return nullptr;
  }

  bool IsRequired(const std::string& tool) const {
    for (const auto& r : required_) {
      if (r == tool) return true;
    }
    return false;
  }

  Severity FailOn(const std::string& tool) const {
    auto it = tool_fail_on_.find(tool);
    return it == tool_fail_on_.end() ? fail_on_ : it->second;
  }

  double MaxFindings(const std::string& tool) const {
    auto it = max_findings_.find(tool);
    return it == max_findings_.end() ? 0 : it->second;
  }

  Measurement CountMeasurement(const std::string& tool, int count) const {
    Measurement m = LimitMeasurement("findings." + tool, count, Op::kLe, MaxFindings(tool), "");
    m.note = "at or above " + std::string(SeverityName(FailOn(tool)));
    return m;
  }

  // Reads one report file of tool `t` into findings; counts those at or above fail_on.
  Status ReadOne(const CheckContext& ctx, const ToolReport& t, const std::string& file, FindingPaths* paths,
                 CheckResult* result, int* counted) const {
    EvidenceFile evidence;
    Status s = ctx.workspace.Read(file, &evidence);
    if (!s.ok()) return s.WithContext(t.tool + " report");
    result->evidence.push_back(evidence.Record());
    LintReport report;
    s = ParseLintReport(evidence.bytes, file, t.tool, &report);
    if (!s.ok()) return s;
    if (!report.incomplete.empty()) {
      return Status::Corruption(file + ": the " + report.format + " report is incomplete evidence: " +
                                Join(report.incomplete, "; ") + " — fix what stopped the tool and run it again");
    }
    std::vector<std::string> vanished;
    Severity threshold = FailOn(t.tool);
    bool single_findings_block = MaxFindings(t.tool) == 0;
    for (auto& lf : report.findings) {
      Finding f;
      f.rule = t.tool + ":" + lf.rule;
      f.severity = lf.severity;
      f.message = SanitizeUtf8(lf.message);
      f.path = lf.path.empty() ? "" : paths->Map(lf.path);
      f.line = lf.line;
      f.column = lf.column;
      f.blocking = lf.severity >= threshold && single_findings_block;
      if (lf.severity >= threshold) ++*counted;
      if (!f.path.empty() && !paths->Exists(f.path) && vanished.size() < kStaleExamples + 1) {
        bool seen = false;
        for (const auto& v : vanished) seen = seen || v == f.path;
        if (!seen) vanished.push_back(f.path);
      }
      result->findings.push_back(std::move(f));
    }
    std::vector<std::string> why;
    if (!vanished.empty()) {
      bool more = vanished.size() > kStaleExamples;
      if (more) vanished.pop_back();
      why.push_back("it has findings on files that do not exist in this tree (" + Join(vanished, ", ") +
                    (more ? ", …" : "") + ")");
    }
    if (!report.revision.empty() && !ctx.git_commit.empty() &&
        ctx.git_commit.compare(0, report.revision.size(), report.revision) != 0) {
      why.push_back("it was made at commit " + report.revision.substr(0, 12) + ", not HEAD " + ctx.git_commit.substr(0, 12));
    }
    long long made = report.generated_unix.value_or(evidence.modified_unix);
    if (max_age_ && ctx.commit_time > 0 && made + *max_age_ < ctx.commit_time) {
      why.push_back("it was written " + std::to_string((ctx.commit_time - made) / 3600) +
                    " h before HEAD's commit, more than max_age allows");
    }
    if (!why.empty()) {
      Finding f;
      f.rule = kStaleRule;
      f.severity = Severity::kMedium;
      f.path = file;
      f.message = file + " is stale: " + Join(why, "; ") + " — run " + t.tool + " on this commit";
      result->findings.push_back(std::move(f));
    }
    return Status::OK();
  }

  std::vector<ToolReport> tools_;
  std::vector<std::string> required_;
  Severity fail_on_ = Severity::kMedium;
  std::map<std::string, Severity> tool_fail_on_;
  std::map<std::string, double> max_findings_;
  std::optional<long long> max_age_;
  bool only_changed_ = false;
};

}  // namespace

std::unique_ptr<Check> NewLintCheck() { return std::make_unique<LintCheck>(); }

}  // namespace mlgate
