// Metrics files (JSON or YAML, detected from content): every number read is finite, as
// a threshold comparison needs (NaN compares false and would pass a `min`).
#include <cmath>

#include "checks/metrics/metric_source.h"
#include "fuzz/fuzz_util.h"
#include "gate/workspace.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  size_t name = mlgate::fuzz::Choose(&data, &size, 2);
  mlgate::EvidenceFile file;
  file.path = name ? "metrics.yaml" : "metrics.json";
  file.bytes = mlgate::fuzz::Bytes(data, size);
  mlgate::MetricTable table;
  if (!mlgate::ReadMetricsFile(file, &table).ok()) return 0;
  for (const auto& [key, value] : table) {
    if (value.number) mlgate::fuzz::Require(std::isfinite(*value.number));
  }
  return 0;
}
