// coverage.py JSON (`coverage json`): per-file summaries of statements and branches.
// coverage.py's own headline (percent_covered) is (covered lines + covered branches) /
// (statements + branches) when branches were measured; we report lines and branches
// separately and that mix as combined_coverage.
#include <tuple>

#include "base/json_doc.h"
#include "checks/coverage/coverage_report.h"

namespace mlgate {

namespace {

Status Count(const JsonValue& summary, const char* key, bool required, const std::string& where, long long* out) {
  const JsonValue* v = summary.Find(key);
  if (!v) {
    if (required) return Status::Corruption(where + ": summary has no \"" + key + "\"");
    *out = 0;
    return Status::OK();
  }
  if (!v->IsNumber() || !v->integral || v->number < 0 || v->number > 1e15) {
    return Status::Corruption(where + ": summary." + key + " is not a non-negative integer");
  }
  *out = static_cast<long long>(v->number);
  return Status::OK();
}

}  // namespace

Status ParseCoveragePyJson(std::string_view bytes, const std::string& file, const PathMapper& map_path,
                           CoverageReport* report) {
  JsonValue root;
  Status s = ParseJson(bytes, file, &root);
  if (!s.ok()) return s;
  const JsonValue* files = root.IsObject() ? root.Find("files") : nullptr;
  if (!files || !files->IsObject()) {
    return Status::Corruption(file + ": no \"files\" object; not a coverage.py JSON report (make it with `coverage json`)");
  }
  report->format = "coverage.py json";
  if (const JsonValue* meta = root.Find("meta")) {
    if (const JsonValue* version = meta->Find("version"); version && version->IsString()) {
      report->producer = "coverage.py " + version->text;
    }
    if (const JsonValue* branch = meta->Find("branch_coverage"); branch && branch->kind == JsonValue::Kind::kBool) {
      report->has_branches = branch->boolean;
    }
  }
  for (const auto& member : files->members) {
    std::string where = file + ": files[\"" + member.key + "\"]";
    const JsonValue* summary = member.value.IsObject() ? member.value.Find("summary") : nullptr;
    if (!summary || !summary->IsObject()) return Status::Corruption(where + ": no summary object");
    FileCoverage f;
    f.path = map_path(NormalizeReportPath(member.key));
    for (auto [key, out, required] : {std::tuple{"num_statements", &f.lines_valid, true},
                                      std::tuple{"covered_lines", &f.lines_covered, true},
                                      std::tuple{"num_branches", &f.branches_valid, report->has_branches},
                                      std::tuple{"covered_branches", &f.branches_covered, report->has_branches}}) {
      s = Count(*summary, key, required, where, out);
      if (!s.ok()) return s;
    }
    if (f.lines_covered > f.lines_valid || f.branches_covered > f.branches_valid) {
      return Status::Corruption(where + ": more covered than measured; the report is inconsistent");
    }
    // The line lists (coverage.py 5 and later) say which statements ran. executed_lines may
    // also hold a line that is no statement (coverage.py 6.5 lists a module docstring's
    // line 1); only a changed such line would count, as covered. Cobertura XML has none.
    for (auto [key, covered] : {std::pair{"executed_lines", 1u}, std::pair{"missing_lines", 0u}}) {
      const JsonValue* list = member.value.Find(key);
      if (!list) continue;
      if (list->kind != JsonValue::Kind::kArray) return Status::Corruption(where + ": " + key + " is not a list");
      for (const auto& item : list->items) {
        if (!item.IsNumber() || !item.integral || item.number < 0 || item.number >= 2147483648.0) {
          return Status::Corruption(where + ": " + key + " holds something other than line numbers");
        }
        // Line 0 is coverage.py's mark for a module with no statements (an empty __init__.py).
        if (item.number > 0) f.lines.push_back({static_cast<uint32_t>(item.number), covered});
      }
    }
    report->files.push_back(std::move(f));
  }
  SortAndMergeFiles(&report->files);
  report->combined_headline = report->has_branches;
  return Status::OK();
}

}  // namespace mlgate
