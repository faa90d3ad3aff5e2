// Dependency vulnerability audits: pip-audit JSON (≥2.0 object, <2.0 array) and Safety
// (2.x `check --json`, 3.x `scan --output json`, schema 3.0). A known vulnerability is
// high unless the advisory carries a CVSS v3 severity; the finding's rule is the advisory
// id, so a waiver can name exactly one advisory (`pip-audit:PYSEC-2021-76`).
#include "base/text.h"
#include "checks/lint/json_fields.h"
#include "checks/lint/lint_report.h"

namespace mlgate {

namespace {

std::string FixText(const JsonValue* fixes) {
  std::vector<std::string> versions;
  if (fixes && fixes->IsArray()) {
    for (const auto& v : fixes->items) {
      if (v.IsString() && !v.text.empty()) versions.push_back(v.text);
    }
  }
  return versions.empty() ? "no fixed version known" : "fixed in " + Join(versions, ", ");
}

// The CVSS v3 severity of a Safety advisory's `severity` or `cve` object, when it has one.
std::optional<Severity> CvssSeverity(const JsonValue* holder) {
  if (!holder || !holder->IsObject()) return std::nullopt;
  const JsonValue* v3 = holder->Find("cvssv3");
  if (!v3 || !v3->IsObject()) return std::nullopt;
  if (const JsonValue* name = v3->Find("base_severity"); name && name->IsString()) return SeverityOfName(name->text);
  if (const JsonValue* score = v3->Find("base_score"); score && score->IsNumber()) {
    return SeverityOfSecurityScore(score->number);
  }
  return std::nullopt;
}

Status ReadSafety2(const JsonValue& root, const std::string& file, LintReport* out) {
  out->format = "Safety 2.x JSON";
  if (const JsonValue* meta = root.Find("report_meta"); meta && meta->IsObject()) {
    std::string version, timestamp;
    Status s = TextField(*meta, "safety_version", file + ": report_meta", false, &version);
    if (s.ok()) s = TextField(*meta, "timestamp", file + ": report_meta", false, &timestamp);
    if (!s.ok()) return s;
    out->producer = version.empty() ? "safety" : "safety " + version;
    out->generated_unix = ParseUtcTimestamp(timestamp);
  }
  const JsonValue* vulns;
  Status s = ArrayField(root, "vulnerabilities", file + ": ", true, &vulns);
  if (!s.ok()) return s;
  for (size_t i = 0; i < vulns->items.size(); ++i) {
    const JsonValue& v = vulns->items[i];
    std::string where = Index(file + ": vulnerabilities", i);
    LintFinding f;
    std::string package, version, advisory, cve;
    s = TextField(v, "vulnerability_id", where, true, &f.rule);
    if (s.ok()) s = TextField(v, "package_name", where, true, &package);
    if (s.ok()) s = TextField(v, "analyzed_version", where, false, &version);
    if (s.ok()) s = TextField(v, "advisory", where, false, &advisory);
    if (s.ok()) s = TextField(v, "CVE", where, false, &cve);
    if (!s.ok()) return s;
    if (const JsonValue* ignored = v.Find("ignored"); ignored && ignored->kind == JsonValue::Kind::kBool && ignored->boolean) {
      ++out->suppressed;
      continue;
    }
    f.severity = CvssSeverity(v.Find("severity")).value_or(Severity::kHigh);
    f.message = package + " " + version + ": " + (cve.empty() ? "" : cve + ": ") + advisory + " (" +
                FixText(v.Find("fixed_versions")) + ")";
    out->findings.push_back(std::move(f));
  }
  return Status::OK();
}

Status ReadSafety3(const JsonValue& root, const std::string& file, LintReport* out) {
  const JsonValue* meta = root.Find("meta");
  std::string schema, timestamp;
  Status s = meta && meta->IsObject() ? TextField(*meta, "schema_version", file + ": meta", true, &schema)
                                      : Status::Corruption(file + ": meta: expected an object");
  if (s.ok()) s = TextField(*meta, "timestamp", file + ": meta", false, &timestamp);
  if (!s.ok()) return s;
  if (schema.substr(0, 2) != "3.") {
    return Status::Corruption(file + ": Safety report schema " + schema + "; mlgate reads schema 3.x (safety scan)");
  }
  out->format = "Safety " + schema + " JSON";
  out->producer = "safety";
  out->generated_unix = ParseUtcTimestamp(timestamp);
  const JsonValue* results = root.Find("scan_results");
  if (!results || !results->IsObject()) return Status::Corruption(file + ": scan_results: expected an object");

  // Files scanned outside a project and files of each project hold the same layout.
  auto read_files = [&](const JsonValue& files, const std::string& where) -> Status {
    for (size_t i = 0; i < files.items.size(); ++i) {
      const JsonValue& f = files.items[i];
      std::string fw = Index(where, i);
      std::string location;
      Status st = TextField(f, "location", fw, false, &location);
      if (!st.ok()) return st;
      const JsonValue* res = f.IsObject() ? f.Find("results") : nullptr;
      const JsonValue* deps = nullptr;
      st = res ? ArrayField(*res, "dependencies", fw + ".results", false, &deps)
               : Status::Corruption(fw + ".results: missing");
      if (!st.ok()) return st;
      for (size_t d = 0; d < deps->items.size(); ++d) {
        const JsonValue& dep = deps->items[d];
        std::string dw = Index(fw + ".results.dependencies", d), name;
        const JsonValue* specs = nullptr;
        st = TextField(dep, "name", dw, true, &name);
        if (st.ok()) st = ArrayField(dep, "specifications", dw, false, &specs);
        if (!st.ok()) return st;
        for (size_t k = 0; k < specs->items.size(); ++k) {
          const JsonValue& spec = specs->items[k];
          std::string sw = Index(dw + ".specifications", k), raw;
          st = TextField(spec, "raw", sw, false, &raw);
          const JsonValue* vulns = spec.IsObject() ? spec.Find("vulnerabilities") : nullptr;
          const JsonValue* known = nullptr;
          if (st.ok() && vulns) st = ArrayField(*vulns, "known_vulnerabilities", sw + ".vulnerabilities", false, &known);
          if (!st.ok()) return st;
          if (!known) continue;
          std::string fix;
          if (const JsonValue* rem = vulns->Find("remediation"); rem && rem->IsObject()) {
            if (const JsonValue* rec = rem->Find("recommended"); rec && rec->IsString()) fix = rec->text;
          }
          for (size_t n = 0; n < known->items.size(); ++n) {
            const JsonValue& v = known->items[n];
            std::string vw = Index(sw + ".vulnerabilities.known_vulnerabilities", n), spec_text;
            LintFinding finding;
            st = TextField(v, "id", vw, true, &finding.rule);
            if (st.ok()) st = TextField(v, "vulnerable_spec", vw, false, &spec_text);
            if (!st.ok()) return st;
            if (const JsonValue* ignored = v.Find("ignored"); ignored && ignored->kind != JsonValue::Kind::kNull) {
              ++out->suppressed;
              continue;
            }
            const JsonValue* cve = v.Find("cve");
            std::string cve_name, advisory;
            if (cve && cve->IsObject()) {
              st = TextField(*cve, "name", vw + ".cve", false, &cve_name);
              if (st.ok()) st = TextField(*cve, "advisory", vw + ".cve", false, &advisory);
              if (!st.ok()) return st;
            }
            finding.severity = CvssSeverity(cve).value_or(Severity::kHigh);
            finding.path = location;
            finding.message = (raw.empty() ? name : raw) + ": " + (cve_name.empty() ? "" : cve_name + ": ") + advisory +
                              " (vulnerable " + spec_text + (fix.empty() ? "" : "; recommended " + fix) + ")";
            out->findings.push_back(std::move(finding));
          }
        }
      }
    }
    return Status::OK();
  };

  const JsonValue* files;
  s = ArrayField(*results, "files", file + ": scan_results", false, &files);
  if (s.ok()) s = read_files(*files, file + ": scan_results.files");
  const JsonValue* projects;
  if (s.ok()) s = ArrayField(*results, "projects", file + ": scan_results", false, &projects);
  if (!s.ok()) return s;
  for (size_t p = 0; p < projects->items.size(); ++p) {
    const JsonValue& project = projects->items[p];
    std::string pw = Index(file + ": scan_results.projects", p);
    if (const JsonValue* git = project.IsObject() ? project.Find("git") : nullptr; git && git->IsObject()) {
      std::string commit;
      s = TextField(*git, "commit", pw + ".git", false, &commit);
      if (!s.ok()) return s;
      if (!commit.empty()) out->revision = commit;
    }
    const JsonValue* pfiles;
    s = ArrayField(project, "files", pw, false, &pfiles);
    if (s.ok()) s = read_files(*pfiles, pw + ".files");
    if (!s.ok()) return s;
  }
  return Status::OK();
}

}  // namespace

Status ReadPipAuditJson(const JsonValue& root, const std::string& file, LintReport* out) {
  out->format = "pip-audit JSON";
  const JsonValue* deps = &root;  // pip-audit < 2.0 wrote the array alone
  if (root.IsObject()) {
    Status s = ArrayField(root, "dependencies", file + ": ", true, &deps);
    if (!s.ok()) return s;
  }
  for (size_t i = 0; i < deps->items.size(); ++i) {
    const JsonValue& dep = deps->items[i];
    std::string where = Index(file + ": dependencies", i), name, version, skip;
    Status s = TextField(dep, "name", where, true, &name);
    if (s.ok()) s = TextField(dep, "version", where, false, &version);
    if (s.ok()) s = TextField(dep, "skip_reason", where, false, &skip);
    if (!s.ok()) return s;
    if (!skip.empty()) {
      // Not audited (e.g. not on PyPI): no evidence either way for this package.
      out->findings.push_back({"not-audited", Severity::kLow, name + ": not audited: " + skip, "", 0, 0});
      continue;
    }
    const JsonValue* vulns;
    s = ArrayField(dep, "vulns", where, true, &vulns);
    if (!s.ok()) return s;
    for (size_t k = 0; k < vulns->items.size(); ++k) {
      const JsonValue& v = vulns->items[k];
      std::string vw = Index(where + ".vulns", k), description;
      LintFinding f;
      s = TextField(v, "id", vw, true, &f.rule);
      if (s.ok()) s = TextField(v, "description", vw, false, &description);
      if (!s.ok()) return s;
      std::vector<std::string> aliases;
      if (const JsonValue* a = v.Find("aliases"); a && a->IsArray()) {
        for (const auto& x : a->items) {
          if (x.IsString()) aliases.push_back(x.text);
        }
      }
      f.severity = Severity::kHigh;  // pip-audit's JSON carries no severity
      f.message = name + " " + version + ": " + f.rule + (aliases.empty() ? "" : " (" + Join(aliases, ", ") + ")") +
                  (description.empty() ? "" : ": " + description) + " (" + FixText(v.Find("fix_versions")) + ")";
      out->findings.push_back(std::move(f));
    }
  }
  return Status::OK();
}

Status ReadSafetyJson(const JsonValue& root, const std::string& file, LintReport* out) {
  if (root.Find("scan_results")) return ReadSafety3(root, file, out);
  return ReadSafety2(root, file, out);
}

}  // namespace mlgate
