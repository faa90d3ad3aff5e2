// LCOV tracefiles (geninfo's "TRACEFILE FORMAT"), as lcov --capture and most language
// tools write them. Totals are recomputed from DA and BRDA records, as `lcov --summary`
// does; LF/LH/BRF/BRH are summaries and are not trusted. A source file listed in several
// records (one per test name) is merged: a line is covered if any record hit it.
#include <algorithm>
#include <map>
#include <optional>

#include "base/text.h"
#include "checks/coverage/coverage_report.h"

namespace mlgate {

namespace {

struct FileRecords {
  std::map<long long, bool> lines;  // line -> covered
  std::map<std::string, bool> branches;  // "line,block,branch" -> taken
};

// Counts may be negative or fractional in the wild (docs/FORMATS.md §6): covered means > 0.
bool ParseHitCount(std::string_view text, bool* covered) {
  std::optional<double> value = ParseStrictNumber(text);
  if (!value) return false;
  *covered = *value > 0;
  return true;
}

}  // namespace

Status ParseLcov(std::string_view bytes, const std::string& file, const PathMapper& map_path,
                 CoverageReport* report) {
  std::map<std::string, FileRecords> files;
  FileRecords* current = nullptr;
  LineReader lines(bytes);
  int line_number = 0;
  auto error = [&](const std::string& what) {
    return Status::Corruption(file + ":" + std::to_string(line_number) + ": " + what);
  };
  bool seen_end = false;
  std::string_view line;
  while (lines.Next(&line)) {
    line_number = lines.line_number();
    if (line.empty() || line[0] == '#') continue;  // lcov's own test files carry # comments
    if (line == "end_of_record") {
      if (!current) return error("end_of_record without SF:");
      current = nullptr;
      seen_end = true;
      continue;
    }
    size_t colon = line.find(':');
    if (colon == std::string_view::npos) return error("\"" + std::string(line.substr(0, 40)) + "\" is not an LCOV record");
    std::string_view tag = line.substr(0, colon);
    std::string_view value = line.substr(colon + 1);
    if (tag == "SF") {
      if (current) return error("SF: inside a record; the previous record lacks end_of_record");
      if (value.empty()) return error("SF: with no path");
      current = &files[std::string(value)];
      continue;
    }
    if (tag != "DA" && tag != "BRDA") continue;  // TN, VER, FN*, FNL/FNA, BRF/BRH, LF/LH, MCDC…
    if (!current) return error(std::string(tag) + ": outside a record (no SF: before it)");
    if (tag == "DA") {
      // DA:<line>,<count>[,<checksum>]
      size_t comma = value.find(',');
      if (comma == std::string_view::npos) return error("DA: expected <line>,<count>");
      size_t comma2 = value.find(',', comma + 1);
      long long number;
      bool covered;
      if (!ParseCount(value.substr(0, comma), &number) || number == 0 || number > INT32_MAX) return error("DA: bad line number");
      if (!ParseHitCount(value.substr(comma + 1, comma2 == std::string_view::npos ? std::string_view::npos : comma2 - comma - 1), &covered)) {
        return error("DA: bad execution count");
      }
      bool& slot = current->lines[number];
      slot = slot || covered;
    } else {
      // BRDA:<line>,[e][f][U]<block>,<branch>,<taken>: <branch> may contain commas, so the
      // line and block come from the left and `taken` from the right.
      size_t first = value.find(',');
      size_t second = first == std::string_view::npos ? first : value.find(',', first + 1);
      size_t last = value.rfind(',');
      if (second == std::string_view::npos || last <= second) return error("BRDA: expected <line>,<block>,<branch>,<taken>");
      long long number;
      if (!ParseCount(value.substr(0, first), &number)) return error("BRDA: bad line number");
      std::string_view taken = value.substr(last + 1);
      bool covered = false;
      if (taken != "-" && !ParseHitCount(taken, &covered)) return error("BRDA: bad taken count");
      bool& slot = current->branches[std::string(value.substr(0, last))];
      slot = slot || covered;
    }
  }
  if (current) {
    ++line_number;
    return error("the last record has no end_of_record; the file is truncated");
  }
  if (!seen_end) return Status::Corruption(file + ": no LCOV records (SF: … end_of_record)");
  report->format = "lcov";
  for (const auto& [path, records] : files) {
    FileCoverage f;
    f.path = map_path(NormalizeReportPath(path));
    for (const auto& [number, covered] : records.lines) {
      ++f.lines_valid;
      f.lines_covered += covered ? 1 : 0;
      f.lines.push_back({static_cast<uint32_t>(number), covered ? 1u : 0u});
    }
    for (const auto& [key, taken] : records.branches) {
      ++f.branches_valid;
      f.branches_covered += taken ? 1 : 0;
    }
    report->has_branches = report->has_branches || f.branches_valid > 0;
    report->files.push_back(std::move(f));
  }
  SortAndMergeFiles(&report->files);
  return Status::OK();
}

}  // namespace mlgate
