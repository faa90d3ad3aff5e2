// JUnit XML, in the profile of docs/FORMATS.md §1 that GitLab, Jenkins (junit and xunit
// plugins) and the common GitHub reporters all accept: a <testsuite> per check, a
// <testcase> per measurement and per group of findings with the same rule, failures
// carrying the measured and required values. classname+name are unique (GitLab drops
// duplicates); times have at most 3 decimals (junit-10.xsd). A blocking failure is a
// <failure>, a check that could not run an <error>, a skipped check <skipped>; warnings
// (non-blocking checks, phased thresholds) pass with the warning in <system-out>.
// Characters XML 1.0 forbids are dropped: a report that does not parse reads as
// "0 tests", a false green.
#include <cstdio>
#include <map>
#include <set>

#include "base/text.h"
#include "reporters/reporter.h"

namespace mlgate {

namespace {

// Escapes for attribute values and text; drops what XML 1.0 cannot carry.
std::string Xml(const std::string& raw) {
  std::string s = SanitizeUtf8(raw);
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&apos;";
        break;
      case '\n':
        out += "&#10;";
        break;
      case '\r':
        out += "&#13;";
        break;
      case '\t':
        out += "&#9;";
        break;
      default:
        if (c < 0x20) break;  // forbidden C0 control
        // U+FFFE and U+FFFF (EF BF BE / EF BF BF) are not XML characters either.
        if (c == 0xEF && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0xBF &&
            (static_cast<unsigned char>(s[i + 2]) == 0xBE || static_cast<unsigned char>(s[i + 2]) == 0xBF)) {
          i += 2;
          break;
        }
        out += static_cast<char>(c);
    }
  }
  return out;
}

std::string Seconds(double s) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.3f", s < 0 || s != s ? 0.0 : s);
  return buffer;
}

struct Case {
  std::string name;
  std::string file;
  int line = 0;
  enum Kind { kPass, kFailure, kError, kSkipped } kind = kPass;
  std::string message;     // failure/error/skipped message attribute
  std::string detail;      // element text
  std::string out;         // system-out (warnings)
  std::string comparison;  // ">= 0.9" for measurements, to tell two of one name apart
};

std::vector<Case> CasesOf(const CheckResult& c) {
  std::vector<Case> cases;
  if (c.status == CheckStatus::kError) {
    Case e{"check", "", 0, Case::kError, c.summary, c.summary, "", ""};
    if (!c.blocking)
      e = {"check", "", 0, Case::kPass, "", "", "warning (non-blocking check could not run): " + c.summary, ""};
    cases.push_back(e);
  } else if (c.status == CheckStatus::kSkipped) {
    cases.push_back({"check", "", 0, Case::kSkipped, c.summary, "", "", ""});
  }
  for (const auto& m : c.measurements) {
    Case k;
    k.name = m.name;
    if (!m.informational) k.comparison = std::string(OpName(m.op)) + " " + FormatNumber(m.threshold);
    std::string text = MeasurementText(m);
    if (m.ok) {
      k.out = text;
    } else if (m.advisory || !c.blocking) {
      k.out = "warning: " + text;
    } else {
      k.kind = Case::kFailure;
      k.message = "measured " + FormatValue(m.value, m.unit) + ", required " + OpName(m.op) + " " +
                  FormatValue(m.threshold, m.unit);
      k.detail = text;
    }
    cases.push_back(k);
  }
  // Findings grouped by rule, in first-seen order.
  std::vector<std::string> order;
  std::map<std::string, std::vector<const Finding*>> groups;
  for (const auto& f : c.findings) {
    if (!groups.count(f.rule)) order.push_back(f.rule);
    groups[f.rule].push_back(&f);
  }
  for (const auto& rule : order) {
    const auto& group = groups[rule];
    Case k;
    k.name = rule;
    k.file = group.front()->path;
    k.line = group.front()->line;
    int blocking = 0;
    std::string text;
    for (const Finding* f : group) {
      bool counts = f->blocking && !f->waived;
      blocking += counts ? 1 : 0;
      std::string where = LocationOf(*f);
      text += (where.empty() ? "" : where + ": ") + std::string(SeverityName(f->severity)) + ": " + f->message;
      if (f->waived) text += " [waived: " + f->waiver + ", expires " + f->waiver_expires + "]";
      text += "\n";
    }
    if (blocking > 0 && c.blocking) {
      k.kind = Case::kFailure;
      k.message = std::to_string(blocking) + " blocking finding" + (blocking == 1 ? "" : "s") + " of rule " + rule;
      k.detail = text;
    } else {
      k.out = (blocking > 0 ? "warning: " : "") + text;
    }
    cases.push_back(k);
  }
  if (cases.empty()) cases.push_back({"check", "", 0, Case::kPass, "", "", c.summary, ""});
  // GitLab drops test cases whose classname+name repeat: a name seen before (a metric with
  // both min and max) gets its comparison, then a counter, appended.
  std::set<std::string> used;
  for (size_t i = 0; i < cases.size(); ++i) {
    std::string name = cases[i].name;
    for (int n = 2; !used.insert(name).second; ++n) {
      name = cases[i].name + (n == 2 ? " (" + cases[i].comparison + ")" : " #" + std::to_string(n));
    }
    cases[i].name = name;
  }
  return cases;
}

}  // namespace

