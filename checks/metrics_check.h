// metrics: the model's technical and functional metrics meet their thresholds and do not
// regress against the model in production.
//
// Reads metrics files (JSON or YAML, flat or nested, dotted paths; DVC metrics files) and/or
// an MLflow file-store run. Each threshold is a measurement named after the metric;
// baseline comparisons add `<name>.drop` / `<name>.increase`. A metric the policy names
// but the evidence lacks is an error, never a pass. With no baseline yet (first
// promotion), `on_missing_baseline` decides, and the report says which.
#pragma once

#include <memory>

#include "gate/check.h"

namespace mlgate {

extern const char kMetricsHelp[];
std::unique_ptr<Check> NewMetricsCheck();

}  // namespace mlgate
