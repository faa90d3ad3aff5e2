#include "checks/coverage/coverage_report.h"

#include <algorithm>
#include <charconv>

#include "base/text.h"

namespace mlgate {

std::string NormalizeReportPath(std::string path) {
  std::replace(path.begin(), path.end(), '\\', '/');
  std::string out;
  for (size_t i = 0; i < path.size(); ++i) {
    if (path[i] == '/' && !out.empty() && out.back() == '/') continue;
    out += path[i];
  }
  while (out.size() > 2 && out.compare(0, 2, "./") == 0) out.erase(0, 2);
  return out;
}

void SortAndMergeFiles(std::vector<FileCoverage>* files) {
  std::stable_sort(files->begin(), files->end(), [](const auto& a, const auto& b) { return a.path < b.path; });
  std::vector<FileCoverage> merged;
  for (auto& f : *files) {
    if (!merged.empty() && merged.back().path == f.path) {
      FileCoverage& m = merged.back();
      m.lines_valid += f.lines_valid;
      m.lines_covered += f.lines_covered;
      m.branches_valid += f.branches_valid;
      m.branches_covered += f.branches_covered;
      m.lines.insert(m.lines.end(), f.lines.begin(), f.lines.end());
    } else {
      merged.push_back(std::move(f));
    }
  }
  // Lines ascending, one entry per number: covered when any entry says so.
  for (auto& f : merged) {
    auto& lines = f.lines;
    std::stable_sort(lines.begin(), lines.end(), [](LineState a, LineState b) { return a.number < b.number; });
    size_t out = 0;
    for (size_t i = 0; i < lines.size(); ++i) {
      if (out > 0 && lines[out - 1].number == lines[i].number) {
        lines[out - 1].covered = lines[out - 1].covered | lines[i].covered;
      } else {
        lines[out++] = lines[i];
      }
    }
    lines.resize(out);
  }
  *files = std::move(merged);
}

bool ParseCount(std::string_view text, long long* value) {
  if (text.empty()) return false;
  auto result = std::from_chars(text.data(), text.data() + text.size(), *value);
  return result.ec == std::errc() && result.ptr == text.data() + text.size() && *value >= 0;
}

Status ParseCoverageReport(std::string_view bytes, const std::string& file, const PathMapper& map_path,
                           CoverageReport* report) {
  std::string_view head = bytes;
  if (head.substr(0, 3) == "\xEF\xBB\xBF") head.remove_prefix(3);
  head = Trim(head.substr(0, 4096));
  if (head.empty()) return Status::Corruption(file + ": is empty; expected a coverage report");
  if (head[0] == '{') return ParseCoveragePyJson(bytes, file, map_path, report);
  if (head[0] == '<') {
    // Cobertura's root is <coverage>, JaCoCo's is <report>; both may follow a prolog.
    size_t coverage = head.find("<coverage");
    size_t jacoco = head.find("<report");
    if (jacoco != std::string_view::npos && (coverage == std::string_view::npos || jacoco < coverage)) {
      return ParseJacoco(bytes, file, map_path, report);
    }
    return ParseCobertura(bytes, file, map_path, report);
  }
  for (const char* record : {"TN:", "SF:"}) {
    if (head.substr(0, 3) == record) return ParseLcov(bytes, file, map_path, report);
  }
  return Status::Corruption(file + ": not a coverage report mlgate reads; expected Cobertura XML "
                                   "(coverage xml, gcovr --xml), JaCoCo XML, an LCOV tracefile or coverage.py JSON");
}

}  // namespace mlgate
