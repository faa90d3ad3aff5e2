// reproducibility: the data, models and code a pipeline recorded are the ones in the tree.
//
// Re-hashes every dep and out that dvc.lock records, exactly as DVC computes them (md5 of
// the bytes for `hash: md5` entries, DVC 2's text-normalised md5 for entries without it,
// the `.dir` listing hash for directories), on every core, and lists each mismatch and
// each missing path with the expected and actual hash and size.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "gate/check.h"

namespace mlgate {

extern const char kReproducibilityHelp[];
std::unique_ptr<Check> NewReproducibilityCheck();

// What `mlgate lock` writes, as the configured check will read it back: the globs of
// `files` (besides the artifacts and environment files BuildLock always adds) and the lock
// file's name.
struct LockSpec {
  std::vector<std::string> files;
  std::string lock_file = "mlgate.lock";
};
// The lock spec of a configured reproducibility check; the defaults for any other check
// or null (a policy without the check still gets a lock of its artifacts).
LockSpec LockSpecOf(const Check* check);

}  // namespace mlgate
