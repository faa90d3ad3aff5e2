// isolation: the test set is never used for training.
//
// Row overlap: every test row is fingerprinted (normalised: trimmed, numbers by value)
// over all columns or the `key` columns, then train is streamed and each of its rows looked
// up; overlap_rows counts the test rows found in train, with the first examples listed by
// file and line. Lineage: no training stage of dvc.yaml depends on the test set (or a
// directory holding it).
#pragma once

#include <memory>

#include "gate/check.h"

namespace mlgate {

extern const char kIsolationHelp[];
std::unique_ptr<Check> NewIsolationCheck();

}  // namespace mlgate
