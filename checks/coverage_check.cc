#include "checks/coverage_check.h"

#include "base/text.h"
#include "checks/coverage/coverage_report.h"

namespace mlgate {

const char kCoverageHelp[] = R"(coverage — test coverage meets the policy

Reads one coverage report, detected from its content:
  Cobertura XML   coverage xml (coverage.py), gcovr --xml
  JaCoCo XML      jacoco report / jacoco-maven-plugin
  LCOV tracefile  lcov --capture, genhtml input, most language tools
  coverage.py JSON  coverage json
and measures, as the producing tool counts them:
  line_coverage      covered / executable lines, %
  branch_coverage    covered / measured branches, % (when the report has branches)
  combined_coverage  (lines + branches covered) / (lines + branches), % — coverage.py's own
                     headline total when it measured branches

Parameters:
  report: PATH              the report, relative to mlgate.yaml (required)
  min_line: 80              minimum line_coverage, % (default 80)
  min_branch: N             minimum branch_coverage, % (optional)
  min_combined: N           minimum combined_coverage, % (optional)
  min_file: N               every file at least N % of lines; those below are findings
  exclude: [GLOB, ...]      files left out of every figure ("**" spans directories)
  min_changed_lines: 80     pull-request mode (--base): coverage of the changed lines

Any minimum may be phased in: min_line: {value: 80, stricter: 90, effective_on: 2027-03-01}
warns before that day when 90 is not met, and enforces 90 from it.

A report with no executable lines (or none left after exclude) blocks: it is no evidence.

Example:
  checks:
    coverage:
      report: reports/coverage.xml
      min_line: 80
      exclude: ["tests/**"]
)";

namespace {

double Percent(long long covered, long long valid) {
  return 100.0 * static_cast<double>(covered) / static_cast<double>(valid);
}

class CoverageCheck : public Check {
 public:
  void Configure(Params& params) override {
    report_ = params.String("report", true);
    min_line_ = params.ThresholdParam("min_line", 0, 100).value_or(Threshold{80, {}, {}});
    min_branch_ = params.ThresholdParam("min_branch", 0, 100);
    min_combined_ = params.ThresholdParam("min_combined", 0, 100);
    min_file_ = params.Number("min_file", 0, 100);
    exclude_ = params.StringList("exclude", false);
    // Evaluated in pull-request mode only; validated here so a typo is caught on every run.
    min_changed_lines_ = params.ThresholdParam("min_changed_lines", 0, 100);
  }

  Status Run(const CheckContext& ctx, CheckResult* result) const override {
    EvidenceFile evidence;
    Status s = ctx.workspace.Read(report_, &evidence);
    if (!s.ok()) return s.WithContext("coverage report");
    result->evidence.push_back(evidence.Record());

    CoverageReport report;
    const Workspace& ws = ctx.workspace;
    s = ParseCoverageReport(evidence.bytes, report_, [&ws](const std::string& p) { return ws.Relativize(p); },
                            &report);
    if (!s.ok()) return s;

    FileCoverage total;
    int excluded = 0;
    std::vector<const FileCoverage*> kept;
    for (const auto& f : report.files) {
      if (IsExcluded(f.path)) {
        ++excluded;
        continue;
      }
      kept.push_back(&f);
      total.lines_valid += f.lines_valid;
      total.lines_covered += f.lines_covered;
      total.branches_valid += f.branches_valid;
      total.branches_covered += f.branches_covered;
    }
    std::string source = report.format + (report.producer.empty() ? "" : " (" + report.producer + ")");
    if (total.lines_valid == 0) {
      return Status::Corruption(report_ + ": the " + source + " report has no executable lines" +
                                (excluded ? " after excluding " + std::to_string(excluded) + " files" : "") +
                                "; it is no evidence of coverage — check that the tests ran with coverage on");
    }

    double line = Percent(total.lines_covered, total.lines_valid);
    AddThresholdMeasurement(result, "line_coverage", line, Op::kGe, min_line_, ctx.today, "%");
    // A figure the report has is always measured; it fails only against a minimum set.
    auto measure = [&](const char* name, double value, const std::optional<Threshold>& minimum) {
      if (minimum) {
        AddThresholdMeasurement(result, name, value, Op::kGe, *minimum, ctx.today, "%");
      } else {
        result->measurements.push_back(InformationalMeasurement(name, value, "%"));
      }
    };
    if (total.branches_valid > 0) {
      measure("branch_coverage", Percent(total.branches_covered, total.branches_valid), min_branch_);
    } else if (min_branch_) {
      return Status::Corruption(report_ + ": min_branch is set but the report has no branch data; "
                                          "measure branches (coverage run --branch, gcovr --branches) or drop min_branch");
    }
    if (report.combined_headline) {
      measure("combined_coverage",
              Percent(total.lines_covered + total.branches_covered, total.lines_valid + total.branches_valid),
              min_combined_);
    } else if (min_combined_) {
      return Status::Corruption(report_ + ": min_combined is set but only coverage.py with branch measurement "
                                          "has a combined total; use min_line/min_branch instead");
    }

    if (min_file_) {
      for (const FileCoverage* f : kept) {
        if (f->lines_valid == 0) continue;
        double pct = Percent(f->lines_covered, f->lines_valid);
        if (pct >= *min_file_) continue;
        Finding finding;
        finding.rule = "coverage:file-below-min";
        finding.severity = Severity::kMedium;
        finding.path = f->path;
        finding.message = f->path + ": line coverage " + FormatPercent(pct) + " % is below the per-file minimum " +
                          FormatNumber(*min_file_) + " % (" + std::to_string(f->lines_covered) + " of " +
                          std::to_string(f->lines_valid) + " lines)";
        result->findings.push_back(std::move(finding));
      }
    }

    const Measurement& m = result->measurements.front();
    result->summary = "line coverage " + FormatPercent(line) + " % " + (m.ok ? ">= " : "< ") +
                      FormatNumber(m.threshold) + " % (" + std::to_string(total.lines_covered) + " of " +
                      std::to_string(total.lines_valid) + " lines, " + source + ")";
    if (excluded) result->summary += ", " + std::to_string(excluded) + " files excluded";
    if (ctx.changed_lines) MeasureChangedLines(ctx, kept, result);
    return Status::OK();
  }

