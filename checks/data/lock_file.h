// mlgate.lock: the sha256 of every declared data, model and environment file, written by
// `mlgate lock` and verified by the reproducibility check. JSON, sorted by path, with no
// timestamp, so that the file changes exactly when a locked file does and reviews as a diff.
//
//   {"version": 1, "algorithm": "sha256",
//    "files": [{"path": "data/train.csv", "sha256": "…", "size": 91463}, …]}
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "gate/workspace.h"

namespace mlgate {

struct LockEntry {
  std::string path;  // repository-relative
  std::string sha256;
  unsigned long long size = 0;
};

// Environment files locked whenever they exist at the repository root.
const std::vector<std::string>& DefaultEnvironmentFiles();

// The files a lock covers: each pattern expanded in the workspace (a pattern that matches
// nothing is an error: a declared file is missing), the model artifacts, and the default
// environment files that exist. Sorted, without duplicates.
Status DeclaredFiles(const Workspace& workspace, const std::vector<std::string>& patterns,
                     const std::vector<std::string>& artifacts, std::vector<std::string>* out);

// Hashes the declared files (DeclaredFiles) with sha256 on every core.
Status BuildLock(const Workspace& workspace, const std::vector<std::string>& patterns,
                 const std::vector<std::string>& artifacts, const std::function<void(unsigned long long)>& progress,
                 std::vector<LockEntry>* out);

std::string RenderLockFile(const std::vector<LockEntry>& entries);
Status ParseLockFile(std::string_view text, const std::string& file, std::vector<LockEntry>* out);

}  // namespace mlgate
