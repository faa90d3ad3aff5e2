// reproducibility: the data, models and code a pipeline recorded are the ones in the tree.
//
// Re-hashes every dep and out that dvc.lock records, exactly as DVC computes them (md5 of
// the bytes for `hash: md5` entries, DVC 2's text-normalised md5 for entries without it,
// the `.dir` listing hash for directories), on every core, and lists each mismatch and
// each missing path with the expected and actual hash and size.
#pragma once

#include <memory>

#include "gate/check.h"

namespace mlgate {

extern const char kReproducibilityHelp[];
std::unique_ptr<Check> NewReproducibilityCheck();

}  // namespace mlgate
