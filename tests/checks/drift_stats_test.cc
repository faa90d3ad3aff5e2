// The drift statistics against what scipy 1.10 computes for the same inputs
// (tests/fixtures/drift/scipy_vectors.json, written by make_vectors.py beside it).
#include "checks/drift/drift_stats.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "checks/drift/ks_distribution.h"
#include "gate/json_doc.h"
#include "tests/testing/test_util.h"

namespace mlgate::drift {
namespace {

constexpr double kRelative = 1e-9;

const JsonValue& Vectors() {
  static JsonValue* doc = [] {
    auto* v = new JsonValue();
    Status s = ParseJson(testing::Fixture("drift/scipy_vectors.json"), "scipy_vectors.json", v);
    EXPECT_TRUE(s.ok()) << s.message();
    return v;
  }();
  return *doc;
}

const std::vector<JsonValue>& Items(const char* key) { return Vectors().Find(key)->items; }
double Num(const JsonValue& v, const char* key) { return v.Find(key)->number; }
std::vector<double> Numbers(const JsonValue& v, const char* key) {
  std::vector<double> out;
  for (const auto& e : v.Find(key)->items) out.push_back(e.number);
  return out;
}

// Relative agreement, with an absolute floor for values that are (nearly) zero.
void ExpectClose(double expected, double actual, const std::string& what) {
  double tolerance = std::max(kRelative * std::fabs(expected), 1e-300);
  EXPECT_NEAR(actual, expected, tolerance) << what;
}

TEST(DriftStatsTest, MadeWithScipy110) {
  EXPECT_EQ(Vectors().Find("scipy")->text.rfind("1.10", 0), 0u) << Vectors().Find("scipy")->text;
}

TEST(DriftStatsTest, TwoSampleStatisticsAgreeWithScipy) {
  for (const auto& c : Items("samples")) {
    std::string name = c.Find("name")->text;
    std::vector<double> a = Numbers(c, "a"), b = Numbers(c, "b");
    std::sort(a.begin(), a.end());
    std::sort(b.begin(), b.end());
    KsResult ks = KsTwoSample(a, b);
    ExpectClose(Num(c, "ks_statistic"), ks.statistic, name + " KS statistic");
    ExpectClose(Num(c, "ks_pvalue"), ks.pvalue, name + " KS p-value");
    ExpectClose(Num(c, "wasserstein"), Wasserstein1(a, b), name + " Wasserstein");
    ExpectClose(Num(c, "std_a"), StandardDeviation(a), name + " std");
    PsiResult psi = PopulationStabilityIndex(a, b);
    ExpectClose(Num(c, "psi"), psi.psi, name + " PSI");
    EXPECT_EQ(psi.bins, static_cast<int>(Num(c, "psi_bins"))) << name;
    std::vector<double> quantiles = Numbers(c, "quantiles_a"), qs = {0.0, 0.1, 0.25, 0.5, 0.7, 0.9, 1.0};
    for (size_t i = 0; i < qs.size(); ++i) ExpectClose(quantiles[i], Quantile(a, qs[i]), name + " quantile");
  }
}

TEST(DriftStatsTest, KolmogorovDistributionInEachRegime) {
  for (const auto& c : Items("kstwo_sf")) {
    long long n = static_cast<long long>(Num(c, "n"));
    double d = Num(c, "d");
    ExpectClose(Num(c, "sf"), KolmogorovSurvival(n, d),
                "kstwo.sf(" + std::to_string(d) + ", " + std::to_string(n) + ")");
  }
  for (const auto& c : Items("smirnov")) {
    long long n = static_cast<long long>(Num(c, "n"));
    double d = Num(c, "d");
    ExpectClose(Num(c, "sf"), SmirnovSurvival(n, d), "smirnov(" + std::to_string(n) + ", " + std::to_string(d) + ")");
  }
}

TEST(DriftStatsTest, ChiSquareAndJensenShannonAgreeWithScipy) {
  for (const auto& c : Items("chdtrc")) {
    ExpectClose(Num(c, "sf"), ChiSquareSurvival(Num(c, "dof"), Num(c, "x")),
                "chdtrc(" + std::to_string(Num(c, "dof")) + ", " + std::to_string(Num(c, "x")) + ")");
  }
  for (const auto& c : Items("chisquare")) {
    ChiSquareResult r = ChiSquareGoodnessOfFit(Numbers(c, "observed"), Numbers(c, "expected"));
    ExpectClose(Num(c, "statistic"), r.statistic, "chisquare statistic");
    ExpectClose(Num(c, "pvalue"), r.pvalue, "chisquare p-value");
  }
  for (const auto& c : Items("jensenshannon")) {
    ExpectClose(Num(c, "distance"), JensenShannonDistance(Numbers(c, "p"), Numbers(c, "q"), Num(c, "base")),
                "jensenshannon");
  }
}

// Found by fuzz/drift_summary: a summary's bin empty on both sides made the statistic 0/0.
TEST(DriftStatsTest, CategoriesEmptyOnBothSidesAreLeftOut) {
  ChiSquareResult r = ChiSquareGoodnessOfFit(std::vector<double>{1, 0, 4}, std::vector<double>{1, 0, 4});
  EXPECT_EQ(r.statistic, 0.0);
  EXPECT_EQ(r.dof, 1);
  EXPECT_EQ(r.pvalue, 1.0);
  r = ChiSquareGoodnessOfFit(std::vector<double>{7}, std::vector<double>{7});  // one category: scipy says NaN
  EXPECT_EQ(r.pvalue, 1.0);
}

TEST(DriftStatsTest, ANewCategoryInProductionIsCertainDrift) {
  std::vector<double> observed = {10, 10, 5}, expected = {12.5, 12.5, 0};
  ChiSquareResult r = ChiSquareGoodnessOfFit(observed, expected);
  EXPECT_TRUE(std::isinf(r.statistic));
  EXPECT_EQ(r.pvalue, 0.0);
}

}  // namespace
}  // namespace mlgate::drift
