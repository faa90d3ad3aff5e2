#include "checks/drift/drift_method.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>

#include "base/text.h"
#include "checks/drift/drift_stats.h"
#include "checks/drift/drift_summary.h"

namespace mlgate::drift {

namespace {

// Counts per value: a categorical column's own, or a numeric one's values by run length.
std::map<std::string, double> ValueCounts(const ColumnData& column) {
  std::map<std::string, double> out;
  for (const auto& [value, count] : column.counts) out[value] = static_cast<double>(count);
  Sample v = column.values();
  for (size_t i = 0; i < v.size();) {
    size_t j = i;
    while (j < v.size() && v[j] == v[i]) ++j;
    out[FormatNumber(v[i])] = static_cast<double>(j - i);
    i = j;
  }
  return out;
}

size_t DistinctSorted(Sample v) {
  size_t n = 0;
  if (v.decimal()) {
    std::span<const int32_t> d = v.decimals();
    for (size_t i = 0; i < d.size(); ++i) n += i == 0 || d[i] != d[i - 1];
    return n;
  }
  for (size_t i = 0; i < v.size(); ++i) n += i == 0 || v[i] != v[i - 1];
  return n;
}

// Distinct values of both samples together, counted up to `cap` (auto only asks whether
// there are more than 5).
size_t DistinctUnion(Sample a, Sample b, size_t cap) {
  size_t i = 0, j = 0, n = 0;
  while ((i < a.size() || j < b.size()) && n < cap) {
    double v = j >= b.size() || (i < a.size() && a[i] <= b[j]) ? a[i] : b[j];
    while (i < a.size() && a[i] == v) ++i;
    while (j < b.size() && b[j] == v) ++j;
    ++n;
  }
  return n;
}

// Both samples' counts over the union of their values, in the same order (and the values,
// when `values` is given).
void AlignCounts(const std::map<std::string, double>& r, const std::map<std::string, double>& c,
                 std::vector<double>* ref, std::vector<double>* cur, std::vector<std::string>* values = nullptr) {
  std::map<std::string, std::pair<double, double>> all;
  for (const auto& [k, n] : r) all[k].first = n;
  for (const auto& [k, n] : c) all[k].second = n;
  for (const auto& [k, p] : all) {
    ref->push_back(p.first);
    cur->push_back(p.second);
    if (values) values->push_back(k);
  }
}

// numpy.histogram of each sample over numpy.histogram_bin_edges(both, bins="sturges").
void SturgesHistograms(Sample a, Sample b, std::vector<double>* ha, std::vector<double>* hb) {
  double lo = std::min(a.front(), b.front()), hi = std::max(a.back(), b.back());
  double n = static_cast<double>(a.size() + b.size());
  size_t bins = 1;
  if (lo == hi) {
    lo -= 0.5;
    hi += 0.5;
  } else {
    double width = (hi - lo) / (std::log2(n) + 1.0);
    bins = static_cast<size_t>(std::ceil((hi - lo) / width));
  }
  std::vector<double> edges(bins + 1);
  double step = (hi - lo) / static_cast<double>(bins);
  for (size_t i = 0; i <= bins; ++i) edges[i] = static_cast<double>(i) * step + lo;
  edges[bins] = hi;
  auto histogram = [&](Sample v, std::vector<double>* out) {
    std::vector<size_t> cum(bins + 1);
    for (size_t i = 0; i < bins; ++i) cum[i] = v.CountBelow(edges[i]);
    cum[bins] = v.CountAtOrBelow(edges[bins]);
    for (size_t i = 0; i < bins; ++i) out->push_back(static_cast<double>(cum[i + 1] - cum[i]));
  };
  histogram(a, ha);
  histogram(b, hb);
}

std::string Percent(double share) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.1f%%", share * 100);
  return buffer;
}

std::string Short(double v) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.4g", v);
  return buffer;
}

std::string NumericSummary(Sample v, double mean) {
  if (v.empty()) return "no values";
  return "mean " + Short(mean) + ", p5 " + Short(Quantile(v, 0.05)) + ", p50 " + Short(Quantile(v, 0.5)) + ", p95 " +
         Short(Quantile(v, 0.95));
}

std::string NumericSummary(Sample v) {
  return NumericSummary(v, v.empty() ? 0.0 : Sum(v) / static_cast<double>(v.size()));
}

