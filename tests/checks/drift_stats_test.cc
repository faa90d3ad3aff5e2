// The drift statistics against what scipy 1.10 computes for the same inputs
// (tests/fixtures/drift/scipy_vectors.json, written by make_vectors.py beside it).
#include "checks/drift/drift_stats.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>

#include "base/json_doc.h"
#include "checks/drift/ks_distribution.h"
#include "checks/drift/uneven_walk.h"
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

// Samples of very different sizes (WalkUneven) give what the merged walk gives: KS's
// statistic and p-value exactly, the Wasserstein area within rounding. Decimals against
// the same values as doubles (walked by the merged walk), either side the larger, one
// scale and two, heavy ties, disjoint ranges, a single value, equal samples.
TEST(DriftStatsTest, UnevenSamplesWalkAsTheMergedWalk) {
  std::mt19937_64 rng(21);
  auto decimals = [&](size_t n, int64_t lo, int64_t hi) {
    std::uniform_int_distribution<int64_t> pick(lo, hi);
    std::vector<int32_t> v(n);
    for (auto& x : v) x = static_cast<int32_t>(pick(rng));
    std::sort(v.begin(), v.end());
    return v;
  };
  auto doubles = [](const std::vector<int32_t>& v, int scale) {
    std::vector<double> out;
    for (int32_t d : v) out.push_back(d / kPowersOfTen[scale]);
    return out;
  };
  struct Case {
    size_t n_big, n_small;
    int64_t big_lo, big_hi, small_lo, small_hi;
    int big_scale, small_scale;
  };
  for (const Case& c : {Case{100000, 3000, -5000000, 5000000, -4000000, 6000000, 6, 6},
                        Case{50000, 1000, 0, 20, 0, 25, 1, 1},           // a few values, ties everywhere
                        Case{40000, 2000, 0, 1000, 5000, 9000, 3, 3},     // the smaller entirely above
                        Case{40000, 2000, 5000, 9000, 0, 1000, 3, 3},     // entirely below
                        Case{30000, 1, -100, 100, 0, 0, 2, 2},            // one value
                        Case{30000, 3000, -100000, 100000, -1000, 1000, 5, 2},  // two scales
                        Case{30000, 3000, -50, 50, -5000, 5000, 1, 3},          // the larger scaled up, ties
                        Case{20000, 2500, 7, 7, 7, 7, 0, 0},              // one value on both sides
                        Case{200000, 2000, -3000000, 3000000, -2000000, 4000000, 6, 6},  // searched: 100 times
                        Case{100000, 700, 0, 40, 0, 50, 1, 1},            // searched, ties everywhere
                        Case{100000, 1000, -50, 50, -5000, 5000, 1, 3}}) {  // searched, scaled up, ties
    std::vector<int32_t> big = decimals(c.n_big, c.big_lo, c.big_hi), small = decimals(c.n_small, c.small_lo, c.small_hi);
    std::vector<double> big_d = doubles(big, c.big_scale), small_d = doubles(small, c.small_scale);
    const std::vector<int64_t> sums = RunningSums(big);
    for (auto [big_first, with_sums] : {std::pair{true, false}, {false, false}, {true, true}, {false, true}}) {
      // With the running sums and 64 times the values, the larger's positions are searched.
      Sample a(big, c.big_scale, with_sums ? std::span<const int64_t>(sums) : std::span<const int64_t>()),
          b(small, c.small_scale);
      Sample ad(big_d), bd(small_d);
      if (!big_first) std::swap(a, b), std::swap(ad, bd);
      double w = 0, wd = 0;
      KsResult r = KsTwoSample(a, b, &w), rd = KsTwoSample(ad, bd, &wd);
      EXPECT_EQ(r.statistic, rd.statistic) << c.n_big << " " << big_first << with_sums;
      EXPECT_EQ(r.pvalue, rd.pvalue) << c.n_big << " " << big_first << with_sums;
      EXPECT_NEAR(w, wd, 1e-12 * std::max(1.0, std::fabs(wd))) << c.n_big << " " << big_first << with_sums;
    }
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