 private:
  // Pull-request mode: of the lines the pull request added, those the report lists as
  // executable, and how many of them ran — what diff-cover measures on the same diff and
  // report. Lines the report does not list (blank, comments, files it does not cover) do
  // not count either way.
  void MeasureChangedLines(const CheckContext& ctx, const std::vector<const FileCoverage*>& kept,
                           CheckResult* result) const {
    long long total = 0, covered = 0;
    for (const FileCoverage* f : kept) {
      auto changed = ctx.changed_lines->find(f->path);
      if (changed == ctx.changed_lines->end()) continue;
      std::vector<int> missed;
      auto line = f->lines.begin();
      for (int number : changed->second) {
        while (line != f->lines.end() && static_cast<int>(line->number) < number) ++line;
        if (line == f->lines.end() || static_cast<int>(line->number) != number) continue;
        ++total;
        if (line->covered) {
          ++covered;
        } else {
          missed.push_back(number);
        }
      }
      if (missed.empty()) continue;
      Finding finding = MakeFinding("coverage:changed-lines-not-covered", Severity::kLow, f->path, missed.front(),
                                    f->path + ": changed line" + (missed.size() == 1 ? " " : "s ") + Ranges(missed) +
                                        " not covered by the tests");
      finding.blocking = false;  // changed_lines_coverage judges; these show where
      result->findings.push_back(std::move(finding));
    }
    double pct = total ? Percent(covered, total) : 100;
    if (min_changed_lines_) {
      AddThresholdMeasurement(result, "changed_lines_coverage", pct, Op::kGe, *min_changed_lines_, ctx.today, "%");
    } else {
      result->measurements.push_back(InformationalMeasurement("changed_lines_coverage", pct, "%"));
    }
    result->summary += total ? "; changed lines " + FormatPercent(pct) + " % (" + std::to_string(covered) + " of " +
                                   std::to_string(total) + ")"
                             : "; no changed executable lines";
  }

  // "3, 7-9, 12".
  static std::string Ranges(const std::vector<int>& lines) {
    std::string out;
    for (size_t i = 0; i < lines.size();) {
      size_t j = i;
      while (j + 1 < lines.size() && lines[j + 1] == lines[j] + 1) ++j;
      if (!out.empty()) out += ", ";
      out += std::to_string(lines[i]) + (j > i ? "-" + std::to_string(lines[j]) : "");
      i = j + 1;
    }
    return out;
  }

  static std::string FormatPercent(double pct) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.2f", pct);
    return buffer;
  }

  bool IsExcluded(const std::string& path) const {
    for (const auto& glob : exclude_) {
      if (GlobMatch(glob, path)) return true;
    }
    return false;
  }

  std::string report_;
  Threshold min_line_;
  std::optional<Threshold> min_branch_, min_combined_, min_changed_lines_;
  std::optional<double> min_file_;
  std::vector<std::string> exclude_;
};

}  // namespace

std::unique_ptr<Check> NewCoverageCheck() { return std::make_unique<CoverageCheck>(); }

}  // namespace mlgate
