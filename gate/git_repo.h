// A thin RAII layer over libgit2: the only file that calls git_* functions or reads
// git_error_last(). mlgate never passes untrusted revision expressions to libgit2.
#pragma once

#include <memory>
#include <string>
#include <vector>

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
  // One commit of a file's first-parent history.
  struct FileVersion {
    std::string commit;   // full id
    std::string blob;     // the file's blob id at that commit; empty when absent
    std::string author;   // "Name <email>"
    std::string summary;  // the message's first line
    long long time = 0;   // committer time, unix seconds
  };
  // HEAD's first-parent history, newest first, at most `limit` commits, with the blob of
  // `path` (relative to the working directory) at each.
  Status FileHistory(const std::string& path, int limit, std::vector<FileVersion>* out) const;
  // The blob id `path` would have in the working tree now (its bytes hashed as git does).
  Status WorkingBlob(const std::string& path, std::string* blob) const;
  // A shallow clone lacks the history a check would need to read.
  bool IsShallow() const;
  // The working directory's absolute path, with a trailing '/'.
  std::string WorkDir() const;

 private:
  struct Impl;
  explicit GitRepo(Impl* impl) : impl_(impl) {}
  Impl* impl_;
};

}  // namespace mlgate