std::string CategorySummary(const std::map<std::string, double>& counts) {
  std::vector<std::pair<double, std::string>> top;
  double total = 0;
  for (const auto& [k, n] : counts) {
    top.emplace_back(n, k);
    total += n;
  }
  std::sort(top.begin(), top.end(), [](const auto& x, const auto& y) {
    return x.first > y.first || (x.first == y.first && x.second < y.second);
  });
  std::string out;
  for (size_t i = 0; i < top.size() && i < 3; ++i)
    out += (i ? ", " : "") + top[i].second + " " + Percent(top[i].first / total);
  if (top.size() > 3) out += ", … (" + std::to_string(top.size()) + " values)";
  return out.empty() ? "no values" : out;
}

// Evidently's two-proportion z-test on "is the first value" (either value gives the same |z|).
double ZTestPValue(const std::vector<double>& ref, const std::vector<double>& cur) {
  size_t nonzero_r = 0, nonzero_c = 0;
  for (double v : ref) nonzero_r += v > 0;
  for (double v : cur) nonzero_c += v > 0;
  if (ref.size() == 1 || (nonzero_r == 1 && nonzero_c == 1 && ref == cur)) return 1.0;
  double n1 = 0, n2 = 0;
  for (double v : ref) n1 += v;
  for (double v : cur) n2 += v;
  double p1 = (n1 - ref[0]) / n1, p2 = (n2 - cur[0]) / n2;
  double P = (p1 * n1 + p2 * n2) / (n1 + n2);
  double z = (p1 - p2) / std::sqrt(P * (1 - P) * (1.0 / n1 + 1.0 / n2));
  return 2 * (1 - 0.5 * std::erfc(-std::fabs(z) / std::sqrt(2.0)));
}

const char* StatisticOf(Method m) {
  switch (m) {
    case Method::kKs:
      return "ks_pvalue";
    case Method::kWasserstein:
      return "wasserstein_normed";
    case Method::kPsi:
      return "psi";
    case Method::kJensenShannon:
      return "jensenshannon";
    case Method::kChiSquare:
      return "chisquare_pvalue";
    default:
      return "ztest_pvalue";
  }
}

// The chosen statistic against its threshold: p-values drift below it (KS inclusive, as
// Evidently), distances at or above.
void Decide(FeatureVerdict* v) {
  for (const auto& s : v->all) {
    if (s.name == StatisticOf(v->method)) v->statistic = s.value;
  }
  v->evaluated = true;
  // A statistic that is not a number compares false either way: it counts as drift, so
  // that degenerate data fails the budget instead of passing it.
  v->drifted = std::isnan(v->statistic)   ? true
               : !IsPValue(v->method)     ? v->statistic >= v->threshold
               : v->method == Method::kKs ? v->statistic <= v->threshold
                                          : v->statistic < v->threshold;
}

// The standard deviation of binned values, each at its bin's middle (open bins left out).
double BinnedStd(const std::vector<double>& edges, const std::vector<double>& counts) {
  double n = 0, sum = 0, squares = 0;
  for (size_t i = 0; i < counts.size(); ++i) {
    if (!std::isfinite(edges[i]) || !std::isfinite(edges[i + 1])) continue;
    double mid = (edges[i] + edges[i + 1]) / 2;
    n += counts[i];
    sum += counts[i] * mid;
    squares += counts[i] * mid * mid;
  }
  if (n == 0) return 0;
  double mean = sum / n;
  return std::sqrt(std::max(0.0, squares / n - mean * mean));
}

std::string BinnedSummary(const ColumnData& c, size_t bins) {
  std::string out;
  if (!std::isnan(c.mean)) out += "mean " + Short(c.mean) + ", ";
  if (!std::isnan(c.std_dev)) out += "std " + Short(c.std_dev) + ", ";
  return out + std::to_string(bins) + " bins (a summary)";
}

