// The JSON outputs of the Python code-quality tools and Semgrep (docs/FORMATS.md §7). Columns
// are made 1-based where the tool counts from 0 (Bandit's col_offset, Pylint's column).
#include "checks/lint/json_fields.h"
#include "checks/lint/lint_report.h"

namespace mlgate {

namespace {

Severity Lower(Severity s) { return s <= Severity::kLow ? Severity::kLow : static_cast<Severity>(static_cast<int>(s) - 1); }

Status ObjectAt(const JsonValue& list, size_t i, const std::string& where, const JsonValue** out) {
  if (!list.items[i].IsObject()) return Status::Corruption(Index(where, i) + ": expected an object");
  *out = &list.items[i];
  return Status::OK();
}

}  // namespace

Status ReadRuffJson(const JsonValue& root, const std::string& file, LintReport* out) {
  out->format = "Ruff JSON";
  for (size_t i = 0; i < root.items.size(); ++i) {
    const JsonValue* item = nullptr;
    std::string where = Index(file + ": ", i);
    Status s = ObjectAt(root, i, file + ": ", &item);
    LintFinding f;
    if (s.ok()) s = TextField(*item, "code", where, false, &f.rule);  // null for syntax errors
    if (s.ok()) s = TextField(*item, "message", where, true, &f.message);
    if (s.ok()) s = TextField(*item, "filename", where, true, &f.path);
    const JsonValue* location = item && item->IsObject() ? item->Find("location") : nullptr;
    if (s.ok() && (!location || !location->IsObject())) s = Status::Corruption(where + ".location: missing");
    if (s.ok()) s = IntField(*location, "row", where + ".location", true, &f.line);
    if (s.ok()) s = IntField(*location, "column", where + ".location", false, &f.column);
    if (!s.ok()) return s;
    f.severity = SeverityOfPythonCode(f.rule);
    if (f.rule.empty()) f.rule = "syntax-error";
    out->findings.push_back(std::move(f));
  }
  return Status::OK();
}

Status ReadBanditJson(const JsonValue& root, const std::string& file, LintReport* out) {
  out->format = "Bandit JSON";
  std::string generated;
  Status s = TextField(root, "generated_at", file, false, &generated);
  if (!s.ok()) return s;
  out->generated_unix = ParseUtcTimestamp(generated);
  const JsonValue *results, *errors;
  s = ArrayField(root, "results", file + ": ", true, &results);
  if (s.ok()) s = ArrayField(root, "errors", file + ": ", false, &errors);
  if (!s.ok()) return s;
  for (size_t i = 0; i < errors->items.size(); ++i) {
    std::string name, reason;
    const JsonValue& e = errors->items[i];
    s = TextField(e, "filename", Index(file + ": errors", i), false, &name);
    if (s.ok()) s = TextField(e, "reason", Index(file + ": errors", i), false, &reason);
    if (!s.ok()) return s;
    out->incomplete.push_back("bandit could not scan " + name + ": " + reason);
  }
  for (size_t i = 0; i < results->items.size(); ++i) {
    const JsonValue* item = nullptr;
    std::string where = Index(file + ": results", i);
    s = ObjectAt(*results, i, file + ": results", &item);
    LintFinding f;
    std::string severity, confidence;
    if (s.ok()) s = TextField(*item, "test_id", where, true, &f.rule);
    if (s.ok()) s = TextField(*item, "issue_text", where, true, &f.message);
    if (s.ok()) s = TextField(*item, "filename", where, true, &f.path);
    if (s.ok()) s = IntField(*item, "line_number", where, true, &f.line);
    if (s.ok()) s = IntField(*item, "col_offset", where, false, &f.column);
    if (s.ok()) s = TextField(*item, "issue_severity", where, true, &severity);
    if (s.ok()) s = TextField(*item, "issue_confidence", where, true, &confidence);
    if (!s.ok()) return s;
    if (item->Find("col_offset")) ++f.column;
    // Severity as Bandit rates it, one step lower when Bandit itself has low confidence.
    f.severity = SeverityOfName(severity).value_or(Severity::kLow);
    if (f.severity == Severity::kInfo) f.severity = Severity::kLow;
    if (confidence == "LOW") f.severity = Lower(f.severity);
    f.message += " (severity " + severity + ", confidence " + confidence + ")";
    out->findings.push_back(std::move(f));
  }
  return Status::OK();
}

Status ReadPylintJson(const JsonValue& root, const std::string& file, LintReport* out) {
  out->format = "Pylint JSON";
  for (size_t i = 0; i < root.items.size(); ++i) {
    const JsonValue* item = nullptr;
    std::string where = Index(file + ": ", i);
    Status s = ObjectAt(root, i, file + ": ", &item);
    LintFinding f;
    std::string type, symbol;
    if (s.ok()) s = TextField(*item, "type", where, true, &type);
    if (s.ok()) s = TextField(*item, "message-id", where, true, &f.rule);
    if (s.ok()) s = TextField(*item, "symbol", where, false, &symbol);
    if (s.ok()) s = TextField(*item, "message", where, true, &f.message);
    if (s.ok()) s = TextField(*item, "path", where, true, &f.path);
    if (s.ok()) s = IntField(*item, "line", where, false, &f.line);
    if (s.ok()) s = IntField(*item, "column", where, false, &f.column);
    if (!s.ok()) return s;
    if (item->Find("column")) ++f.column;
    if (!symbol.empty()) f.message += " (" + symbol + ")";
    f.severity = type == "fatal"     ? Severity::kCritical
                 : type == "error"   ? Severity::kHigh
                 : type == "warning" ? Severity::kMedium
                 : type == "info"    ? Severity::kInfo
                                     : Severity::kLow;  // refactor, convention
    out->findings.push_back(std::move(f));
  }
  return Status::OK();
}

Status ReadFlake8Json(const JsonValue& root, const std::string& file, LintReport* out) {
  out->format = "flake8-json";
  for (const auto& member : root.members) {
    std::string list_where = file + ": [\"" + member.key + "\"]";
    for (size_t i = 0; i < member.value.items.size(); ++i) {
      const JsonValue* item = nullptr;
      std::string where = Index(list_where, i);
      Status s = ObjectAt(member.value, i, list_where, &item);
      LintFinding f;
      if (s.ok()) s = TextField(*item, "code", where, true, &f.rule);
      if (s.ok()) s = TextField(*item, "text", where, true, &f.message);
      if (s.ok()) s = IntField(*item, "line_number", where, true, &f.line);
      if (s.ok()) s = IntField(*item, "column_number", where, false, &f.column);
      if (!s.ok()) return s;
      f.path = member.key;
      f.severity = SeverityOfPythonCode(f.rule);
      out->findings.push_back(std::move(f));
    }
  }
  return Status::OK();
}

Status ReadSemgrepJson(const JsonValue& root, const std::string& file, LintReport* out) {
  out->format = "Semgrep JSON";
  std::string version;
  Status s = TextField(root, "version", file, false, &version);
  if (!s.ok()) return s;
  out->producer = version.empty() ? "semgrep" : "semgrep " + version;
  const JsonValue *results, *errors;
  s = ArrayField(root, "results", file + ": ", true, &results);
  if (s.ok()) s = ArrayField(root, "errors", file + ": ", false, &errors);
  if (!s.ok()) return s;
  for (size_t i = 0; i < errors->items.size(); ++i) {
    std::string level, message;
    s = TextField(errors->items[i], "level", Index(file + ": errors", i), false, &level);
    if (s.ok()) s = TextField(errors->items[i], "message", Index(file + ": errors", i), false, &message);
    if (!s.ok()) return s;
    if (level == "error") out->incomplete.push_back("semgrep: " + message);
  }
  for (size_t i = 0; i < results->items.size(); ++i) {
    const JsonValue* item = nullptr;
    std::string where = Index(file + ": results", i);
    s = ObjectAt(*results, i, file + ": results", &item);
    LintFinding f;
    std::string severity;
    if (s.ok()) s = TextField(*item, "check_id", where, true, &f.rule);
    if (s.ok()) s = TextField(*item, "path", where, true, &f.path);
    const JsonValue* start = item ? item->Find("start") : nullptr;
    const JsonValue* extra = item ? item->Find("extra") : nullptr;
    if (s.ok() && (!start || !extra)) s = Status::Corruption(where + ": missing start or extra");
    if (s.ok()) s = IntField(*start, "line", where + ".start", true, &f.line);
    if (s.ok()) s = IntField(*start, "col", where + ".start", false, &f.column);
    if (s.ok()) s = TextField(*extra, "message", where + ".extra", true, &f.message);
    if (s.ok()) s = TextField(*extra, "severity", where + ".extra", true, &severity);
    if (!s.ok()) return s;
    if (const JsonValue* ignored = extra->Find("is_ignored"); ignored && ignored->kind == JsonValue::Kind::kBool &&
                                                               ignored->boolean) {
      ++out->suppressed;
      continue;
    }
    // Semgrep's ERROR/WARNING/INFO, and since 1.72 CRITICAL/HIGH/MEDIUM/LOW.
    f.severity = severity == "INFO" ? Severity::kLow : SeverityOfName(severity).value_or(Severity::kMedium);
    out->findings.push_back(std::move(f));
  }
  return Status::OK();
}

}  // namespace mlgate
