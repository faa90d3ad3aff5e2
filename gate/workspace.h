// The workspace: the repository a policy is judged in. Every evidence file a check reads
// goes through it, so that every path is resolved inside the repository root (a path or a
// symlink leading outside is refused), sizes are bounded before anything is parsed, and the
// sha256 of the exact bytes judged is recorded in the report.
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "base/data_hash.h"
#include "base/status.h"
#include "gate/result.h"

namespace mlgate {

// The bytes of one evidence file. Large files are memory-mapped (read-only, private): no
// copy and no zeroing of a buffer, which dominated reading a 160 MB report. `bytes` stays
// valid as long as the EvidenceFile (or a copy of it) lives.
struct EvidenceFile {
  std::string path;  // as the policy named it, relative to the root
  std::string_view bytes;
  std::string sha256;
  std::shared_ptr<const void> storage;  // keeps `bytes` alive
  long long modified_unix = 0;          // the file's mtime, for reports that record no time
  EvidenceRecord Record() const { return {path, sha256, bytes.size()}; }
};

class Workspace {
 public:
  // `root` must exist; `max_bytes` bounds every evidence file read, `max_hashed_bytes`
  // every file hashed whole (data files, model artifacts: limits: max_artifact_gb).
  Workspace(std::string root, unsigned long long max_bytes,
            unsigned long long max_hashed_bytes = kDefaultMaxHashedBytes);

  const std::string& root() const { return root_; }
  const std::string& real_root() const { return real_root_; }  // the root's realpath
  unsigned long long max_bytes() const { return max_bytes_; }
  unsigned long long max_hashed_bytes() const { return max_hashed_bytes_; }

  // The absolute, symlink-free path of `path` (relative to the root, or absolute inside it).
  // NotFound when it does not exist; InvalidArgument when it leads outside the root or the
  // name holds NUL or control characters.
  Status Resolve(const std::string& path, std::string* absolute) const;

  // Reads a regular file through Resolve, within max_bytes, and hashes it.
  Status Read(const std::string& path, EvidenceFile* out) const;

  bool Exists(const std::string& path) const;

  // Names (not paths) of the entries of a directory inside the root, sorted.
  Status List(const std::string& path, std::vector<std::string>* names) const;

  // The regular files inside the root whose relative path matches `pattern` (text.h's
  // GlobMatch: '*', '?', '**'), sorted. A pattern without wildcards names one file. The walk
  // skips .git, follows no link out of the root, and stops with a Limit error past
  // kMaxGlobEntries directory entries so a pattern like "**" cannot stall the gate.
  Status Glob(const std::string& pattern, std::vector<std::string>* matches) const;
  static constexpr int kMaxGlobEntries = 200000;

  // `path` relative to the root when it lies inside it ('/'-separated), else unchanged.
  std::string Relativize(const std::string& path) const;

 private:
  std::string RealPathOf(const std::string& joined) const;

  std::string root_;       // as given
  std::string real_root_;  // realpath of root_
  unsigned long long max_bytes_;
  unsigned long long max_hashed_bytes_;
  // Directories already resolved (realpath reads every component of a path; a lock over
  // thousands of files in one tree would otherwise repeat it for each).
  mutable std::mutex dirs_mutex_;
  mutable std::unordered_map<std::string, std::string> real_dirs_;
};

}  // namespace mlgate