// A numeric feature of which one side (or both) is a pre-aggregated histogram: every
// statistic over the bins. KS is then the largest ECDF gap at the bin edges (a lower bound
// of the exact one) with the asymptotic p-value; Wasserstein integrates the gap with the
// values spread evenly within each finite bin (open bins add nothing).
FeatureVerdict JudgeBinned(const ColumnData& reference, const ColumnData& current, const FeatureSpec& spec) {
  FeatureVerdict v;
  const std::vector<double>& edges = reference.binned() ? reference.edges : current.edges;
  if (reference.binned() && current.binned() && reference.edges != current.edges) {
    v.not_evaluated = "the two summaries bin it on different edges (bin the current data on the reference's edges)";
    return v;
  }
  std::vector<double> rc = reference.binned() ? reference.bin_counts : BinValues(reference.values(), edges);
  std::vector<double> cc = current.binned() ? current.bin_counts : BinValues(current.values(), edges);
  double n_ref = 0, n_cur = 0;
  for (double c : rc) n_ref += c;
  for (double c : cc) n_cur += c;
  if (n_ref == 0 || n_cur == 0) {
    v.not_evaluated = n_ref == 0 ? "the reference has no values for it" : "the current data has no values for it";
    return v;
  }
  size_t bins = rc.size();
  v.method = spec.method;
  if (v.method == Method::kAuto) {
    bool small = n_ref <= 1000;
    v.method = bins > 5 ? (small ? Method::kKs : Method::kWasserstein)
                        : (!small     ? Method::kJensenShannon
                           : bins > 2 ? Method::kChiSquare
                                      : Method::kZTest);
  }
  v.threshold = spec.threshold.value_or(DefaultThreshold(v.method));
  double fr = 0, fc = 0, d = 0, area = 0;
  for (size_t i = 0; i < bins; ++i) {
    double d0 = fr - fc;
    fr += rc[i] / n_ref;
    fc += cc[i] / n_cur;
    double d1 = fr - fc;
    d = std::max(d, std::fabs(d1));
    double w = edges[i + 1] - edges[i];
    if (!std::isfinite(w)) continue;
    area += (d0 >= 0) == (d1 >= 0) ? w * (std::fabs(d0) + std::fabs(d1)) / 2
                                   : w * (d0 * d0 + d1 * d1) / (2 * (std::fabs(d0) + std::fabs(d1)));
  }
  double m = std::max(n_ref, n_cur), n = std::min(n_ref, n_cur);
  double ks_p = KsAsymptoticPValue(m * n / (m + n), d);
  double std_ref = !std::isnan(reference.std_dev) ? reference.std_dev
                   : reference.binned()           ? BinnedStd(edges, rc)
                                                  : StandardDeviation(reference.values());
  std::vector<double> expected;
  expected.reserve(rc.size());
  for (double c : rc) expected.push_back(c * (n_cur / n_ref));
  double psi = PsiOfCounts(rc, cc);
  v.all = {{"ks_statistic", d},
           {"ks_pvalue", ks_p},
           {"wasserstein", area},
           {"wasserstein_normed", area / std::max(std_ref, 0.001)},
           {"psi", psi},
           {"jensenshannon", JensenShannonDistance(rc, cc)},
           {"chisquare_pvalue", ChiSquareGoodnessOfFit(cc, expected).pvalue}};
  if (bins == 2) v.all.push_back({"ztest_pvalue", ZTestPValue(rc, cc)});
  if (v.method == Method::kZTest && bins != 2) {
    v.not_evaluated = "ztest compares two values; this feature has " + std::to_string(bins) + " bins";
    return v;
  }
  v.reference_summary = reference.binned() ? BinnedSummary(reference, bins) : NumericSummary(reference.values());
  v.current_summary = current.binned() ? BinnedSummary(current, bins) : NumericSummary(current.values());
  Decide(&v);
  return v;
}

}  // namespace

std::optional<Method> ParseMethod(std::string_view name) {
  for (Method m : {Method::kAuto, Method::kKs, Method::kWasserstein, Method::kPsi, Method::kJensenShannon,
                   Method::kChiSquare, Method::kZTest}) {
    if (name == MethodName(m)) return m;
  }
  return std::nullopt;
}

const char* MethodName(Method method) {
  switch (method) {
    case Method::kAuto:
      return "auto";
    case Method::kKs:
      return "ks";
    case Method::kWasserstein:
      return "wasserstein";
    case Method::kPsi:
      return "psi";
    case Method::kJensenShannon:
      return "jensenshannon";
    case Method::kChiSquare:
      return "chisquare";
    case Method::kZTest:
      return "ztest";
  }
  return "auto";
}

bool IsPValue(Method method) {
  return method == Method::kKs || method == Method::kChiSquare || method == Method::kZTest;
}

double DefaultThreshold(Method method) { return IsPValue(method) ? 0.05 : 0.1; }

