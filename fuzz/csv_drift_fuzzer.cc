// A data file as the drift check reads it: CSV parsed (quotes, CRLF, ragged rows, missing
// markers, numbers of every shape), columns typed from the first rows, then every feature
// judged against itself and against a fixed sample. A statistic computed is finite.
#include <algorithm>
#include <cmath>

#include "checks/drift/drift_data.h"
#include "checks/drift/drift_method.h"
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
      CheckVerdict(JudgeFeature(column, column, is_numeric, {}));
      ColumnData other;
      if (is_numeric) other.numbers = sample.numbers; else other.counts = sample.counts;
      CheckVerdict(JudgeFeature(other, column, is_numeric, {}));
      (void)DistributionChart(options.columns[c], other, column, is_numeric);
    }
  }
  return 0;
}
