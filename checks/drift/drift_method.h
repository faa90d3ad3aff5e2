// Whether one feature drifted between a reference and a current sample: the method chosen
// as Evidently chooses it by default (docs/FORMATS.md §11) or as configured, its
// statistic against its threshold, and every other statistic for the report.
//
// `auto`, with N the reference's values and U the distinct values of both samples:
//   numeric, U > 5:             N ≤ 1000: ks (p ≤ 0.05)    else wasserstein, normed (≥ 0.1)
//   numeric U ≤ 5, categorical: N ≤ 1000: chisquare (p < 0.05) when U > 2, else ztest
//                                          (p < 0.05)     else jensenshannon (≥ 0.1)
// A numeric column written only as integers with at most 5 distinct reference values is
// categorical (pandas' int dtype, as Evidently types it). jensenshannon bins a numeric
// column with more than 20 distinct reference values by numpy's "sturges" edges over both
// samples, else compares value by value; psi cuts numeric columns at the reference's
// deciles and compares categories value by value, shares below 1e-4 raised to it.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "checks/drift/drift_data.h"
#include "gate/result.h"

namespace mlgate::drift {

enum class Method { kAuto, kKs, kWasserstein, kPsi, kJensenShannon, kChiSquare, kZTest };

// "ks", "wasserstein", …; nullopt for an unknown name.
std::optional<Method> ParseMethod(std::string_view name);
const char* MethodName(Method method);
double DefaultThreshold(Method method);
// Whether the method's statistic is a p-value (drift below the threshold) rather than a
// distance (drift at or above it).
bool IsPValue(Method method);

struct FeatureSpec {
  Method method = Method::kAuto;
  std::optional<double> threshold;
};

struct Statistic {
  std::string name;  // "ks_pvalue", "wasserstein_normed", "psi", "chisquare_pvalue", "jensenshannon", …
  double value = 0;
};

struct FeatureVerdict {
  Method method = Method::kAuto;  // the one applied
  double statistic = 0;           // its value
  double threshold = 0;
  bool drifted = false;
  bool evaluated = false;
  std::string not_evaluated;      // why, when not evaluated
  std::vector<Statistic> all;     // every statistic computed, for the report
  std::string reference_summary;  // "mean 0.01, p5 -1.64, p50 0.00, p95 1.65" or "a 40%, b 35%, c 25%"
  std::string current_summary;
};

FeatureVerdict JudgeFeature(const ColumnData& reference, const ColumnData& current, bool numeric,
                            const FeatureSpec& spec);

// The two distributions of a feature for the report, as shares: numbers in 20 equal bins
// over both samples' 1st–99th percentiles (a summary's own bins when one side is one),
// categories as the 10 most common of both sides and the rest. Empty when there is
// nothing to draw.
Chart DistributionChart(const std::string& feature, const ColumnData& reference, const ColumnData& current,
                        bool numeric);

}  // namespace mlgate::drift
