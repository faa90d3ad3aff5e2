// results.sarif: SARIF 2.1.0 for GitHub code scanning and any SARIF viewer
// (docs/FORMATS.md §2). One run, tool "mlgate" with a rule per finding rule, failed
// measurement and check error; a result for each finding, each measurement that failed
// and each check that could not run. Results keep GitHub's fields: repository-relative,
// percent-encoded URIs from %SRCROOT%, 1-based regions, the line's
// primaryLocationLineHash (from report.json), a waived finding as a suppression. A result
// about no file (a measurement, a check error) points at the policy file's first line:
// code scanning needs a location in the repository.
#include <map>

#include "base/text.h"
#include "reporters/json_writer.h"
#include "reporters/reporter.h"

namespace mlgate {

namespace {

using Writer = JsonWriter;

void Str(Writer& w, const std::string& s) { JsonText(w, s); }

void Text(Writer& w, const char* key, const std::string& text) {
  w.Key(key);
  w.StartObject();
  w.Key("text");
  Str(w, text);
  w.EndObject();
}

struct Rule {
  std::string id;
  std::string check;  // its check's id and title
  std::string title;
  std::string description;
  std::string level;  // the default
};

struct Result {
  std::string rule;
  std::string level;
  std::string message;
  std::string path;
  int line = 0, column = 0;
  std::string line_hash;
  std::string suppression;  // the waiver's justification, when waived
  std::string check;
  std::string severity;
};

// SARIF's levels: a blocking problem is an error; what only informs, a warning or a note.
std::string LevelOf(const Finding& f) {
  if (f.blocking) return "error";
  return f.severity >= Severity::kHigh ? "warning" : "note";
}

void WriteRule(Writer& w, const Rule& r) {
  w.StartObject();
  w.Key("id");
  Str(w, r.id);
  Text(w, "shortDescription", r.title + ": " + r.id);
  Text(w, "fullDescription", r.description);
  Text(w, "help",
       "mlgate's " + r.check + " check reported this. `mlgate explain " + r.check +
           "` says what the check requires; fix the cause, or waive the finding in mlgate.yaml with a reason, "
           "an owner and an expiry.");
  w.Key("defaultConfiguration");
  w.StartObject();
  w.Key("level");
  Str(w, r.level);
  w.EndObject();
  w.Key("properties");
  w.StartObject();
  w.Key("tags");
  w.StartArray();
  Str(w, "mlgate");
  Str(w, r.check);
  w.EndArray();
  w.EndObject();
  w.EndObject();
}

void WriteResult(Writer& w, const Result& r, size_t rule_index) {
  w.StartObject();
  w.Key("ruleId");
  Str(w, r.rule);
  w.Key("ruleIndex");
  w.Uint64(rule_index);
  w.Key("level");
  Str(w, r.level);
  Text(w, "message", r.message.empty() ? r.rule : r.message);
  w.Key("locations");
  w.StartArray();
  w.StartObject();
  w.Key("physicalLocation");
  w.StartObject();
  w.Key("artifactLocation");
  w.StartObject();
  w.Key("uri");
  Str(w, PercentEncodePath(r.path));
  w.Key("uriBaseId");
  Str(w, "%SRCROOT%");
  w.EndObject();
  if (r.line > 0) {
    w.Key("region");
    w.StartObject();
    w.Key("startLine");
    w.Int(r.line);
    if (r.column > 0) {
      w.Key("startColumn");
      w.Int(r.column);
    }
    w.EndObject();
  }
  w.EndObject();
  w.EndObject();
  w.EndArray();
  if (!r.line_hash.empty()) {
    w.Key("partialFingerprints");
    w.StartObject();
    w.Key("primaryLocationLineHash");
    Str(w, r.line_hash);
    w.EndObject();
  }
  if (!r.suppression.empty()) {
    w.Key("suppressions");
    w.StartArray();
    w.StartObject();
    w.Key("kind");
    Str(w, "external");
    w.Key("status");
    Str(w, "accepted");
    w.Key("justification");
    Str(w, r.suppression);
    w.EndObject();
    w.EndArray();
  }
  w.Key("properties");
  w.StartObject();
  w.Key("check");
  Str(w, r.check);
  if (!r.severity.empty()) {
    w.Key("severity");
    Str(w, r.severity);
  }
  w.EndObject();
  w.EndObject();
}

}  // namespace

Status WriteSarifReport(const Decision& d, const ReportOptions&, std::ostream& out) {
  const std::string policy = d.PolicyFile();
  std::vector<Rule> rules;
  std::map<std::string, size_t> rule_index;
  std::vector<Result> results;
  auto rule = [&](const std::string& id, const CheckResult& c, const std::string& description,
                  const std::string& level) {
    if (!rule_index.count(id)) {
      rule_index[id] = rules.size();
      rules.push_back({id, c.id, c.title.empty() ? c.id : c.title, description, level});
    }
  };
  for (const auto& c : d.checks) {
    const std::string warn_or_error = c.blocking ? "error" : "warning";
    if (c.status == CheckStatus::kError) {
      rule(c.id + ":error", c, "The " + c.id + " check could not run: its evidence is missing or unreadable.",
           warn_or_error);
      results.push_back({c.id + ":error", warn_or_error, c.summary, policy, 1, 0, "", "", c.id, ""});
    }
    for (const auto& m : c.measurements) {
      if (m.ok || m.informational) continue;
      std::string id = c.id + ":" + m.name;
      std::string level = c.blocking && !m.advisory ? "error" : "warning";
      rule(id, c, "The " + c.id + " check's measurement " + m.name + " is held to a threshold by the policy.", level);
      std::string message = MeasurementText(m);
      results.push_back({id, level, message, policy, 1, 0, "", "", c.id, ""});
    }
    for (const auto& f : c.findings) {
      std::string level = LevelOf(f);
      rule(f.rule, c, "A finding of the " + c.id + " check (rule " + f.rule + ").", level);
      std::string suppression;
      if (f.waived) {
        suppression = (f.waiver.empty() ? "waived in the policy" : f.waiver) +
                      (f.waiver_expires.empty() ? "" : " (until " + f.waiver_expires + ")");
      }
      results.push_back({f.rule, level, f.message, f.path.empty() ? policy : f.path, f.path.empty() ? 1 : f.line,
                         f.path.empty() ? 0 : f.column, f.path.empty() ? "" : f.line_hash, suppression, c.id,
                         SeverityName(f.severity)});
    }
  }

  rapidjson::OStreamWrapper stream(out);
  Writer w(stream);
  w.SetIndent(' ', 2);
  w.StartObject();
  w.Key("$schema");
  Str(w, "https://json.schemastore.org/sarif-2.1.0.json");
  w.Key("version");
  Str(w, "2.1.0");
  w.Key("runs");
  w.StartArray();
  w.StartObject();
  w.Key("tool");
  w.StartObject();
  w.Key("driver");
  w.StartObject();
  w.Key("name");
  Str(w, "mlgate");
  if (!d.tool_version.empty()) {
    w.Key("semanticVersion");
    Str(w, d.tool_version);
  }
  w.Key("rules");
  w.StartArray();
  for (const auto& r : rules) WriteRule(w, r);
  w.EndArray();
  w.EndObject();
  w.EndObject();
  // One category per model, so that the gates of several models in one repository are
  // separate analyses rather than one replacing the other.
  w.Key("automationDetails");
  w.StartObject();
  w.Key("id");
  Str(w, "mlgate/" + (d.model_name.empty() ? std::string("gate") : d.model_name) + "/");
  w.EndObject();
  w.Key("results");
  w.StartArray();
  for (const auto& r : results) WriteResult(w, r, rule_index[r.rule]);
  w.EndArray();
  w.Key("properties");
  w.StartObject();
  w.Key("verdict");
  Str(w, d.verdict);
  if (!d.git_commit.empty()) {
    w.Key("commit");
    Str(w, d.git_commit);
  }
  w.EndObject();
  w.EndObject();
  w.EndArray();
  w.EndObject();
  out << "\n";
  return out ? Status::OK() : Status::IOError("results.sarif: write failed");
}

}  // namespace mlgate
