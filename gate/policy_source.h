// Where the rules come from. The policy files — mlgate.yaml, the repository's packs in
// policies/, the approval check's allowed_signers and revocation files — are read through a
// PolicySource: the working tree normally, or in pull-request mode (--base) the base
// commit's tree, so that a pull request is judged by the rules it would change, never by
// its own edit of them (docs/THREATS.md T1). Every file read is remembered, so the report can
// show a pull request's edit of one as a pending policy change.
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "base/status.h"

namespace mlgate {

class GitRepo;

class PolicySource {
 public:
  // `root`: the directory holding mlgate.yaml (absolute); `relative`: that directory
  // relative to the repository's working directory ("" at its top), for base reads.
  static std::unique_ptr<PolicySource> WorkingTree(std::string root);
  // Reads from commit `base` (a full id) of `repo`, which must outlive the source.
  static std::unique_ptr<PolicySource> BaseCommit(const GitRepo* repo, std::string base, std::string relative);
  virtual ~PolicySource() = default;

  // The bytes of `path` (relative to mlgate.yaml's directory; no "..", not absolute), at
  // most 1 MiB. NotFound when the file does not exist there.
  Status Read(const std::string& path, std::string* text) const;
  // "the working tree" or "base commit 1a2b3c4d5e6f".
  virtual std::string Describe() const = 0;
  bool from_base() const { return from_base_; }

  struct FileRead {
    std::string path;
    std::string sha256;  // empty when it did not exist
  };
  std::vector<FileRead> files_read() const;

 protected:
  explicit PolicySource(bool from_base) : from_base_(from_base) {}
  virtual Status ReadRaw(const std::string& path, std::string* text) const = 0;

 private:
  bool from_base_;
  mutable std::mutex mutex_;
  mutable std::vector<FileRead> files_read_;
};

// Policy files the working tree has in another version than the base (a pull request's
// edit of its own rules): "mlgate.yaml (edited)", "policies/x.yaml (deleted)".
std::vector<std::string> PendingPolicyChanges(const PolicySource& base, const std::string& root);

}  // namespace mlgate
