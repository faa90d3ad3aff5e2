// Lint, type and security reports: one model for the output of every tool the `lint`
// check reads. Each reader turns its tool's file into LintFindings on mlgate's one
// severity scale (the mapping is documented in kLintHelp, checks/lint_check.cc). The
// format is detected from the content and must belong to the tool the policy names, so a
// report filed under the wrong tool is an error rather than a silent pass.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "gate/result.h"

namespace mlgate {

struct LintFinding {
  std::string rule;  // the tool's own code: "F401", "B301", "return-value", "PYSEC-2021-76"
  Severity severity = Severity::kMedium;
  std::string message;
  std::string path;  // as the tool wrote it; lint_paths.h makes it repository-relative
  int line = 0;      // 1-based; 0 when unknown
  int column = 0;    // 1-based; 0 when unknown
};

struct LintReport {
  std::string format;    // e.g. "Bandit JSON", "SARIF 2.1.0", "mypy text"
  std::string producer;  // tool name and version, when the file says
  std::vector<LintFinding> findings;
  // Problems the tool itself recorded (files it could not scan, a failed run): the report
  // is incomplete evidence, and the check blocks.
  std::vector<std::string> incomplete;
  int suppressed = 0;     // results the tool reported as suppressed in its own output
  std::string revision;   // the commit the tool analysed, when the format records it
  std::optional<long long> generated_unix;  // when the tool wrote it, if recorded
};

// The tools mlgate knows by name. Any other name in `reports:` must hold SARIF.
const std::vector<std::string>& KnownLintTools();

// Parses one report named under `tool` in the policy. `file` is for messages.
Status ParseLintReport(std::string_view text, const std::string& file, const std::string& tool, LintReport* out);

// Severity helpers shared by the readers (see kLintHelp for the table).
Severity SeverityOfPythonCode(std::string_view code);  // Ruff / Flake8 code families
Severity SeverityOfSarifLevel(std::string_view level);
std::optional<Severity> SeverityOfSecurityScore(double score);  // CVSS-style 0–10
std::optional<Severity> SeverityOfName(std::string_view name);  // LOW/MEDIUM/HIGH/CRITICAL …
// "2026-11-25T03:07:28Z", "2026-11-25T03:07:28.204Z", "2022-04-30 08:16:30" (UTC).
std::optional<long long> ParseUtcTimestamp(std::string_view text);

// The readers, one per format family (dispatched by ParseLintReport).
struct JsonValue;
Status ReadSarif(const JsonValue& root, const std::string& file, LintReport* out);
Status ReadRuffJson(const JsonValue& root, const std::string& file, LintReport* out);
Status ReadBanditJson(const JsonValue& root, const std::string& file, LintReport* out);
Status ReadPylintJson(const JsonValue& root, const std::string& file, LintReport* out);
Status ReadFlake8Json(const JsonValue& root, const std::string& file, LintReport* out);
Status ReadSemgrepJson(const JsonValue& root, const std::string& file, LintReport* out);
Status ReadPipAuditJson(const JsonValue& root, const std::string& file, LintReport* out);
Status ReadSafetyJson(const JsonValue& root, const std::string& file, LintReport* out);
Status ReadMypyJsonLines(std::string_view text, const std::string& file, LintReport* out);
Status ReadFlake8Text(std::string_view text, const std::string& file, LintReport* out);
Status ReadPylintText(std::string_view text, const std::string& file, LintReport* out);
Status ReadMypyText(std::string_view text, const std::string& file, LintReport* out);
Status ReadBlackLog(std::string_view text, const std::string& file, LintReport* out);
Status ReadIsortLog(std::string_view text, const std::string& file, LintReport* out);

}  // namespace mlgate
