// Pre-aggregated drift summaries: the format's rules, and features judged over bins.
#include "checks/drift/drift_summary.h"

#include <gtest/gtest.h>

#include <cmath>

#include "checks/drift/drift_method.h"
#include "tests/testing/test_util.h"

namespace mlgate::drift {
namespace {

TEST(DriftSummaryTest, ReadsFeaturesAndWindows) {
  DriftTable t;
  ASSERT_OK(ParseDriftSummary(R"({"format": "mlgate-drift-summary/1", "features": {
      "income": {"kind": "numeric", "missing": 2, "edges": [null, 0, 10, null], "counts": [1, 5, 4], "std": 3.5},
      "country": {"kind": "categorical", "counts": {"DE": 3, "FR": 7}}}})",
                              "s.json", &t));
  ASSERT_EQ(t.names, (std::vector<std::string>{"income", "country"}));
  EXPECT_EQ(t.numeric, (std::vector<bool>{true, false}));
  ASSERT_EQ(t.windows.size(), 1u);
  const ColumnData& income = t.windows[0].columns[0];
  EXPECT_TRUE(std::isinf(income.edges.front()) && income.edges.front() < 0);
  EXPECT_EQ(income.bin_counts, (std::vector<double>{1, 5, 4}));
  EXPECT_EQ(income.size(), 10);
  EXPECT_EQ(income.missing, 2);
  EXPECT_EQ(income.std_dev, 3.5);
  EXPECT_EQ(t.windows[0].columns[1].counts.at("FR"), 7);
  ASSERT_OK(ParseDriftSummary(R"({"format": "mlgate-drift-summary/1", "windows": [
      {"start": "2026-11-02T00:00:00Z", "features": {"x": {"kind": "categorical", "counts": {"a": 1}}}},
      {"start": "2026-11-01", "features": {"x": {"kind": "categorical", "counts": {"a": 2}}}}]})",
                              "w.json", &t));
  ASSERT_EQ(t.windows.size(), 2u);
  EXPECT_LT(t.windows[0].start, t.windows[1].start);  // in time order
  EXPECT_EQ(t.windows[0].columns[0].counts.at("a"), 2);
}

TEST(DriftSummaryTest, MistakesNameTheirPlace) {
  struct Case {
    const char* json;
    const char* error;
  };
  for (const Case& c : std::vector<Case>{
           {R"({"features": {}})", "not a drift summary"},
           {R"({"format": "mlgate-drift-summary/1"})", "either \"features\" or \"windows\""},
           {R"({"format": "mlgate-drift-summary/1", "features": {"x": {"kind": "float"}}})", "features.x.kind"},
           {R"({"format": "mlgate-drift-summary/1", "features": {"x": {"kind": "numeric", "edges": [0, 1, 1],
               "counts": [1, 2]}}})",
            "features.x.edges[2]: edges must increase strictly"},
           {R"({"format": "mlgate-drift-summary/1", "features": {"x": {"kind": "numeric", "edges": [0, null, 2],
               "counts": [1, 2]}}})",
            "features.x.edges[1]: expected a number (null only for an open first or last"},
           {R"({"format": "mlgate-drift-summary/1", "features": {"x": {"kind": "numeric", "edges": [0, 1, 2],
               "counts": [1]}}})",
            "features.x.counts: expected one count per bin (2)"},
           {R"({"format": "mlgate-drift-summary/1", "features": {"x": {"kind": "numeric", "edges": [0, 1],
               "counts": [-3]}}})",
            "features.x.counts[0]: expected a count"},
           {R"({"format": "mlgate-drift-summary/1", "features": {"x": {"kind": "categorical",
               "counts": {"a": 1.5}}}})",
            "features.x.counts.a: expected a count"},
           {R"({"format": "mlgate-drift-summary/1", "windows": [{"start": "yesterday", "features": {}}]})",
            "windows[0].start"},
           {R"({"format": "mlgate-drift-summary/1", "features": )", "s.json"},
       }) {
    DriftTable t;
    Status s = ParseDriftSummary(c.json, "s.json", &t);
    EXPECT_FALSE(s.ok()) << c.json;
    EXPECT_NE(s.message().find(c.error), std::string::npos) << s.message();
  }
}

TEST(DriftSummaryTest, BinsCountAsNumpyHistogram) {
  std::vector<double> sorted = {-5, 0, 0, 1, 9.5, 10, 10};
  // [0, 1) [1, 10]: an edge value goes up, the last edge is closed; outside: nowhere.
  EXPECT_EQ(BinValues(sorted, {0, 1, 10}), (std::vector<double>{2, 4}));
  EXPECT_EQ(BinValues(sorted, {-INFINITY, 0, INFINITY}), (std::vector<double>{1, 6}));
}

ColumnData Binned(std::vector<double> edges, std::vector<double> counts, double std_dev = NAN) {
  ColumnData c;
  c.edges = std::move(edges);
  c.bin_counts = std::move(counts);
  c.std_dev = std_dev;
  return c;
}

TEST(DriftSummaryTest, FeaturesAreJudgedOverTheBins) {
  std::vector<double> edges = {-INFINITY, 0, 1, 2, 3, 4, 5, INFINITY};
  ColumnData ref = Binned(edges, {100, 200, 400, 600, 400, 200, 100}, 1.4);
  FeatureVerdict same = JudgeFeature(ref, ref, true, {});
  ASSERT_TRUE(same.evaluated);
  EXPECT_EQ(same.method, Method::kWasserstein);  // 2000 reference rows, 7 bins
  EXPECT_EQ(same.statistic, 0.0);
  EXPECT_FALSE(same.drifted);
  // Everything one bin up: the area between the CDFs is 1 (values spread evenly in each
  // finite bin), over a reference standard deviation of 1.4.
  ColumnData up = Binned(edges, {0, 100, 200, 400, 600, 400, 300}, 1.4);
  FeatureVerdict moved = JudgeFeature(ref, up, true, {});
  EXPECT_TRUE(moved.drifted);
  double area = 0;  // the gaps at the finite edges 0..5 are 0.05, 0.1, 0.2, 0.3, 0.2, 0.1 → trapezoids
  std::vector<double> gaps = {0.05, 0.1, 0.2, 0.3, 0.2, 0.1};
  for (size_t i = 0; i + 1 < gaps.size(); ++i) area += (gaps[i] + gaps[i + 1]) / 2;
  EXPECT_NEAR(moved.statistic, area / 1.4, 1e-12);
  // Raw values on one side are binned on the summary's edges.
  ColumnData raw;
  for (int i = 0; i < 2000; ++i) raw.numbers.push_back(2.5);
  FeatureVerdict mixed = JudgeFeature(ref, raw, true, {Method::kPsi, std::nullopt});
  EXPECT_TRUE(mixed.evaluated);
  EXPECT_TRUE(mixed.drifted);
  // Summaries on different edges cannot be compared.
  FeatureVerdict apart = JudgeFeature(ref, Binned({0, 1, 2}, {5, 5}), true, {});
  EXPECT_FALSE(apart.evaluated);
  EXPECT_NE(apart.not_evaluated.find("different edges"), std::string::npos);
}

}  // namespace
}  // namespace mlgate::drift
