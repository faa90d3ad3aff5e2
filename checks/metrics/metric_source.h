// Where metric values come from: JSON or YAML metrics files (flat or nested; DVC metrics
// files are such files), addressed with dotted paths ("eval.f1"), and MLflow file-store
// runs (mlruns/<experiment>/<run>/metrics/<name>, the latest value).
#pragma once

#include <map>
#include <optional>
#include <string>

#include "base/status.h"
#include "gate/workspace.h"

namespace mlgate {

struct MetricValue {
  std::optional<double> number;  // empty when the value is not a number (text, bool…)
  std::string raw;               // as written, for messages
  std::string source;            // "metrics.json" or "mlruns/0/abc/metrics/f1"
};

// Dotted path -> value. Both "a.b" nested and a literal key "a.b" map to "a.b".
using MetricTable = std::map<std::string, MetricValue>;

// Reads a JSON or YAML metrics file (detected from content) into *table. A key present
// twice (in this file or already in the table from another file) is an error.
Status ReadMetricsFile(const EvidenceFile& file, MetricTable* table);

// Reads metric `name` of an MLflow run directory: the last value by (step, timestamp, value),
// as MLflow's "latest" is. NotFound when the run has no such metric.
Status ReadMlflowMetric(const Workspace& workspace, const std::string& run_dir, const std::string& name,
                        MetricValue* value, EvidenceFile* evidence);

}  // namespace mlgate
