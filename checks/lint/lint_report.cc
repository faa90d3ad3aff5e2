// Format detection for lint reports. JSON formats are told apart by their shape, text
// formats by the tool the policy names (their grammars overlap: a flake8 line and a
// pylint line differ by one colon). Either way the detected format must belong to that
// tool: a Ruff file filed as `bandit` is refused, not read as "no Bandit findings".
#include "checks/lint/lint_report.h"

#include <algorithm>
#include <cstdio>

#include "base/date.h"
#include "base/json_doc.h"
#include "base/text.h"

namespace mlgate {

namespace {

// What a JSON document looks like, from its top-level shape.
enum class JsonShape { kSarif, kRuff, kBandit, kPylint, kFlake8, kSemgrep, kPipAudit, kSafety, kEmptyArray, kUnknown };

bool HasKeys(const JsonValue& v, std::initializer_list<const char*> keys) {
  if (!v.IsObject()) return false;
  for (const char* k : keys) {
    if (!v.Find(k)) return false;
  }
  return true;
}

JsonShape ShapeOf(const JsonValue& root) {
  if (root.IsObject()) {
    if (root.Find("runs") && (root.Find("version") || root.Find("$schema"))) return JsonShape::kSarif;
    if (root.Find("report_meta") || HasKeys(root, {"meta", "scan_results"})) return JsonShape::kSafety;
    if (const JsonValue* deps = root.Find("dependencies"); deps && deps->IsArray()) return JsonShape::kPipAudit;
    if (const JsonValue* results = root.Find("results"); results && results->IsArray()) {
      if (root.Find("generated_at") || root.Find("metrics")) return JsonShape::kBandit;
      if (root.Find("paths") || (!results->items.empty() && HasKeys(results->items[0], {"check_id", "extra"}))) {
        return JsonShape::kSemgrep;
      }
      if (root.Find("errors") && results->items.empty()) return JsonShape::kSemgrep;
    }
    // flake8-json: {"path": [ {code, filename, line_number, ...} ]}; every checked file appears.
    bool flake8 = !root.members.empty();
    for (const auto& m : root.members) {
      flake8 = flake8 && m.value.IsArray() &&
               (m.value.items.empty() || HasKeys(m.value.items[0], {"code", "line_number", "text"}));
    }
    if (flake8) return JsonShape::kFlake8;
    return JsonShape::kUnknown;
  }
  if (root.IsArray()) {
    if (root.items.empty()) return JsonShape::kEmptyArray;
    const JsonValue& first = root.items[0];
    if (HasKeys(first, {"code", "filename", "location"})) return JsonShape::kRuff;
    if (HasKeys(first, {"message-id", "symbol"}) || HasKeys(first, {"type", "module", "obj"})) return JsonShape::kPylint;
    if (HasKeys(first, {"name", "vulns"}) || HasKeys(first, {"name", "skip_reason"})) return JsonShape::kPipAudit;
  }
  return JsonShape::kUnknown;
}

const char* ShapeName(JsonShape shape) {
  switch (shape) {
    case JsonShape::kSarif: return "SARIF";
    case JsonShape::kRuff: return "Ruff JSON";
    case JsonShape::kBandit: return "Bandit JSON";
    case JsonShape::kPylint: return "Pylint JSON";
    case JsonShape::kFlake8: return "flake8-json";
    case JsonShape::kSemgrep: return "Semgrep JSON";
    case JsonShape::kPipAudit: return "pip-audit JSON";
    case JsonShape::kSafety: return "Safety JSON";
    case JsonShape::kEmptyArray: return "an empty JSON array";
    case JsonShape::kUnknown: break;
  }
  return "JSON of an unknown layout";
}

// The tool each non-SARIF JSON layout belongs to.
const char* OwnerOf(JsonShape shape) {
  switch (shape) {
    case JsonShape::kRuff: return "ruff";
    case JsonShape::kBandit: return "bandit";
    case JsonShape::kPylint: return "pylint";
    case JsonShape::kFlake8: return "flake8";
    case JsonShape::kSemgrep: return "semgrep";
    case JsonShape::kPipAudit: return "pip-audit";
    case JsonShape::kSafety: return "safety";
    default: return "";
  }
}

// How to make the report each tool is read from; used in every "wrong file" message.
std::string HowToMake(const std::string& tool) {
  if (tool == "ruff") return "ruff check --output-format json (or sarif)";
  if (tool == "bandit") return "bandit -r SRC -f json";
  if (tool == "pylint") return "pylint SRC --output-format=json (or its default text)";
  if (tool == "flake8") return "flake8 --count SRC (default text), or flake8-json";
  if (tool == "mypy") return "mypy SRC (text, with its summary line), or mypy --output json";
  if (tool == "pip-audit") return "pip-audit -f json";
  if (tool == "safety") return "safety check --json, or safety scan --output json";
  if (tool == "black") return "black --check SRC 2>&1";
  if (tool == "isort") return "isort --check-only --verbose SRC 2>&1";
  if (tool == "semgrep") return "semgrep --json (or --sarif)";
  return "a SARIF 2.1.0 file (" + tool + " is read from SARIF)";
}

Status WrongTool(const std::string& file, const std::string& tool, const std::string& found) {
  return Status::Corruption(file + ": holds " + found + ", not a report of " + tool +
                            "; the policy files it under reports." + tool + " — point that at the output of `" +
                            HowToMake(tool) + "`");
}

bool IsTextTool(const std::string& tool) {
  return tool == "flake8" || tool == "pylint" || tool == "mypy" || tool == "black" || tool == "isort";
}

// mypy --output json writes one object per line, which is not one JSON document.
bool LooksLikeJsonLines(std::string_view text) {
  size_t end = text.find('\n');
  std::string_view first = Trim(text.substr(0, end));
  return end != std::string_view::npos && first.size() > 1 && first.front() == '{' && first.back() == '}' &&
         Trim(text.substr(end)).substr(0, 1) == "{";
}

}  // namespace

const std::vector<std::string>& KnownLintTools() {
  static const std::vector<std::string> kTools = {"bandit", "black", "flake8", "isort", "mypy", "pip-audit",
                                                  "pylint", "ruff", "safety", "semgrep"};
  return kTools;
}

Status ParseLintReport(std::string_view text, const std::string& file, const std::string& tool, LintReport* out) {
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  if (Trim(text).empty()) {
    return Status::Corruption(file + ": the report is empty; an empty file cannot be told from a tool that "
                                     "never ran — write the report with `" + HowToMake(tool) + "`");
  }
  if (text.find('\0') != std::string_view::npos || !IsValidUtf8(text)) {
    return Status::Corruption(file + ": not valid UTF-8 text (NUL bytes or invalid sequences); is this a binary file?");
  }
  char first = Trim(text).front();
  if (first == '{' || first == '[') {
    if (LooksLikeJsonLines(text)) {
      if (tool != "mypy") return WrongTool(file, tool, "JSON lines (mypy --output json)");
      return ReadMypyJsonLines(text, file, out);
    }
    JsonValue root;
    Status s = ParseJson(text, file, &root);
    if (!s.ok()) return s;
    JsonShape shape = ShapeOf(root);
    if (shape == JsonShape::kSarif) return ReadSarif(root, file, out);
    if (shape == JsonShape::kEmptyArray) {
      // `[]` is the clean output of Ruff, Pylint and pip-audit < 2.
      if (tool != "ruff" && tool != "pylint" && tool != "pip-audit") return WrongTool(file, tool, "an empty JSON array");
      out->format = tool == "ruff" ? "Ruff JSON" : tool == "pylint" ? "Pylint JSON" : "pip-audit JSON";
      return Status::OK();
    }
    if (shape == JsonShape::kUnknown || tool != OwnerOf(shape)) return WrongTool(file, tool, ShapeName(shape));
    switch (shape) {
      case JsonShape::kRuff: return ReadRuffJson(root, file, out);
      case JsonShape::kBandit: return ReadBanditJson(root, file, out);
      case JsonShape::kPylint: return ReadPylintJson(root, file, out);
      case JsonShape::kFlake8: return ReadFlake8Json(root, file, out);
      case JsonShape::kSemgrep: return ReadSemgrepJson(root, file, out);
      case JsonShape::kPipAudit: return ReadPipAuditJson(root, file, out);
      case JsonShape::kSafety: return ReadSafetyJson(root, file, out);
      default: break;
    }
    return WrongTool(file, tool, ShapeName(shape));
  }
  if (first == '<') return WrongTool(file, tool, "XML");
  if (!IsTextTool(tool)) return WrongTool(file, tool, "plain text");
  if (tool == "flake8") return ReadFlake8Text(text, file, out);
  if (tool == "pylint") return ReadPylintText(text, file, out);
  if (tool == "mypy") return ReadMypyText(text, file, out);
  if (tool == "black") return ReadBlackLog(text, file, out);
  return ReadIsortLog(text, file, out);
}

Severity SeverityOfPythonCode(std::string_view code) {
  auto starts = [&](std::string_view prefix) { return code.substr(0, prefix.size()) == prefix; };
  // flake8's own "stop the build" selection (syntax errors, undefined names), as in the
  // starter workflows: `flake8 --select=E9,F63,F7,F82`.
  if (code.empty() || starts("E9") || starts("F63") || starts("F7") || starts("F82")) return Severity::kHigh;
  // Pyflakes (F), bugbear (B), bandit-in-ruff (S): likely bugs or risks.
  if (starts("F") || starts("B") || starts("S")) return Severity::kMedium;
  return Severity::kLow;  // style, naming, complexity, docs
}

Severity SeverityOfSarifLevel(std::string_view level) {
  if (level == "error") return Severity::kHigh;
  if (level == "note") return Severity::kLow;
  if (level == "none") return Severity::kInfo;
  return Severity::kMedium;  // "warning", SARIF's default
}

std::optional<Severity> SeverityOfSecurityScore(double score) {
  // GitHub code scanning's buckets for `security-severity` (CVSS v3 ranges).
  if (!(score >= 0 && score <= 10)) return std::nullopt;
  if (score >= 9.0) return Severity::kCritical;
  if (score >= 7.0) return Severity::kHigh;
  if (score >= 4.0) return Severity::kMedium;
  if (score > 0) return Severity::kLow;
  return Severity::kInfo;
}

std::optional<Severity> SeverityOfName(std::string_view name) {
  std::string lower;
  for (char c : name) lower += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  if (lower == "critical") return Severity::kCritical;
  if (lower == "high" || lower == "error") return Severity::kHigh;
  if (lower == "medium" || lower == "moderate" || lower == "warning") return Severity::kMedium;
  if (lower == "low") return Severity::kLow;
  if (lower == "info" || lower == "informational" || lower == "none") return Severity::kInfo;
  return std::nullopt;
}

std::optional<long long> ParseUtcTimestamp(std::string_view text) {
  if (text.size() < 19 || (text[10] != 'T' && text[10] != ' ')) return std::nullopt;
  std::optional<Date> date = ParseDate(text.substr(0, 10));
  int h, m, s;
  if (!date || std::sscanf(std::string(text.substr(11, 8)).c_str(), "%2d:%2d:%2d", &h, &m, &s) != 3) return std::nullopt;
  if (h > 23 || m > 59 || s > 60) return std::nullopt;
  return date->DaysSinceEpoch() * 86400LL + h * 3600LL + m * 60LL + s;
}

}  // namespace mlgate