FeatureVerdict JudgeFeature(const ColumnData& reference, const ColumnData& current, bool numeric,
                            const FeatureSpec& spec) {
  if (numeric && (reference.binned() || current.binned())) return JudgeBinned(reference, current, spec);
  FeatureVerdict v;
  const Sample r = reference.values(), c = current.values();
  // Evidently's typing: integers only, at most 5 distinct reference values → categorical.
  bool by_value = !numeric || (reference.integers && current.integers && DistinctSorted(r) <= 5);
  std::map<std::string, double> rc, cc;
  if (by_value) {
    rc = ValueCounts(reference);
    cc = ValueCounts(current);
  }
  double n_ref = static_cast<double>(by_value ? 0 : r.size()), n_cur = static_cast<double>(by_value ? 0 : c.size());
  if (by_value) {
    for (const auto& [k, n] : rc) n_ref += n;
    for (const auto& [k, n] : cc) n_cur += n;
  }
  if (n_ref == 0 || n_cur == 0) {
    v.not_evaluated = n_ref == 0 ? "the reference has no values for it" : "the current data has no values for it";
    return v;
  }
  size_t unique = 0;
  if (by_value) {
    std::map<std::string, int> keys;
    for (const auto& [k, n] : rc) keys[k];
    for (const auto& [k, n] : cc) keys[k];
    unique = keys.size();
  } else {
    unique = DistinctUnion(r, c, 6);
  }
  v.method = spec.method;
  if (v.method == Method::kAuto) {
    bool small = n_ref <= 1000;
    if (!by_value && unique > 5) {
      v.method = small ? Method::kKs : Method::kWasserstein;
    } else {
      v.method = !small ? Method::kJensenShannon : unique > 2 ? Method::kChiSquare : Method::kZTest;
    }
  }
  v.threshold = spec.threshold.value_or(DefaultThreshold(v.method));
  std::vector<double> ref_counts, cur_counts;
  if (by_value) AlignCounts(rc, cc, &ref_counts, &cur_counts);
  // Every statistic that applies, the chosen one among them.
  if (!by_value) {
    double w = 0;
    KsResult ks = KsTwoSample(r, c, &w);
    // Each sample's sum once: the standard deviation and the summaries share it.
    // A loaded column's moments are known: a reference is judged against every window.
    auto mean = [](const ColumnData& column, Sample values) {
      return std::isnan(column.mean) ? Sum(values) / static_cast<double>(values.size()) : column.mean;
    };
    double mean_r = mean(reference, r), mean_c = mean(current, c);
    double std_r = std::isnan(reference.std_dev) ? StandardDeviation(r, mean_r) : reference.std_dev;
    double normed = w / std::max(std_r, 0.001);
    PsiResult psi = PopulationStabilityIndex(r, c);
    v.all = {{"ks_statistic", ks.statistic},
             {"ks_pvalue", ks.pvalue},
             {"wasserstein", w},
             {"wasserstein_normed", normed},
             {"psi", psi.psi}};
    std::vector<double> hr, hc;
    if (v.method == Method::kJensenShannon) {
      if (DistinctSorted(r) > 20) {
        SturgesHistograms(r, c, &hr, &hc);
      } else {
        AlignCounts(ValueCounts(reference), ValueCounts(current), &hr, &hc);
      }
      v.all.push_back({"jensenshannon", JensenShannonDistance(hr, hc)});
    }
    if (v.method == Method::kChiSquare || v.method == Method::kZTest) {
      by_value = true;
      rc = ValueCounts(reference);
      cc = ValueCounts(current);
      AlignCounts(rc, cc, &ref_counts, &cur_counts);
    }
    v.reference_summary = NumericSummary(r, mean_r);
    v.current_summary = NumericSummary(c, mean_c);
  }
  if (by_value) {
    std::vector<double> expected;
    expected.reserve(ref_counts.size());
    for (double n : ref_counts) expected.push_back(n * (n_cur / n_ref));
    ChiSquareResult chi = ChiSquareGoodnessOfFit(cur_counts, expected);
    v.all.push_back({"chisquare_pvalue", chi.pvalue});
    v.all.push_back({"jensenshannon", JensenShannonDistance(ref_counts, cur_counts)});
    v.all.push_back({"psi", PsiOfCounts(ref_counts, cur_counts)});
    if (v.method == Method::kZTest) v.all.push_back({"ztest_pvalue", ZTestPValue(ref_counts, cur_counts)});
    if (v.method == Method::kKs || v.method == Method::kWasserstein) {
      v.not_evaluated = std::string(MethodName(v.method)) + " needs numbers; this column is compared by value";
      return v;
    }
    if (v.reference_summary.empty()) {
      v.reference_summary = CategorySummary(rc);
      v.current_summary = CategorySummary(cc);
    }
  }
  Decide(&v);
  return v;
}

