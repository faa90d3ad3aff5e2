// Locust's load-test results (docs/FORMATS.md §9): the `--csv` stats file (the current `Type`
// layout and the ≤1.0 `Method` layout; the total row is matched by its name, Aggregated),
// the stats history, the failures file, and the JSON array of stats entries (`--json`),
// whose percentiles are computed from the response-time buckets exactly as Locust does.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace mlgate {

struct EndpointLoad {
  std::string method;  // "POST"; empty for the total
  std::string name;    // "/predict"; "Aggregated" for the total
  long long requests = 0;
  long long failures = 0;
  double rps = 0;
  // Response-time percentiles in ms by Locust's label ("95%", "99%"); absent with no requests.
  std::map<std::string, double> percentiles_ms;
};

struct LoadReport {
  std::string format;  // "Locust CSV", "Locust JSON"
  std::vector<EndpointLoad> endpoints;
  EndpointLoad total;
};

struct LoadFailure {
  std::string method, name, error;
  long long occurrences = 0;
};

// Detects CSV or JSON from the content.
Status ParseLocustStats(std::string_view text, const std::string& file, LoadReport* out);
Status ParseLocustFailures(std::string_view text, const std::string& file, std::vector<LoadFailure>* out);
// The lowest aggregated Requests/s of the history rows taken at the run's full user count
// (after the ramp-up); nullopt when the history never reached a user count above 0.
Status ParseLocustHistory(std::string_view text, const std::string& file, std::optional<double>* sustained_rps);

// Locust's percentile over {bucket ms: count}: walk buckets from the slowest down until
// no more than int(requests * fraction) requests remain (locust/stats.py).
double LocustPercentile(const std::map<long long, long long>& buckets, long long requests, double fraction);

}  // namespace mlgate
