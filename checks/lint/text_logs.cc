// Text outputs: flake8 (default and --format=pylint), Pylint's text report, mypy (text
// and --output json lines), and the Black and isort --check logs. Text has no end marker
// of its own, so each reader insists on the tool's own proof that it finished (mypy's
// summary, flake8's --count, Black's "All done!"/"Oh no!", isort's SUCCESS/ERROR lines)
// and checks the counts it prints against the lines it read: a log cut short, or the
// output of a tool that crashed before printing anything, never reads as clean.
#include <cctype>

#include "base/json_doc.h"
#include "base/text.h"
#include "checks/lint/json_fields.h"
#include "checks/lint/lint_report.h"

namespace mlgate {

namespace {

bool AllDigits(std::string_view s) {
  if (s.empty() || s.size() > 9) return false;
  for (char c : s) {
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

int ToInt(std::string_view s) { return std::stoi(std::string(s)); }

// Splits "path:line[:col]: rest". The path may itself hold ':' (a Windows drive), so the
// first ":<digits>:" after it is taken as the start of the location.
bool SplitLocation(std::string_view text, std::string* path, int* line, int* column, std::string_view* rest) {
  for (size_t p = text.find(':', 1); p != std::string_view::npos; p = text.find(':', p + 1)) {
    size_t q = text.find(':', p + 1);
    if (q == std::string_view::npos) return false;
    if (!AllDigits(text.substr(p + 1, q - p - 1))) continue;
    *path = std::string(text.substr(0, p));
    *line = ToInt(text.substr(p + 1, q - p - 1));
    *column = 0;
    size_t r = text.find(':', q + 1);
    if (r != std::string_view::npos && AllDigits(text.substr(q + 1, r - q - 1))) {
      *column = ToInt(text.substr(q + 1, r - q - 1));
      q = r;
    }
    *rest = Trim(text.substr(q + 1));
    return true;
  }
  return false;
}

// A flake8/pycodestyle-style code: letters then digits ("E501", "F401", "SIM102").
bool IsCode(std::string_view s) {
  size_t i = 0;
  while (i < s.size() && std::isupper(static_cast<unsigned char>(s[i]))) ++i;
  if (i == 0 || i == s.size()) return false;
  return AllDigits(s.substr(i));
}

Status NotTheTool(const std::string& file, int line, const char* tool, std::string_view text, const char* how) {
  return Status::Corruption(file + ":" + std::to_string(line) + ": not a line " + tool + " writes: \"" +
                            SanitizeUtf8(text.substr(0, 120)) + "\"; the report must be the unmodified output of `" +
                            how + "`");
}

Status RequireLineEnd(std::string_view text, const std::string& file, const char* tool) {
  if (!text.empty() && text.back() == '\n') return Status::OK();
  return Status::Corruption(file + ": the last line has no line end; the " + std::string(tool) +
                            " output looks truncated — write the whole output again");
}

std::string_view StripPrefix(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix ? s.substr(prefix.size()) : std::string_view();
}

}  // namespace

Status ReadFlake8Text(std::string_view text, const std::string& file, LintReport* out) {
  Status s = RequireLineEnd(text, file, "flake8");
  if (!s.ok()) return s;
  out->format = "flake8 text";
  LineReader reader(text);
  std::string_view line;
  std::optional<int> count;
  while (reader.Next(&line)) {
    if (line.empty()) continue;
    if (AllDigits(line)) {  // --count: the total, after all other output
      count = ToInt(line);
      continue;
    }
    LintFinding f;
    std::string_view rest;
    if (SplitLocation(line, &f.path, &f.line, &f.column, &rest)) {
      std::string_view code;
      if (rest.size() > 2 && rest.front() == '[') {  // --format=pylint: "path:row: [CODE] text"
        size_t close = rest.find(']');
        code = close == std::string_view::npos ? std::string_view() : rest.substr(1, close - 1);
        rest = close == std::string_view::npos ? rest : Trim(rest.substr(close + 1));
      } else {
        size_t space = rest.find(' ');
        code = rest.substr(0, space);
        rest = space == std::string_view::npos ? std::string_view() : Trim(rest.substr(space + 1));
      }
      if (IsCode(code)) {
        f.rule = std::string(code);
        f.message = std::string(rest);
        f.severity = SeverityOfPythonCode(f.rule);
        out->findings.push_back(std::move(f));
        continue;
      }
    }
    // --statistics: "3     E231 missing whitespace after ','"
    size_t space = line.find(' ');
    if (space != std::string_view::npos && AllDigits(line.substr(0, space)) && IsCode(Trim(line.substr(space)).substr(0, Trim(line.substr(space)).find(' ')))) {
      continue;
    }
    return NotTheTool(file, reader.line_number(), "flake8", line, "flake8 --count SRC");
  }
  if (count && *count != static_cast<int>(out->findings.size())) {
    return Status::Corruption(file + ": flake8 counted " + std::to_string(*count) + " problems but the report lists " +
                              std::to_string(out->findings.size()) + "; the report is incomplete or edited");
  }
  return Status::OK();
}

Status ReadPylintText(std::string_view text, const std::string& file, LintReport* out) {
  Status s = RequireLineEnd(text, file, "pylint");
  if (!s.ok()) return s;
  out->format = "Pylint text";
  LineReader reader(text);
  std::string_view line;
  bool rated = false;
  while (reader.Next(&line)) {
    if (line.empty() || line.substr(0, 14) == "************* " || line.find_first_not_of('-') == std::string_view::npos) {
      continue;
    }
    if (line.substr(0, 27) == "Your code has been rated at") {
      rated = true;
      continue;
    }
    LintFinding f;
    std::string_view rest;
    if (SplitLocation(line, &f.path, &f.line, &f.column, &rest)) {
      size_t colon = rest.find(':');
      std::string_view code = rest.substr(0, colon);
      if (colon != std::string_view::npos && IsCode(code)) {
        f.rule = std::string(code);
        f.message = std::string(Trim(rest.substr(colon + 1)));
        ++f.column;  // pylint counts columns from 0
        switch (code[0]) {
          case 'F': f.severity = Severity::kCritical; break;
          case 'E': f.severity = Severity::kHigh; break;
          case 'W': f.severity = Severity::kMedium; break;
          case 'I': f.severity = Severity::kInfo; break;
          default: f.severity = Severity::kLow;  // R, C
        }
        out->findings.push_back(std::move(f));
        continue;
      }
    }
    return NotTheTool(file, reader.line_number(), "pylint", line, "pylint SRC");
  }
  if (!rated && out->findings.empty()) {
    return Status::Corruption(file + ": no pylint messages and no score line; not a pylint report");
  }
  return Status::OK();
}

Status ReadMypyText(std::string_view text, const std::string& file, LintReport* out) {
  Status s = RequireLineEnd(text, file, "mypy");
  if (!s.ok()) return s;
  out->format = "mypy text";
  LineReader reader(text);
  std::string_view line;
  std::optional<int> summary_errors;
  int errors = 0;
  while (reader.Next(&line)) {
    if (line.empty()) continue;
    if (!StripPrefix(line, "Success: no issues found").empty()) {
      summary_errors = 0;
      continue;
    }
    if (std::string_view found = StripPrefix(line, "Found "); !found.empty()) {
      size_t space = found.find(' ');
      if (space != std::string_view::npos && AllDigits(found.substr(0, space)) && found.substr(space, 6) == " error") {
        summary_errors = ToInt(found.substr(0, space));
        continue;
      }
    }
    LintFinding f;
    std::string_view rest;
    if (SplitLocation(line, &f.path, &f.line, &f.column, &rest)) {
      size_t colon = rest.find(':');
      std::string_view kind = rest.substr(0, colon);
      if (colon != std::string_view::npos && (kind == "error" || kind == "warning" || kind == "note")) {
        std::string_view message = Trim(rest.substr(colon + 1));
        f.rule = std::string(kind == "note" ? "note" : "misc");
        // The error code, "  [return-value]", closes the line (mypy ≥0.9 shows it by default).
        if (message.size() > 3 && message.back() == ']') {
          size_t open = message.rfind("  [");
          if (open != std::string_view::npos) {
            f.rule = std::string(message.substr(open + 3, message.size() - open - 4));
            message = Trim(message.substr(0, open));
          }
        }
        f.message = std::string(message);
        f.severity = kind == "note"         ? Severity::kInfo
                     : kind == "warning"    ? Severity::kLow
                     : f.rule == "syntax"   ? Severity::kHigh
                                            : Severity::kMedium;
        errors += kind == "error" ? 1 : 0;
        out->findings.push_back(std::move(f));
        continue;
      }
    }
    return NotTheTool(file, reader.line_number(), "mypy", line, "mypy SRC (without --pretty or --no-error-summary)");
  }
  if (!summary_errors) {
    return Status::Corruption(file + ": no mypy summary line (\"Found N errors\" or \"Success: ...\"); the run did "
                                     "not finish or used --no-error-summary — mlgate needs the summary as proof the run completed");
  }
  if (*summary_errors != errors) {
    return Status::Corruption(file + ": mypy's summary counts " + std::to_string(*summary_errors) + " errors but the report lists " +
                              std::to_string(errors) + "; the report is incomplete or edited");
  }
  return Status::OK();
}

Status ReadMypyJsonLines(std::string_view text, const std::string& file, LintReport* out) {
  out->format = "mypy JSON lines";
  LineReader reader(text);
  std::string_view line;
  while (reader.Next(&line)) {
    if (line.empty()) continue;
    std::string where = file + ":" + std::to_string(reader.line_number());
    JsonValue obj;
    Status s = ParseJson(line, where, &obj);
    if (!s.ok()) return s;
    LintFinding f;
    std::string severity;
    s = obj.IsObject() ? TextField(obj, "file", where, true, &f.path) : Status::Corruption(where + ": expected an object");
    if (s.ok()) s = IntField(obj, "line", where, true, &f.line);
    if (s.ok()) s = TextField(obj, "message", where, true, &f.message);
    if (s.ok()) s = TextField(obj, "code", where, false, &f.rule);
    if (s.ok()) s = TextField(obj, "severity", where, true, &severity);
    if (!s.ok()) return s;
    // mypy's column is 0-based, and -1 when unknown.
    if (const JsonValue* col = obj.Find("column"); col && col->IsNumber() && col->integral && col->number >= 0 &&
                                                    col->number < 1e9) {
      f.column = static_cast<int>(col->number) + 1;
    }
    std::string hint;
    s = TextField(obj, "hint", where, false, &hint);
    if (!s.ok()) return s;
    if (!hint.empty()) f.message += " (" + hint + ")";
    if (severity != "error" && severity != "warning" && severity != "note") {
      return Status::Corruption(where + ": severity \"" + severity + "\" is not error, warning or note");
    }
    if (f.rule.empty()) f.rule = severity == "note" ? "note" : "misc";
    f.severity = severity == "note" ? Severity::kInfo : severity == "warning" ? Severity::kLow
                 : f.rule == "syntax" ? Severity::kHigh : Severity::kMedium;
    out->findings.push_back(std::move(f));
  }
  return RequireLineEnd(text, file, "mypy");
}

Status ReadBlackLog(std::string_view text, const std::string& file, LintReport* out) {
  out->format = "Black --check log";
  LineReader reader(text);
  std::string_view line;
  bool finished = false;
  int would_reformat = 0, failed = 0;
  std::optional<int> said_reformat, said_failed;
  while (reader.Next(&line)) {
    std::string_view path;
    if (!(path = StripPrefix(line, "would reformat ")).empty() || !(path = StripPrefix(line, "reformatted ")).empty()) {
      out->findings.push_back({"would-reformat", Severity::kMedium, "Black would reformat this file", std::string(path), 0, 0});
      ++would_reformat;
    } else if (!(path = StripPrefix(line, "error: cannot format ")).empty()) {
      size_t colon = path.find(": ");
      out->findings.push_back({"cannot-format", Severity::kHigh,
                               "Black cannot parse this file: " + std::string(colon == std::string_view::npos ? "" : path.substr(colon + 2)),
                               std::string(path.substr(0, colon)), 0, 0});
      ++failed;
    } else if (line.substr(0, 9) == "All done!" || line.substr(0, 6) == "Oh no!" ||
               line.substr(0, 36) == "No Python files are present to be fo") {
      finished = true;
    } else {
      // The summary: "1 file would be reformatted, 4 files would be left unchanged, 1 file would fail to reformat."
      size_t start = 0;
      while (start < line.size()) {
        size_t end = line.find(", ", start);
        std::string_view part = Trim(line.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start));
        size_t space = part.find(' ');
        if (AllDigits(part.substr(0, space))) {
          int n = ToInt(part.substr(0, space));
          if (part.find("reformatted") != std::string_view::npos) said_reformat = n;
          if (part.find("fail") != std::string_view::npos) said_failed = n;
        }
        if (end == std::string_view::npos) break;
        start = end + 2;
      }
    }
  }
  if (!finished) {
    return Status::Corruption(file + ": no \"All done!\" or \"Oh no!\" line; not a complete Black log — write it with "
                                     "`black --check SRC 2>&1` (Black reports on stderr)");
  }
  if (said_reformat.value_or(0) != would_reformat || said_failed.value_or(0) != failed) {
    return Status::Corruption(file + ": Black's summary does not match the files it lists (" + std::to_string(would_reformat) +
                              " to reformat, " + std::to_string(failed) + " failed); the log is incomplete or edited");
  }
  return Status::OK();
}

Status ReadIsortLog(std::string_view text, const std::string& file, LintReport* out) {
  out->format = "isort --check-only log";
  LineReader reader(text);
  std::string_view line;
  int verdicts = 0;
  while (reader.Next(&line)) {
    std::string_view rest;
    if (!(rest = StripPrefix(line, "ERROR: ")).empty()) {
      size_t tail = rest.rfind(" Imports are incorrectly sorted");
      if (tail == std::string_view::npos) {
        return NotTheTool(file, reader.line_number(), "isort", line, "isort --check-only --verbose SRC 2>&1");
      }
      out->findings.push_back({"unsorted-imports", Severity::kMedium, "isort would reorder the imports of this file",
                               std::string(rest.substr(0, tail)), 0, 0});
      ++verdicts;
    } else if (!(rest = StripPrefix(line, "SUCCESS: ")).empty()) {
      ++verdicts;
    }
  }
  if (verdicts == 0) {
    return Status::Corruption(file + ": no isort SUCCESS or ERROR line; isort --check-only prints nothing for clean "
                                     "files, which cannot be told from a run that never happened — write the log with "
                                     "`isort --check-only --verbose SRC 2>&1`");
  }
  return Status::OK();
}

}  // namespace mlgate