namespace {

constexpr size_t kChartBins = 20;
constexpr size_t kChartCategories = 10;

std::vector<double> Shares(std::vector<double> counts) {
  double n = 0;
  for (double c : counts) n += c;
  for (double& c : counts) c = n > 0 ? c / n : 0;
  return counts;
}

std::string Range(double a, double b) { return "[" + Short(a) + ", " + Short(b) + ")"; }

}  // namespace

Chart DistributionChart(const std::string& feature, const ColumnData& reference, const ColumnData& current,
                        bool numeric) {
  Chart chart;
  chart.kind = "distribution";
  chart.title = feature + ": reference vs current";
  const bool by_value = !numeric || (reference.values().empty() && !reference.binned());
  if (!by_value && (reference.binned() || current.binned())) {
    // A summary's own bins, open ends included.
    const std::vector<double>& edges = reference.binned() ? reference.edges : current.edges;
    chart.reference = Shares(reference.binned() ? reference.bin_counts : BinValues(reference.values(), edges));
    chart.current = Shares(current.binned() ? current.bin_counts : BinValues(current.values(), edges));
    for (size_t i = 0; i + 1 < edges.size(); ++i) chart.labels.push_back(Range(edges[i], edges[i + 1]));
    if (chart.reference.size() != chart.labels.size() || chart.current.size() != chart.labels.size()) return {};
    return chart;
  }
  if (!by_value) {
    // Equal-width bins over both samples' 1st to 99th percentiles; the tails join the end bins.
    const Sample r = reference.values(), c = current.values();
    if (r.empty() || c.empty()) return {};
    double lo = std::min(Quantile(r, 0.01), Quantile(c, 0.01)), hi = std::max(Quantile(r, 0.99), Quantile(c, 0.99));
    if (!(hi > lo)) hi = lo + 1;
    auto counts = [&](Sample sorted) {
      std::vector<double> out(kChartBins);
      size_t previous = 0;
      for (size_t k = 0; k < kChartBins; ++k) {
        double edge = lo + (hi - lo) * static_cast<double>(k + 1) / kChartBins;
        size_t end = k + 1 == kChartBins ? sorted.size() : sorted.CountBelow(edge);
        out[k] = static_cast<double>(end - previous);
        previous = end;
      }
      return out;
    };
    chart.reference = Shares(counts(r));
    chart.current = Shares(counts(c));
    for (size_t k = 0; k < kChartBins; ++k) {
      chart.labels.push_back(Range(lo + (hi - lo) * static_cast<double>(k) / kChartBins,
                                   lo + (hi - lo) * static_cast<double>(k + 1) / kChartBins));
    }
    return chart;
  }
  // Categories: the most common of both sides, the rest together.
  std::map<std::string, double> rc = ValueCounts(reference), cc = ValueCounts(current);
  std::vector<double> ref_counts, cur_counts;
  std::vector<std::string> names;
  AlignCounts(rc, cc, &ref_counts, &cur_counts, &names);
  std::vector<double> rs = Shares(ref_counts), cs = Shares(cur_counts);
  std::vector<size_t> order(names.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return rs[a] + cs[a] > rs[b] + cs[b]; });
  double other_r = 0, other_c = 0;
  for (size_t k = 0; k < order.size(); ++k) {
    if (k < kChartCategories) {
      chart.labels.push_back(names[order[k]]);
      chart.reference.push_back(rs[order[k]]);
      chart.current.push_back(cs[order[k]]);
    } else {
      other_r += rs[order[k]];
      other_c += cs[order[k]];
    }
  }
  if (order.size() > kChartCategories) {
    chart.labels.push_back("(" + std::to_string(order.size() - kChartCategories) + " others)");
    chart.reference.push_back(other_r);
    chart.current.push_back(other_c);
  }
  return chart;
}

}  // namespace mlgate::drift
