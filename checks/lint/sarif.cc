// SARIF 2.1.0 from any producer (Ruff, Semgrep, CodeQL, ESLint, converters). Several runs
// per file; severity from the result's level, else its rule's defaultConfiguration, else
// SARIF's default "warning"; a rule's `security-severity` property (CodeQL, GitHub's
// convention) takes precedence, bucketed as GitHub does. Results the producer itself
// suppressed, and `kind` pass/notApplicable, are not findings. A run that says it did not
// execute successfully, or carries an error notification, is incomplete evidence.
#include <map>

#include "base/json_doc.h"
#include "base/text.h"
#include "checks/lint/json_fields.h"
#include "checks/lint/lint_report.h"

namespace mlgate {

namespace {

struct RuleInfo {
  std::string level;
  std::optional<Severity> security;
};

const JsonValue* Member(const JsonValue& v, const char* key) { return v.IsObject() ? v.Find(key) : nullptr; }

std::string TextOf(const JsonValue* v) { return v && v->IsString() ? v->text : ""; }

void CollectRules(const JsonValue* component, std::map<std::string, RuleInfo>* rules) {
  const JsonValue* list = component ? Member(*component, "rules") : nullptr;
  if (!list || !list->IsArray()) return;
  for (const auto& rule : list->items) {
    std::string id = TextOf(Member(rule, "id"));
    if (id.empty()) continue;
    RuleInfo info;
    if (const JsonValue* config = Member(rule, "defaultConfiguration")) info.level = TextOf(Member(*config, "level"));
    if (const JsonValue* props = Member(rule, "properties")) {
      if (const JsonValue* score = Member(*props, "security-severity")) {
        std::optional<double> value = score->IsString() ? ParseStrictNumber(score->text)
                                      : score->IsNumber() ? std::optional<double>(score->number)
                                                          : std::nullopt;
        if (value) info.security = SeverityOfSecurityScore(*value);
      }
    }
    (*rules)[id] = info;
  }
}

// The absolute or relative path a SARIF artifactLocation names, with its base applied.
std::string LocationPath(const JsonValue& artifact, const std::map<std::string, std::string>& bases) {
  std::string uri = TextOf(Member(artifact, "uri"));
  std::string base_id = TextOf(Member(artifact, "uriBaseId"));
  if (!base_id.empty() && uri.find("://") == std::string::npos && (uri.empty() || uri[0] != '/')) {
    auto it = bases.find(base_id);
    if (it != bases.end()) uri = it->second + (it->second.empty() || it->second.back() == '/' ? "" : "/") + uri;
  }
  return uri;
}

}  // namespace

Status ReadSarif(const JsonValue& root, const std::string& file, LintReport* out) {
  std::string version = TextOf(Member(root, "version"));
  if (version != "2.1.0") {
    return Status::Corruption(file + ": SARIF version \"" + version + "\"; mlgate reads SARIF 2.1.0 (the version "
                                     "GitHub code scanning accepts) — upgrade the producer or convert the file");
  }
  const JsonValue* runs = nullptr;
  Status s = ArrayField(root, "runs", file, true, &runs);
  if (!s.ok()) return s;
  out->format = "SARIF 2.1.0";
  std::vector<std::string> producers;
  for (size_t r = 0; r < runs->items.size(); ++r) {
    const JsonValue& run = runs->items[r];
    std::string where = Index(file + ": runs", r);
    if (!run.IsObject()) return Status::Corruption(where + ": expected an object");
    const JsonValue* tool = Member(run, "tool");
    const JsonValue* driver = tool ? Member(*tool, "driver") : nullptr;
    if (!driver || !driver->IsObject()) return Status::Corruption(where + ".tool.driver: missing");
    std::string name = TextOf(Member(*driver, "name"));
    if (name.empty()) return Status::Corruption(where + ".tool.driver.name: missing");
    std::string tool_version = TextOf(Member(*driver, "semanticVersion"));
    if (tool_version.empty()) tool_version = TextOf(Member(*driver, "version"));
    producers.push_back(tool_version.empty() ? name : name + " " + tool_version);

    std::map<std::string, RuleInfo> rules;
    CollectRules(driver, &rules);
    if (const JsonValue* extensions = tool ? Member(*tool, "extensions") : nullptr; extensions && extensions->IsArray()) {
      for (const auto& ext : extensions->items) CollectRules(&ext, &rules);
    }
    std::map<std::string, std::string> bases;
    if (const JsonValue* original = Member(run, "originalUriBaseIds"); original && original->IsObject()) {
      for (const auto& m : original->members) bases[m.key] = TextOf(Member(m.value, "uri"));
    }
    if (const JsonValue* vcp = Member(run, "versionControlProvenance"); vcp && vcp->IsArray() && !vcp->items.empty()) {
      out->revision = TextOf(Member(vcp->items[0], "revisionId"));
    }
    if (const JsonValue* invocations = Member(run, "invocations"); invocations && invocations->IsArray()) {
      for (const auto& inv : invocations->items) {
        const JsonValue* ok = Member(inv, "executionSuccessful");
        if (ok && ok->kind == JsonValue::Kind::kBool && !ok->boolean) {
          out->incomplete.push_back(name + " reports that its run did not execute successfully");
        }
        if (const JsonValue* notes = Member(inv, "toolExecutionNotifications"); notes && notes->IsArray()) {
          for (const auto& n : notes->items) {
            if (TextOf(Member(n, "level")) != "error") continue;
            const JsonValue* message = Member(n, "message");
            out->incomplete.push_back(name + ": " + (message ? TextOf(Member(*message, "text")) : "error"));
          }
        }
        std::string end = TextOf(Member(inv, "endTimeUtc"));
        if (end.empty()) end = TextOf(Member(inv, "startTimeUtc"));
        if (std::optional<long long> t = ParseUtcTimestamp(end)) out->generated_unix = t;
      }
    }

    const JsonValue* results = nullptr;
    s = ArrayField(run, "results", where, false, &results);
    if (!s.ok()) return s;
    for (size_t i = 0; i < results->items.size(); ++i) {
      const JsonValue& result = results->items[i];
      std::string rw = Index(where + ".results", i);
      if (!result.IsObject()) return Status::Corruption(rw + ": expected an object");
      std::string kind = TextOf(Member(result, "kind"));
      if (kind == "pass" || kind == "notApplicable") continue;
      if (const JsonValue* sup = Member(result, "suppressions"); sup && sup->IsArray() && !sup->items.empty()) {
        bool accepted = false;
        for (const auto& x : sup->items) {
          std::string status = TextOf(Member(x, "status"));
          accepted = accepted || status.empty() || status == "accepted";
        }
        if (accepted) {
          ++out->suppressed;
          continue;
        }
      }
      LintFinding f;
      f.rule = TextOf(Member(result, "ruleId"));
      if (f.rule.empty()) {
        if (const JsonValue* rule = Member(result, "rule")) f.rule = TextOf(Member(*rule, "id"));
      }
      if (f.rule.empty()) {  // only an index into the driver's rules
        const JsonValue* index = Member(result, "ruleIndex");
        const JsonValue* list = Member(*driver, "rules");
        if (index && index->IsNumber() && index->integral && list && list->IsArray() && index->number >= 0 &&
            index->number < static_cast<double>(list->items.size())) {
          f.rule = TextOf(Member(list->items[static_cast<size_t>(index->number)], "id"));
        }
      }
      if (f.rule.empty()) f.rule = "no-rule";
      const JsonValue* message = Member(result, "message");
      f.message = message ? TextOf(Member(*message, "text")) : "";
      if (f.message.empty() && message) f.message = TextOf(Member(*message, "id"));
      if (f.message.empty()) return Status::Corruption(rw + ".message.text: missing");
      auto rule = rules.find(f.rule);
      std::string level = TextOf(Member(result, "level"));
      if (level.empty() && rule != rules.end()) level = rule->second.level;
      if (level.empty() && kind == "informational") level = "none";
      f.severity = rule != rules.end() && rule->second.security ? *rule->second.security : SeverityOfSarifLevel(level);
      if (const JsonValue* locations = Member(result, "locations"); locations && locations->IsArray() &&
                                                                     !locations->items.empty()) {
        const JsonValue* physical = Member(locations->items[0], "physicalLocation");
        if (physical) {
          if (const JsonValue* artifact = Member(*physical, "artifactLocation")) f.path = LocationPath(*artifact, bases);
          if (const JsonValue* region = Member(*physical, "region")) {
            s = IntField(*region, "startLine", rw + ".region", false, &f.line);
            if (s.ok()) s = IntField(*region, "startColumn", rw + ".region", false, &f.column);
            if (!s.ok()) return s;
          }
        }
      }
      out->findings.push_back(std::move(f));
    }
  }
  out->producer = Join(producers, ", ");
  return Status::OK();
}

}  // namespace mlgate
