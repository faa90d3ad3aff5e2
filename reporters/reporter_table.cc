// The reporter table: one row per --format name.
#include <cmath>
#include <cstdio>

#include "reporters/reporter.h"

namespace mlgate {

const std::vector<ReporterInfo>& AllReporters() {
  static const std::vector<ReporterInfo> kReporters = {
      {"json", "report.json", "the full decision, for machines (the source of every other report)", &WriteJsonReport},
      {"junit", "junit.xml", "JUnit XML for CI test reporters (GitLab, Jenkins, GitHub actions)", &WriteJunitReport},
      {"md", "summary.md", "Markdown summary for the pull request / $GITHUB_STEP_SUMMARY", &WriteMarkdownReport},
      {"html", "report.html", "one self-contained page for release managers (no script, works offline and printed)",
       &WriteHtmlReport},
      {"sarif", "results.sarif", "SARIF 2.1.0 for GitHub code scanning (github/codeql-action/upload-sarif)",
       &WriteSarifReport},
      {"codequality", "codequality.json", "GitLab Code Quality (artifacts:reports:codequality)",
       &WriteCodeQualityReport},
  };
  return kReporters;
}

const ReporterInfo* FindReporter(std::string_view name) {
  for (const auto& r : AllReporters()) {
    if (name == r.name) return &r;
  }
  return nullptr;
}

std::string FormatValue(double value, const std::string& unit) {
  if (std::isnan(value)) return "NaN";
  char buffer[64];
  if (unit == "%") {
    std::snprintf(buffer, sizeof buffer, "%.2f %%", value);
  } else {
    std::snprintf(buffer, sizeof buffer, "%.6g", value);
    if (!unit.empty()) return std::string(buffer) + " " + unit;
  }
  return buffer;
}

std::string MeasurementText(const Measurement& m) {
  std::string text = m.name + " " + FormatValue(m.value, m.unit);
  if (m.informational) {
    text += " (no threshold in the policy)";
  } else {
    text += std::string(" ") + (m.ok ? "" : "not ") + OpName(m.op) + " " + FormatValue(m.threshold, m.unit);
    if (m.op == Op::kEq) text += " ± " + FormatValue(m.tolerance, m.unit);
  }
  if (!m.note.empty()) text += " (" + m.note + ")";
  return text;
}

}  // namespace mlgate
