// Pre-aggregated drift summaries: when a side of the comparison has billions of rows, a
// Spark or SQL job reduces it to per-feature counts and mlgate judges those (README
// "Drift over a warehouse" has the SQL). The format (JSON, at most the evidence size limit):
//
//   {
//     "format": "mlgate-drift-summary/1",
//     "rows": 2000000,                                      optional
//     "features": {
//       "income":  {"kind": "numeric", "missing": 12,
//                   "edges": [null, 10000, 20000, 40000, null],   bin edges; null: open end
//                   "counts": [1500, 620000, 900000, 478488],     rows per bin (edges - 1)
//                   "mean": 27310.5, "std": 9120.4},               optional
//       "country": {"kind": "categorical", "missing": 0,
//                   "counts": {"DE": 120000, "FR": 80000}}
//     },
//     "windows": [                                          optional, instead of "features"
//       {"start": "2026-11-01T00:00:00Z", "features": {...}}
//     ]
//   }
//
// A bin holds the values v with edge[i] <= v < edge[i+1] (the last one closed), as
// numpy.histogram and PostgreSQL's width_bucket count them. Both sides of a numeric
// feature must be binned on the same edges; a CSV side is binned on the summary's.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "checks/drift/drift_data.h"

namespace mlgate::drift {

constexpr const char kSummaryFormat[] = "mlgate-drift-summary/1";

// Reads a summary into a table: one window per "windows" entry, or one for "features".
Status ParseDriftSummary(std::string_view text, const std::string& display, DriftTable* out);

// Counts a column's sorted values into the bins of `edges` (the summary's rules).
std::vector<double> BinValues(Sample sorted, const std::vector<double>& edges);

}  // namespace mlgate::drift
