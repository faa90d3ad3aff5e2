// The file registry a promotion writes into (docs/DESIGN.md "Registries and promotion"): one
// directory per environment, laid out as
//
//   <root>/<model>/<version>/artifact        a promoted artifact (a file or a directory), byte for byte
//   <root>/<model>/<version>/artifact.sha256 its sha256 (gate/artifact.h) and a line end
//   <root>/<model>/<version>/manifest.json   what the gate decided about it, and whatever
//                                            else the caller files with it (attestation)
//   <root>/<model>/CURRENT                   the live version's name and a line end
//   <root>/<model>/HISTORY                   one JSON line per promotion and rollback
//   <root>/<model>/.lock                     held while a promotion runs; the holder's pid
//   <root>/<model>/.tmp-*                    being written; removed by the next run
//
// A version is named by the first 16 hex digits of the artifact's sha256. Every change is
// a new file written, synced and renamed into place, and CURRENT is replaced last, by a
// rename: a crash at any instant leaves the old version or the new one live, never a
// mixture, and what it left half-written is never named by CURRENT.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "base/status.h"

namespace mlgate {

class FileRegistry {
 public:
  // `root` must exist or be creatable; `model` is a validated name (letters, digits, . _ -).
  static Status Open(const std::string& root, const std::string& model, std::unique_ptr<FileRegistry>* out);

  // Called before each file-system step with its name ("copy", "fsync artifact", "rename
  // version", …): tests kill the process at the Nth step to prove the layout crash-safe.
  using StepHook = std::function<void(const char* step)>;
  void set_step_hook(StepHook hook) { step_ = std::move(hook); }

  // Serializes promotions of this model: an exclusive lock file holding the pid. A lock
  // whose process is gone is taken over; a live one is waited for up to `wait_ms`
  // (`waiting` is told its pid), then it is an error naming the pid.
  class Lock {
   public:
    ~Lock();
    Lock(const Lock&) = delete;
    Lock& operator=(const Lock&) = delete;

   private:
    friend class FileRegistry;
    explicit Lock(std::string path) : path_(std::move(path)) {}
    std::string path_;
  };
  Status Acquire(std::unique_ptr<Lock>* lock, int wait_ms = 0, const std::function<void(long pid)>& waiting = {});

  // Removes what an interrupted run left (.tmp-* entries). Call with the lock held.
  Status CleanLeftovers();

  // Copies `source` (a regular file or an artifact directory) in as a new version, hashing
  // while it copies: when the bytes are not `expected_sha256` nothing is published and the
  // error says so (what is copied must be what was judged). `files` (name, contents; at
  // least manifest.json) are written next to it. *version is its name; publishing a
  // version that exists already changes nothing (*existed).
  Status Publish(const std::string& source, const std::string& expected_sha256,
                 const std::vector<std::pair<std::string, std::string>>& files, std::string* version, bool* existed);

  // Makes `version` (published) the live one.
  Status SetCurrent(const std::string& version);
  // The live version; empty when none was ever promoted.
  Status Current(std::string* version) const;
  // Every published version, sorted.
  Status Versions(std::vector<std::string>* versions) const;
  // Whether a version's artifact still has the sha256 its name and manifest record;
  // *problem says what is wrong (empty when it is intact). An artifact grown past
  // `max_artifact_bytes` is not read (see ArtifactDigest).
  Status Verify(const std::string& version, unsigned long long max_artifact_bytes, std::string* problem) const;
  // A file of a published version ("manifest.json", "artifact.sha256", …); NotFound when
  // it has none by that name.
  Status ReadFile(const std::string& version, const std::string& name, std::string* text) const;
  std::string ArtifactPath(const std::string& version) const { return dir_ + "/" + version + "/artifact"; }

  // Adds one line (a JSON object) to <root>/<model>/HISTORY, the registry's own log of
  // promotions and rollbacks, by writing the whole log anew and renaming it into place.
  // Written before CURRENT changes: after a kill between the two, its last line names a
  // version that did not go live; CURRENT is the truth.
  Status AppendHistory(const std::string& line);

  const std::string& dir() const { return dir_; }

 private:
  FileRegistry() = default;
  void Step(const char* name) const {
    if (step_) step_(name);
  }
  Status CopyHashed(const std::string& from, const std::string& to, std::string* hex, unsigned long long* size) const;
  Status CopyTreeHashed(const std::string& from, const std::string& to, std::string* hex) const;
  Status Replace(const std::string& name, const std::string& text);

  std::string dir_;  // <root>/<model>
  StepHook step_;
};

// A model or version name fit for a path: 1–128 of [A-Za-z0-9._-], not "." or "..".
bool IsSafeName(const std::string& name);

}  // namespace mlgate
