// What `mlgate serve` shows, as pure functions of what it found: the gate runs under a
// reports directory (each a report.json), the registries' status, the drift history. The
// server (cli/serve.cc) only routes requests to these and to files inside the
// directory, resolved by ServedFile.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "base/status.h"
#include "gate/workspace.h"
#include "registry/environments.h"

namespace mlgate {

// One gate run: a report.json somewhere under the served directory.
struct GateRun {
  std::string dir;  // relative to the served directory, '/'-separated ("" for its root)
  std::string model, environment, commit, verdict, tool_version;
  long long time = 0;  // report.json's modification time, unix seconds
  bool has_html = false;
  std::optional<double> drifted_share;  // when the run had a drift check
};

// What was read of each report.json, by path, with its size and time: a file unchanged
// since is not parsed again (the index is asked for far more often than runs arrive).
struct RunCache {
  struct Entry {
    long long size = -1, mtime_ns = -1;
    GateRun run;
  };
  std::map<std::string, Entry> entries;
};

// Every report.json under `root` (at most 4 levels down, newest first). A report that does
// not parse is listed with verdict "unreadable", not skipped. With `cache`, files
// unchanged since the last call are not read again.
Status FindRuns(const std::string& root, std::vector<GateRun>* runs, RunCache* cache = nullptr);

// The index page: runs, where each model is live, the drift history (no script, no fetch).
std::string DashboardPage(const std::vector<GateRun>& runs, const std::vector<EnvironmentStatus>& status,
                          const std::string& title);
// {"runs": [...]} for /api/runs.
std::string RunsJson(const std::vector<GateRun>& runs);

// The file a request for `relative` (already URL-decoded, below the served directory)
// names: refused (false) when it is empty, holds a backslash or a component that is empty
// or starts with '.' (so no ".."), when the workspace refuses it (control characters, a way
// outside), when it leads through a symlink, or is not a regular file.
bool ServedFile(const Workspace& served, const std::string& relative, std::string* file);

}  // namespace mlgate
