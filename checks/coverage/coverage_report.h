// The coverage data every reader produces: per-file line and branch counts, counted the way
// the producing tool counts them (docs/FORMATS.md §6), so that totals equal the tool's own.
#pragma once

#include <cstdint>
#include <functional>
#include <string_view>
#include <string>
#include <vector>

#include "base/status.h"

namespace mlgate {

// One executable line of a file, packed to 4 bytes (a 160 MB report holds millions).
struct LineState {
  uint32_t number : 31;
  uint32_t covered : 1;
};

struct FileCoverage {
  std::string path;  // repository-relative when it could be mapped
  long long lines_valid = 0;
  long long lines_covered = 0;
  long long branches_valid = 0;
  long long branches_covered = 0;
  // Each executable line, ascending (for changed-lines coverage in pull-request mode);
  // empty when the format does not say (a coverage.py JSON without line lists).
  std::vector<LineState> lines;
};

struct CoverageReport {
  std::string format;    // "cobertura", "lcov", "jacoco", "coverage.py json"
  std::string producer;  // e.g. "coverage.py 6.5.0", "gcovr 5.2"; empty when unknown
  std::vector<FileCoverage> files;  // sorted by path, one entry per path
  bool has_branches = false;
  // coverage.py measured branches: its own headline total mixes statements and branches.
  bool combined_headline = false;
};

// Maps a path as written in the report to a repository-relative one.
using PathMapper = std::function<std::string(const std::string&)>;

// Detects the format from the content (not the file name) and parses it.
Status ParseCoverageReport(std::string_view bytes, const std::string& file, const PathMapper& map_path,
                           CoverageReport* report);

// The readers, each for one format.
Status ParseCobertura(std::string_view bytes, const std::string& file, const PathMapper& map_path,
                      CoverageReport* report);
Status ParseLcov(std::string_view bytes, const std::string& file, const PathMapper& map_path,
                 CoverageReport* report);
Status ParseJacoco(std::string_view bytes, const std::string& file, const PathMapper& map_path,
                   CoverageReport* report);
Status ParseCoveragePyJson(std::string_view bytes, const std::string& file, const PathMapper& map_path,
                           CoverageReport* report);

// '\' to '/', no "./" prefix, no doubled '/'.
std::string NormalizeReportPath(std::string path);

// Sorts files by path and merges entries of the same path (counts add up); used by readers
// whose format may list a file twice with disjoint counts (JaCoCo, coverage.py JSON).
void SortAndMergeFiles(std::vector<FileCoverage>* files);

// Parses a non-negative count attribute; rejects NaN, signs, fractions and garbage.
bool ParseCount(std::string_view text, long long* value);

}  // namespace mlgate
