// A pre-aggregated drift summary (JSON: bins, moments, category counts, windows), read and
// judged against itself as the drift check would.
#include <cmath>

#include "checks/drift/drift_method.h"
#include "checks/drift/drift_summary.h"
#include "fuzz/fuzz_util.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace mlgate::drift;
  DriftTable table;
  if (!ParseDriftSummary(mlgate::fuzz::Bytes(data, size), "summary.json", &table).ok()) return 0;
  for (const Window& w : table.windows) {
    mlgate::fuzz::Require(w.columns.size() == table.names.size());
    for (size_t c = 0; c < w.columns.size(); ++c) {
      const ColumnData& column = w.columns[c];
      if (column.binned()) mlgate::fuzz::Require(column.edges.size() == column.bin_counts.size() + 1);
      FeatureVerdict v = JudgeFeature(column, column, table.numeric[c], {});
      if (v.evaluated && !std::isfinite(v.statistic)) {
        std::fprintf(stderr, "%s = %g\n", MethodName(v.method), v.statistic);
        for (const auto& s : v.all) std::fprintf(stderr, " %s = %g", s.name.c_str(), s.value);
      }
      mlgate::fuzz::Require(!v.evaluated || std::isfinite(v.statistic), "the chosen statistic is finite");
      (void)DistributionChart(table.names[c], column, column, table.numeric[c]);
    }
  }
  return 0;
}
