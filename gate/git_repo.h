// A thin RAII layer over libgit2: the only file that calls git_* functions or reads
// git_error_last(). mlgate never passes untrusted revision expressions to libgit2.
#pragma once

#include <memory>
#include <string>

#include "gate/status.h"

namespace mlgate {

class GitRepo {
 public:
  // Opens the repository containing `path` (searching upwards). NotFound outside a repository.
  static Status Open(const std::string& path, std::unique_ptr<GitRepo>* repo);
  ~GitRepo();
  GitRepo(const GitRepo&) = delete;
  GitRepo& operator=(const GitRepo&) = delete;

  // Full hex id of HEAD's commit; NotFound on an unborn branch.
  Status HeadCommit(std::string* hex) const;
  // The committer time of HEAD's commit, in seconds since the epoch.
  Status HeadCommitTime(long long* unix_seconds) const;
  // The working directory's absolute path, with a trailing '/'.
  std::string WorkDir() const;

 private:
  struct Impl;
  explicit GitRepo(Impl* impl) : impl_(impl) {}
  Impl* impl_;
};

}  // namespace mlgate
