// Locust's load-test output: stats (CSV or JSON), failures and history CSV.
#include <cmath>

#include "checks/load/locust_stats.h"
#include "fuzz/fuzz_util.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  size_t reader = mlgate::fuzz::Choose(&data, &size, 3);
  std::string_view text = mlgate::fuzz::Bytes(data, size);
  if (reader == 0) {
    mlgate::LoadReport report;
    if (mlgate::ParseLocustStats(text, "stats.csv", &report).ok()) {
      for (const auto& e : report.endpoints) {
        mlgate::fuzz::Require(e.requests >= 0 && e.failures >= 0 && std::isfinite(e.rps));
        for (const auto& [label, ms] : e.percentiles_ms) mlgate::fuzz::Require(std::isfinite(ms));
      }
    }
  } else if (reader == 1) {
    std::vector<mlgate::LoadFailure> failures;
    (void)mlgate::ParseLocustFailures(text, "failures.csv", &failures);
  } else {
    std::optional<double> rps;
    if (mlgate::ParseLocustHistory(text, "history.csv", &rps).ok() && rps) mlgate::fuzz::Require(std::isfinite(*rps));
  }
  return 0;
}
