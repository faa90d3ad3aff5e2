// load: the load test met its latency, throughput and error budget.
//
// Reads Locust's results (the --csv stats file, or its JSON), and with them the stats
// history and failures files when present. Measures p95_ms, p99_ms, rps and failure_ratio
// of the whole run (Locust's Aggregated row) and, when the policy names endpoints, of each;
// sustained_rps from the history. A run with no requests is no evidence and blocks.
#pragma once

#include <memory>

#include "gate/check.h"

namespace mlgate {

extern const char kLoadHelp[];
std::unique_ptr<Check> NewLoadCheck();

}  // namespace mlgate
