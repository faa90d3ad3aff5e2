// codequality.json: GitLab's Code Quality report (artifacts:reports:codequality;
// docs/FORMATS.md §3), shown in the merge request widget: one array item per unwaived
// finding, failed measurement and check that could not run, with description, check_name,
// a fingerprint, severity and location.path + location.lines.begin. A waived finding is
// left out (the widget has no "accepted"). The fingerprint is stable while the problem
// stays: rule, path and the line's content hash (the line number when the file was not
// read), never the message's figures; identical fingerprints collapse in the widget, so a
// running count keeps two like findings apart.
#include <map>

#include "base/hash.h"
#include "base/text.h"
#include "reporters/json_writer.h"
#include "reporters/reporter.h"

namespace mlgate {

namespace {

using Writer = JsonWriter;

void Str(Writer& w, const std::string& s) { JsonText(w, s); }

// GitLab's five levels: blocking problems are blockers (critical ones critical), the rest
// by their severity.
const char* SeverityOf(const Finding& f) {
  if (f.blocking) return f.severity == Severity::kCritical ? "critical" : "blocker";
  switch (f.severity) {
    case Severity::kCritical:
    case Severity::kHigh:
      return "major";
    case Severity::kMedium:
      return "minor";
    default:
      return "info";
  }
}

struct Issue {
  std::string description, check_name, identity, severity, path;
  int line = 1;
};

}  // namespace

Status WriteCodeQualityReport(const Decision& d, const ReportOptions&, std::ostream& out) {
  const std::string policy = d.PolicyFile();
  std::vector<Issue> issues;
  for (const auto& c : d.checks) {
    const char* level = c.blocking ? "blocker" : "major";
    if (c.status == CheckStatus::kError) {
      issues.push_back(
          {"mlgate " + c.id + ": " + c.summary, "mlgate/" + c.id + ":error", c.id + ":error", level, policy, 1});
    }
    for (const auto& m : c.measurements) {
      if (m.ok || m.informational) continue;
      issues.push_back({"mlgate " + c.id + ": " + MeasurementText(m), "mlgate/" + c.id + ":" + m.name,
                        c.id + ":" + m.name, c.blocking && !m.advisory ? level : "major", policy, 1});
    }
    for (const auto& f : c.findings) {
      if (f.waived) continue;
      std::string where = f.line_hash.empty() ? std::to_string(f.line) : f.line_hash;
      issues.push_back({f.message.empty() ? f.rule : f.message, "mlgate/" + f.rule,
                        f.rule + "\n" + f.path + "\n" + where + (f.path.empty() ? "\n" + f.message : ""), SeverityOf(f),
                        f.path.empty() ? policy : f.path, f.path.empty() || f.line <= 0 ? 1 : f.line});
    }
  }
  rapidjson::OStreamWrapper stream(out);
  Writer w(stream);
  w.SetIndent(' ', 2);
  std::map<std::string, int> seen;
  w.StartArray();
  for (const auto& i : issues) {
    w.StartObject();
    w.Key("description");
    Str(w, i.description);
    w.Key("check_name");
    Str(w, i.check_name);
    w.Key("fingerprint");
    Str(w, Sha256Hex(i.identity + "\n" + std::to_string(++seen[i.identity])).substr(0, 32));
    w.Key("severity");
    Str(w, i.severity);
    w.Key("location");
    w.StartObject();
    w.Key("path");
    Str(w, i.path);
    w.Key("lines");
    w.StartObject();
    w.Key("begin");
    w.Int(i.line);
    w.EndObject();
    w.EndObject();
    w.EndObject();
  }
  w.EndArray();
  out << "\n";
  return out ? Status::OK() : Status::IOError("codequality.json: write failed");
}

}  // namespace mlgate