Status WriteJunitReport(const Decision& d, const ReportOptions& options, std::ostream& out) {
  struct Suite {
    const CheckResult* check;
    std::vector<Case> cases;
    int failures = 0, errors = 0, skipped = 0;
  };
  std::vector<Suite> suites;
  int tests = 0, failures = 0, errors = 0, skipped = 0;
  double total_seconds = 0;
  // Decision-level errors (no checks, unreadable artifact) must show as a failing test too.
  if (!d.errors.empty()) {
    static const CheckResult kGate = [] {
      CheckResult r;
      r.id = "gate";
      r.title = "Gate";
      return r;
    }();
    Suite s{&kGate, {}, 0, 0, 0};
    for (size_t i = 0; i < d.errors.size(); ++i) {
      s.cases.push_back({"policy-" + std::to_string(i + 1), "", 0, Case::kError, d.errors[i], d.errors[i], "", ""});
    }
    suites.push_back(s);
  }
  for (const auto& c : d.checks) suites.push_back({&c, CasesOf(c), 0, 0, 0});
  for (auto& s : suites) {
    for (const auto& k : s.cases) {
      s.failures += k.kind == Case::kFailure;
      s.errors += k.kind == Case::kError;
      s.skipped += k.kind == Case::kSkipped;
    }
    tests += static_cast<int>(s.cases.size());
    failures += s.failures;
    errors += s.errors;
    skipped += s.skipped;
    total_seconds += s.check->seconds;
  }

  out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out << "<testsuites name=\"mlgate\" tests=\"" << tests << "\" failures=\"" << failures << "\" errors=\"" << errors;
  // junit-10.xsd has no `skipped` on <testsuites>; the strict profile leaves it out.
  if (options.junit_file_attributes) out << "\" skipped=\"" << skipped;
  out << "\" time=\"" << Seconds(total_seconds) << "\">\n";
  for (const auto& s : suites) {
    const CheckResult& c = *s.check;
    std::string classname = "mlgate." + c.id;
    out << "  <testsuite name=\"" << Xml(classname) << "\" tests=\"" << s.cases.size() << "\" failures=\"" << s.failures
        << "\" errors=\"" << s.errors << "\" skipped=\"" << s.skipped << "\" time=\"" << Seconds(c.seconds) << "\">\n";
    out << "    <properties>\n";
    if (c.id != "gate") {
      out << "      <property name=\"status\" value=\"" << StatusName(c.status) << "\"/>\n";
      out << "      <property name=\"blocking\" value=\"" << (c.blocking ? "true" : "false") << "\"/>\n";
    }
    out << "      <property name=\"verdict\" value=\"" << Xml(d.verdict) << "\"/>\n";
    if (!d.model_name.empty()) out << "      <property name=\"model\" value=\"" << Xml(d.model_name) << "\"/>\n";
    for (const auto& e : c.evidence) {
      out << "      <property name=\"evidence\" value=\"" << Xml(e.path + " sha256:" + e.sha256) << "\"/>\n";
    }
    out << "    </properties>\n";
    for (const auto& k : s.cases) {
      out << "    <testcase classname=\"" << Xml(classname) << "\" name=\"" << Xml(k.name) << "\" time=\"0.000\"";
      if (options.junit_file_attributes && !k.file.empty()) {
        out << " file=\"" << Xml(k.file) << "\"";
        if (k.line > 0) out << " line=\"" << k.line << "\"";
      }
      if (k.kind == Case::kPass && k.out.empty()) {
        out << "/>\n";
        continue;
      }
      out << ">\n";
      if (k.kind == Case::kFailure) {
        out << "      <failure type=\"PolicyViolation\" message=\"" << Xml(k.message) << "\">" << Xml(k.detail)
            << "</failure>\n";
      } else if (k.kind == Case::kError) {
        out << "      <error type=\"EvidenceError\" message=\"" << Xml(k.message) << "\">" << Xml(k.detail)
            << "</error>\n";
      } else if (k.kind == Case::kSkipped) {
        out << "      <skipped message=\"" << Xml(k.message) << "\"/>\n";
      }
      if (!k.out.empty()) out << "      <system-out>" << Xml(k.out) << "</system-out>\n";
      out << "    </testcase>\n";
    }
    out << "  </testsuite>\n";
  }
  out << "</testsuites>\n";
  if (!out) return Status::IOError("writing the JUnit report failed");
  return Status::OK();
}

}  // namespace mlgate
