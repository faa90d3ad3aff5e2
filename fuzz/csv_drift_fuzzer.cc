// A data file as the drift check reads it: CSV parsed (quotes, CRLF, ragged rows, missing
// markers, numbers of every shape), columns typed from the first rows, then every feature
// judged against itself and against a fixed sample. A statistic computed is finite; KS and
// Wasserstein on decimals (merged or uneven walk) agree with the merged walk on doubles.
#include <algorithm>
#include <cmath>
#include <tuple>
#include <vector>

#include "checks/drift/drift_data.h"
#include "checks/drift/drift_method.h"
#include "checks/drift/drift_stats.h"
#include "fuzz/fuzz_util.h"

namespace {

void CheckVerdict(const mlgate::drift::FeatureVerdict& v) {
  if (!v.evaluated) return;
  bool finite = std::isfinite(v.statistic);
  for (const auto& s : v.all) finite = finite && !std::isnan(s.value);
  if (!finite) {
    std::fprintf(stderr, "%s = %g;", mlgate::drift::MethodName(v.method), v.statistic);
    for (const auto& s : v.all) std::fprintf(stderr, " %s = %g", s.name.c_str(), s.value);
    std::fprintf(stderr, "\n");
  }
  mlgate::fuzz::Require(finite, "a statistic computed is a number, and the chosen one finite");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace mlgate::drift;
  mlgate::fuzz::MemoryFile file(mlgate::fuzz::Bytes(data, size));
  std::vector<std::string> header;
  std::vector<bool> numeric;
  if (!SampleColumns(file.path(), "data.csv", ',', &header, &numeric).ok()) return 0;
  LoadOptions options;
  options.threads = 1;  // a thread started per input makes libFuzzer look for leaks each time
  for (size_t c = 0; c < header.size() && c < 64; ++c) {
    if (std::find(options.columns.begin(), options.columns.end(), header[c]) != options.columns.end()) continue;
    options.columns.push_back(header[c]);
    options.numeric.push_back(numeric[c]);
  }
  DriftTable table;
  if (!LoadDriftTable(file.path(), "data.csv", options, &table).ok()) return 0;
  ColumnData sample;
  sample.numbers = {-1.5, 0, 0, 2.25, 7};
  sample.counts = {{"a", 3}, {"b", 1}};
  for (const Window& w : table.windows) {
    for (size_t c = 0; c < w.columns.size(); ++c) {
      const ColumnData& column = w.columns[c];
      const Sample values = column.values();
      for (size_t i = 1; i < values.size(); ++i) {
        mlgate::fuzz::Require(values[i - 1] <= values[i]);  // sorted once loaded
        // Decimals in order as integers too (the KS walk compares those).
        if (values.decimal()) mlgate::fuzz::Require(values.decimals()[i - 1] <= values.decimals()[i]);
      }
      bool is_numeric = table.numeric[c];
      if (values.decimal() && !values.empty()) {
        // Decimals walked as integers (or, against a few values, by WalkUneven) agree
        // with the same values as doubles walked by the merged walk.
        const std::vector<int32_t> few = {-15, 0, 0, 225, 700};
        const std::vector<double> few_doubles = {-1.5, 0, 0, 22.5, 70};
        const std::vector<double> as_doubles = values.ToVector();
        for (const auto& [a, b, ad, bd] : {std::tuple{values, values, Sample(as_doubles), Sample(as_doubles)},
                                           std::tuple{values, Sample(few, 1), Sample(as_doubles), Sample(few_doubles)},
                                           std::tuple{Sample(few, 1), values, Sample(few_doubles), Sample(as_doubles)}}) {
          double area = 0, area_doubles = 0;
          KsResult r = KsTwoSample(a, b, &area), rd = KsTwoSample(ad, bd, &area_doubles);
          mlgate::fuzz::Require(r.statistic == rd.statistic && r.pvalue == rd.pvalue,
                                "KS on decimals equals KS on their doubles");
          mlgate::fuzz::Require(std::fabs(area - area_doubles) <= 1e-9 * std::max(1.0, std::fabs(area_doubles)),
                                "Wasserstein on decimals within rounding of the doubles'");
        }
      }
      CheckVerdict(JudgeFeature(column, column, is_numeric, {}));
      ColumnData other;
      if (is_numeric) other.numbers = sample.numbers; else other.counts = sample.counts;
      CheckVerdict(JudgeFeature(other, column, is_numeric, {}));
      (void)DistributionChart(options.columns[c], other, column, is_numeric);
    }
  }
  return 0;
}
