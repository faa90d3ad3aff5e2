// Reporters: one writer per output format, each a pure function of a Decision to a stream.
// The JSON report is the single source: the CLI writes report.json, reads it back, and
// renders every other format from what it read, so no report can say what report.json
// does not. Output is deterministic: the same decision gives the same bytes.
#pragma once

#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "gate/result.h"

namespace mlgate {

struct ReportOptions {
  // JUnit: file/line attributes on test cases and `skipped` on the root (GitLab, mikepenz
  // and EnricoMi read them; the junit-10 XSD that Jenkins' xunit plugin validates against
  // does not allow them). Off means the strict junit-10 profile.
  bool junit_file_attributes = true;
  bool color = false;  // terminal summary only
};

using WriteReport = Status (*)(const Decision&, const ReportOptions&, std::ostream&);

struct ReporterInfo {
  const char* name;       // the --format name
  const char* file_name;  // written inside the report directory
  const char* description;
  WriteReport write;
};

const std::vector<ReporterInfo>& AllReporters();
const ReporterInfo* FindReporter(std::string_view name);

// report.json (schema_version 1) and its reader.
Status WriteJsonReport(const Decision& decision, const ReportOptions& options, std::ostream& out);
Status ReadJsonReport(const std::string& json, const std::string& file, Decision* decision);

Status WriteJunitReport(const Decision& decision, const ReportOptions& options, std::ostream& out);
Status WriteMarkdownReport(const Decision& decision, const ReportOptions& options, std::ostream& out);
Status WriteSarifReport(const Decision& decision, const ReportOptions& options, std::ostream& out);
Status WriteHtmlReport(const Decision& decision, const ReportOptions& options, std::ostream& out);
// Text from evidence as a web page may show it: valid UTF-8, no control characters but line
// ends and tabs; HtmlText also escapes the markup characters, for HTML written by hand
// (report.html's SVG, the dashboard).
std::string PageText(const std::string& raw);
std::string HtmlText(const std::string& raw);
Status WriteCodeQualityReport(const Decision& decision, const ReportOptions& options, std::ostream& out);
// The table printed on the terminal (not a file format).
Status WriteTerminalSummary(const Decision& decision, const ReportOptions& options, std::ostream& out);

// "84.21 %", "0.93", "120 ms": a measurement value as people read it.
std::string FormatValue(double value, const std::string& unit);

// GitHub Actions workflow commands: `::error file=…,line=…,title=…::message` (or
// ::warning) for each blocking or high finding not waived, failed measurement and check
// that could not run, errors first, at most 50; every text escaped so none can start a
// command of its own.
void WriteGithubAnnotations(const Decision& decision, std::ostream& out);
// 32 random hex digits: a ::stop-commands:: token or a $GITHUB_OUTPUT delimiter that no
// evidence file can know in advance.
std::string RandomToken();

// "line_coverage 72.73 % not >= 80 % (enforced from 2027-03-01)": a measurement against its
// threshold, and its note, in one line.
std::string MeasurementText(const Measurement& m);

}  // namespace mlgate
