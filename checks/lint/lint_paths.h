// Paths in lint findings, made repository-relative so waivers, annotations and the stale
// check match: tools write absolute paths from the CI runner that made the report
// (/home/runner/work/app/app/src/x.py), `file://` URIs with percent-escapes, Windows
// separators and drive letters, or "./"-prefixed relative paths.
#pragma once

#include <string>
#include <string_view>
#include <unordered_map>

#include "gate/workspace.h"

namespace mlgate {

class FindingPaths {
 public:
  explicit FindingPaths(const Workspace& workspace) : workspace_(workspace) {}

  // The repository-relative path of `raw`. An absolute path from another machine is
  // mapped by its longest suffix that exists in the repository; a path that matches
  // nothing is returned normalized but unmapped (the stale check reports it).
  std::string Map(std::string_view raw);

  // True when `path` (as returned by Map) names a file in the repository.
  bool Exists(const std::string& path);

 private:
  const Workspace& workspace_;
  std::unordered_map<std::string, std::string> mapped_;
  std::unordered_map<std::string, bool> exists_;
};

// Percent-decoding and scheme stripping of a file URI or path, '\' to '/', no drive
// letter, no "./" or doubled '/': the pure half of FindingPaths::Map.
std::string NormalizeToolPath(std::string_view raw);

}  // namespace mlgate
