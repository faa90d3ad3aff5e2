// schema: the data the model trains, is tested and runs on matches its data contract.
//
// The contract (YAML) names each column with its type (int, float, string, bool, date)
// and optional rules: nullable, min/max, allowed values, regex, max_missing_rate, unique.
// Every data file is streamed on every core; each broken rule is a finding with its count
// and the first lines, and `violations` counts them all. Missing and unknown columns are
// violations too.
#pragma once

#include <memory>

#include "gate/check.h"

namespace mlgate {

extern const char kSchemaHelp[];
std::unique_ptr<Check> NewSchemaCheck();

}  // namespace mlgate
