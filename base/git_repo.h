// A thin RAII layer over libgit2: the only file that calls git_* functions or reads
// git_error_last(). mlgate never passes untrusted revision expressions to libgit2.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "base/status.h"

namespace mlgate {

// Line numbers (1-based, ascending) by path.
using ChangedLines = std::map<std::string, std::vector<int>>;

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
  // OK when the history can be trusted as recorded; otherwise why not: a shallow clone
  // (history missing), .git/info/grafts or refs/replace/ (history rewritten locally, and
  // honoured by libgit2) — docs/THREATS.md T3.
  Status CheckHistoryTrust() const;

  struct Commit {
    std::string id;  // full hex
    std::string author_name, author_email;
    long long time = 0;  // committer time, unix seconds
    std::string message;
    std::vector<std::pair<std::string, std::string>> trailers;  // "Key: value" lines ending the message
    std::string signature;    // the gpgsig header's value; empty when unsigned
    std::string signed_data;  // the commit as signed: everything but that header
    int signature_headers = 0;  // gpgsig headers in the commit (git signs with one)
  };
  // Every commit reachable from HEAD, once each, in no particular order, as stored: its
  // header and message are views valid during the call. `marked` says the commit is also
  // reachable from one of `marks` (full ids: the commits of earlier promotions). A non-OK
  // from visit stops the walk. One read of each commit, no parsing beyond the parents: as
  // cheap as `git log`, so a long history is fine.
  struct RawCommit {
    std::string id;
    std::string_view header, message;
    int parents = 0;
    bool marked = false;
  };
  Status WalkHistory(const std::vector<std::string>& marks, const std::function<Status(const RawCommit&)>& visit) const;
  // One commit in full (trailers, signature, the signed data).
  Status ReadCommit(const std::string& id, Commit* out) const;
  // The paths a commit changed against its first parent (all of its files for a root).
  Status ChangedPaths(const std::string& id, std::vector<std::string>* paths) const;
  // The bytes of `path` (relative to the working directory) in commit `id`'s tree.
  // NotFound when the commit has no such file; Limit when it is larger than max_bytes.
  Status ReadFileAt(const std::string& id, const std::string& path, size_t max_bytes, std::string* text) const;
  // A full commit id for `ref`, looked up exactly, never as a revision expression (no
  // `:/text`, `@{…}`, `~`, `^`: docs/THREATS.md T17): 40 hex digits naming a commit, or a
  // reference name — `refs/…` as given, else NAME as refs/heads/NAME, refs/remotes/origin/NAME
  // or refs/tags/NAME, in that order.
  Status ResolveExact(const std::string& ref, std::string* id) const;
  // The best common ancestor of two commits (full ids), as `git merge-base`.
  Status MergeBase(const std::string& a, const std::string& b, std::string* base) const;
  // The lines each file gained from commit `from` to commit `to` (their numbers in `to`),
  // keyed by path relative to the working directory; renames detected as git does, so a
  // moved file's unchanged lines are not "added". What diff-cover measures on a branch.
  Status AddedLines(const std::string& from, const std::string& to, ChangedLines* out) const;
  // Creates the annotated tag refs/tags/<name> on HEAD with `message`, by the configured
  // user (user.name/user.email), else "mlgate". AlreadyExists-like error when it exists.
  Status CreateTag(const std::string& name, const std::string& message) const;
  // The commits the tags refs/tags/<prefix>* point at (annotated tags peeled).
  Status TagTargets(const std::string& prefix, std::vector<std::string>* out) const;
  // The repository's .git directory, with a trailing '/'.
  std::string GitDir() const;
  // The working directory's absolute path, with a trailing '/'.
  std::string WorkDir() const;
  // `dir` relative to the working directory ("" at its top, "a/b" below), symlinks
  // resolved; InvalidArgument when it is not inside it.
  Status RelativeDir(const std::string& dir, std::string* relative) const;

 private:
  struct Impl;
  explicit GitRepo(Impl* impl) : impl_(impl) {}
  Impl* impl_;
};

}  // namespace mlgate
