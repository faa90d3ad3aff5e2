#include "checks/drift/drift_stats.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <type_traits>

#include "checks/drift/ks_distribution.h"
#include "checks/drift/uneven_walk.h"

namespace mlgate::drift {

namespace {

constexpr double kEpsilon = std::numeric_limits<double>::epsilon() / 2;  // cephes MACHEP
constexpr double kInf = std::numeric_limits<double>::infinity();

// Neumaier's compensated summation, one term at a time.
struct CompensatedSum {
  double sum = 0, compensation = 0;
  void Add(double v) {
    double t = sum + v;
    // Selects, not a branch: which is larger is a coin toss for a sum near zero.
    bool larger = std::fabs(sum) >= std::fabs(v);
    double big = larger ? sum : v, small = larger ? v : sum;
    compensation += (big - t) + small;
    sum = t;
  }
  double Total() const { return sum + compensation; }
};

// numpy.round: halves to even.
double RoundHalfEven(double x) { return std::nearbyint(x); }

// x^a e^−x / Γ(a), the common factor of the incomplete gamma functions.
double GammaFactor(double a, double x) { return std::exp(a * std::log(x) - x - std::lgamma(a)); }

// P(a, x) by its power series (cephes igam_series).
double LowerGammaSeries(double a, double x) {
  double ax = GammaFactor(a, x);
  if (ax == 0.0) return 0.0;
  double r = a, c = 1.0, sum = 1.0;
  for (int i = 0; i < 10000; ++i) {
    r += 1.0;
    c *= x / r;
    sum += c;
    if (c <= kEpsilon * sum) break;
  }
  return sum * ax / a;
}

// Q(a, x) by its continued fraction (cephes igamc_continued_fraction), for x large.
double UpperGammaFraction(double a, double x) {
  double ax = GammaFactor(a, x);
  if (ax == 0.0) return 0.0;
  const double big = 4.503599627370496e15, biginv = 2.22044604925031308085e-16;
  double y = 1.0 - a, z = x + y + 1.0, c = 0.0;
  double pkm2 = 1.0, qkm2 = x, pkm1 = x + 1.0, qkm1 = z * x;
  double ans = pkm1 / qkm1;
  for (int i = 0; i < 10000; ++i) {
    c += 1.0;
    y += 1.0;
    z += 2.0;
    double yc = y * c;
    double pk = pkm1 * z - pkm2 * yc, qk = qkm1 * z - qkm2 * yc, t = 1.0;
    if (qk != 0) {
      double r = pk / qk;
      t = std::fabs((ans - r) / r);
      ans = r;
    }
    pkm2 = pkm1;
    pkm1 = pk;
    qkm2 = qkm1;
    qkm1 = qk;
    if (std::fabs(pk) > big) {
      pkm2 *= biginv;
      pkm1 *= biginv;
      qkm2 *= biginv;
      qkm1 *= biginv;
    }
    if (t <= kEpsilon) break;
  }
  return ans * ax;
}

// Q(a, x) for small x (cephes igamc_series).
double UpperGammaSeries(double a, double x) {
  double fac = 1, sum = 0;
  for (int n = 1; n < 10000; ++n) {
    fac *= -x / n;
    double term = fac / (a + n);
    sum += term;
    if (std::fabs(term) <= kEpsilon * std::fabs(sum)) break;
  }
  double logx = std::log(x);
  return -std::expm1(a * logx - std::lgamma(1 + a)) - std::exp(a * logx - std::lgamma(a)) * sum;
}

// Q(a, x), choosing the method by region as cephes igamc does.
double UpperGamma(double a, double x) {
  if (x < 0 || a < 0 || std::isnan(a) || std::isnan(x)) return std::numeric_limits<double>::quiet_NaN();
  if (a == 0) return x > 0 ? 0.0 : std::numeric_limits<double>::quiet_NaN();
  if (x == 0) return 1.0;
  if (std::isinf(x)) return 0.0;
  if (x > 1.1) return x < a ? 1.0 - LowerGammaSeries(a, x) : UpperGammaFraction(a, x);
  if (x <= 0.5) return -0.4 / std::log(x) < a ? 1.0 - LowerGammaSeries(a, x) : UpperGammaSeries(a, x);
  return x * 1.1 < a ? 1.0 - LowerGammaSeries(a, x) : UpperGammaSeries(a, x);
}

}  // namespace

namespace {

__extension__ typedef __int128 Int128;

// Samples this many times apart in size are walked by WalkUneven (uneven_walk.h).
constexpr size_t kUneven = 8;

// The exact sum of decimals: in 64 bits for 2^31 of them at a time (each below 2^31).
Int128 DecimalSum(std::span<const int32_t> d) {
  Int128 total = 0;
  for (size_t at = 0; at < d.size();) {
    const size_t end = at + std::min(d.size() - at, size_t{1} << 31);
    int64_t part = 0;
    for (; at < end; ++at) part += d[at];
    total += part;
  }
  return total;
}

// The ECDFs of both samples walked together, one value at a time in merged order. After a
// value, i and j count the values of a and b at or below it and the ECDFs differ by
// k / (n1·n2) with k = i·n2 − j·n1, an exact integer. A state counts only once every
// value equal to it is taken (searchsorted side=right), i.e. when the next value is
// larger; the area up to that next value is |k|·gap. Nothing in the walk branches on the
// data (which sample a value came from, whether it ties the last one: with six-decimal
// values a third of them do), so it costs a few cycles a value instead of mispredictions.
struct Walk {
  double k_max = 0, k_min = 0;  // the extremes of k over the states that count
  double area = 0;              // Σ |k|·gap
};

// `a(i)` and `b(i)`: the i-th value of each sample as a key that orders and subtracts as
// the values do (the doubles themselves, or decimals at one scale).
template <typename Count, typename KeyA, typename KeyB>
Walk WalkBoth(size_t n1, size_t n2, KeyA a, KeyB b) {
  const Count up = static_cast<Count>(n2), down = static_cast<Count>(n1);
  Count k = 0, k_max = 0, k_min = 0;
  CompensatedSum area;
  size_t i = 0, j = 0;
  auto previous = std::min(a(0), b(0));
  auto take = [&](auto v, bool from_a) {
    auto gap = v - previous;
    area.Add(std::fabs(static_cast<double>(k)) * static_cast<double>(gap));  // 0 within a tie
    // k_max >= 0 >= k_min from the start, so a state that does not count can stand as 0.
    Count counted = gap > 0 ? k : 0;
    k_max = std::max(k_max, counted);
    k_min = std::min(k_min, counted);
    previous = v;
    k += static_cast<Count>(from_a) * (up + down) - down;
    i += from_a;
    j += !from_a;
  };
  // take() advances i or j (clang-tidy's infinite-loop check does not see into lambdas).
  while (i < n1 && j < n2) {  // NOLINT(bugprone-infinite-loop)
    auto x = a(i), y = b(j);
    bool from_a = x <= y;
    take(from_a ? x : y, from_a);
  }
  while (i < n1) take(a(i), true);   // NOLINT(bugprone-infinite-loop)
  while (j < n2) take(b(j), false);  // NOLINT(bugprone-infinite-loop)
  // The last state, both samples taken, has k = 0 and adds nothing.
  return Walk{static_cast<double>(k_max), static_cast<double>(k_min), area.Total()};
}

// The walk on the samples' own representation: decimals as integers at the larger of
// their scales (the area then in units of 10^-scale), doubles as doubles, and a mix
// through the decimals' values as doubles.
template <typename Count>
Walk WalkBoth(Sample a, Sample b) {
  if (a.decimal() && b.decimal()) {
    const int scale = std::max(a.scale(), b.scale());
    const int64_t ma = kIntegerPowersOfTen[scale - a.scale()], mb = kIntegerPowersOfTen[scale - b.scale()];
    std::span<const int32_t> da = a.decimals(), db = b.decimals();
    if constexpr (std::is_same_v<Count, long long>) {
      // A window of production data against the training set: visit the smaller's values.
      const size_t n1 = a.size(), n2 = b.size();
      if (std::max(n1, n2) >= kUneven * std::min(n1, n2)) {
        const bool a_larger = n1 >= n2;
        UnevenWalk u = a_larger ? WalkUneven(da, ma, a.sums(), db, mb) : WalkUneven(db, mb, b.sums(), da, ma);
        // k counted from the larger's side: the walk's own when that is a, else its negation.
        return Walk{static_cast<double>(a_larger ? u.k_max : -u.k_min), static_cast<double>(a_larger ? u.k_min : -u.k_max),
                    u.area / kPowersOfTen[scale]};
      }
    }
    // One scale (nearly always): no multiplication in the walk's chain of dependent steps.
    Walk walk = ma == 1 && mb == 1 ? WalkBoth<Count>(
                                         a.size(), b.size(), [&](size_t i) { return int64_t{da[i]}; },
                                         [&](size_t i) { return int64_t{db[i]}; })
                                   : WalkBoth<Count>(
                                         a.size(), b.size(), [&](size_t i) { return da[i] * ma; },
                                         [&](size_t i) { return db[i] * mb; });
    walk.area /= kPowersOfTen[scale];
    return walk;
  }
  if (!a.decimal() && !b.decimal()) {
    std::span<const double> da = a.doubles(), db = b.doubles();
    return WalkBoth<Count>(a.size(), b.size(), [&](size_t i) { return da[i]; }, [&](size_t i) { return db[i]; });
  }
  return WalkBoth<Count>(a.size(), b.size(), [&](size_t i) { return a[i]; }, [&](size_t i) { return b[i]; });
}

}  // namespace

KsResult KsTwoSample(Sample a, Sample b, double* wasserstein) {
  const size_t n1 = a.size(), n2 = b.size();
  const double d1 = static_cast<double>(n1), d2 = static_cast<double>(n2);
  // k fits 64 bits while n1·n2 does: samples of up to 3·10^9 values each.
  bool narrow = n1 <= static_cast<size_t>(std::numeric_limits<long long>::max()) / n2;
  Walk walk = narrow ? WalkBoth<long long>(a, b) : WalkBoth<Int128>(a, b);
  // scipy's cdf1 − cdf2 at those states, within an ulp.
  double max_diff = walk.k_max / (d1 * d2), min_diff = walk.k_min / (d1 * d2);
  if (wasserstein) *wasserstein = walk.area / (d1 * d2);
  KsResult r;
  r.statistic = std::max(max_diff, std::min(1.0, -min_diff));
  long long g = std::gcd(static_cast<long long>(n1), static_cast<long long>(n2));
  if (std::max(n1, n2) <= 10000) {
    // n1 / g is exact: g divides n1.
    double lcm = static_cast<double>(static_cast<long long>(n1) / g) * d2;  // NOLINT(bugprone-integer-division)
    long long h = static_cast<long long>(RoundHalfEven(r.statistic * lcm));
    double p;
    if (KsTwoSampleExact(static_cast<long long>(n1), static_cast<long long>(n2), h, &p)) {
      r.statistic = static_cast<double>(h) / lcm;
      r.pvalue = std::min(1.0, std::max(0.0, p));
      return r;
    }
    r.statistic = static_cast<double>(h) / lcm;  // scipy keeps the rounded statistic
  }
  double m = std::max(d1, d2), n = std::min(d1, d2);
  r.pvalue = KsAsymptoticPValue(m * n / (m + n), r.statistic);
  return r;
}

double KsAsymptoticPValue(double en, double d) {
  return std::min(1.0, std::max(0.0, KolmogorovSurvival(static_cast<long long>(RoundHalfEven(en)), d)));
}

double Wasserstein1(Sample a, Sample b) {
  double w = 0;
  KsTwoSample(a, b, &w);
  return w;
}

namespace {

// Σ f(x) over four interleaved compensated sums (one alone waits on its own additions),
// joined compensated.
template <typename F>
double SumOf(std::span<const double> x, F f) {
  CompensatedSum lanes[4];
  size_t i = 0;
  for (; i + 4 <= x.size(); i += 4) {
    for (size_t l = 0; l < 4; ++l) lanes[l].Add(f(x[i + l]));
  }
  for (; i < x.size(); ++i) lanes[0].Add(f(x[i]));
  CompensatedSum total;
  for (const auto& l : lanes) {
    total.Add(l.sum);
    total.Add(l.compensation);
  }
  return total.Total();
}

}  // namespace

double Sum(Sample x) {
  if (!x.decimal()) return SumOf(x.doubles(), [](double v) { return v; });
  return static_cast<double>(DecimalSum(x.decimals())) / kPowersOfTen[x.scale()];
}

double StandardDeviation(Sample x) { return StandardDeviation(x, Sum(x) / static_cast<double>(x.size())); }

double StandardDeviation(Sample x, double mean) {
  const double n = static_cast<double>(x.size());
  if (x.decimal()) {
    // n²·variance = n·Σd² − (Σd)², exactly in integers; one rounding at the end.
    Int128 squares = 0;
    for (int32_t d : x.decimals()) squares += static_cast<Int128>(int64_t{d} * d);  // below 2^62
    Int128 sum = DecimalSum(x.decimals());
    Int128 scaled = static_cast<Int128>(x.size()) * squares - sum * sum;
    return std::sqrt(static_cast<double>(scaled)) / n / kPowersOfTen[x.scale()];
  }
  double squares = SumOf(x.doubles(), [mean](double v) { return (v - mean) * (v - mean); });
  return std::sqrt(squares / n);
}

double Quantile(Sample sorted, double q) {
  double index = static_cast<double>(sorted.size() - 1) * q;
  double below = std::floor(index);
  size_t lo = static_cast<size_t>(std::max(0.0, below));
  size_t hi = std::min(lo + 1, sorted.size() - 1);
  double gamma = index - below;
  double a = sorted[lo], b = sorted[hi], diff = b - a;
  return gamma >= 0.5 ? b - diff * (1 - gamma) : a + diff * gamma;
}

PsiResult PopulationStabilityIndex(Sample reference, Sample current, int bins, double epsilon) {
  std::vector<double> cuts;
  double step = 1.0 / bins;  // numpy.linspace(0, 1, bins + 1)
  for (int i = 1; i < bins; ++i) cuts.push_back(Quantile(reference, i * step));
  cuts.erase(std::unique(cuts.begin(), cuts.end()), cuts.end());
  // Bin k holds the values with exactly k cut points at or below them.
  auto counts = [&](Sample sorted) {
    std::vector<double> out(cuts.size() + 1);
    size_t previous = 0;
    for (size_t k = 0; k <= cuts.size(); ++k) {
      size_t end = k < cuts.size() ? sorted.CountBelow(cuts[k]) : sorted.size();
      out[k] = static_cast<double>(end - previous);
      previous = end;
    }
    return out;
  };
  PsiResult result;
  result.bins = static_cast<int>(cuts.size() + 1);
  result.psi = PsiOfCounts(counts(reference), counts(current), epsilon);
  return result;
}

double PsiOfCounts(std::span<const double> reference, std::span<const double> current, double epsilon) {
  double n_ref = 0, n_cur = 0, psi = 0;
  for (double c : reference) n_ref += c;
  for (double c : current) n_cur += c;
  for (size_t k = 0; k < reference.size(); ++k) {
    double r = std::max(epsilon, reference[k] / n_ref), c = std::max(epsilon, current[k] / n_cur);
    psi += (c - r) * std::log(c / r);
  }
  return psi;
}

double ChiSquareSurvival(double dof, double x) {
  if (x < 0 || dof < 1) return std::numeric_limits<double>::quiet_NaN();
  return UpperGamma(dof / 2.0, x / 2.0);
}

ChiSquareResult ChiSquareGoodnessOfFit(std::span<const double> observed, std::span<const double> expected) {
  ChiSquareResult r;
  int categories = 0;
  for (size_t k = 0; k < observed.size(); ++k) {
    // A category empty on both sides says nothing. scipy would add 0/0 (NaN) for it, but
    // meets none in raw data, where categories are the values seen; a summary's empty
    // bins bring them.
    if (observed[k] == 0 && expected[k] == 0) continue;
    ++categories;
    double d = observed[k] - expected[k];
    r.statistic += expected[k] == 0 ? kInf : d * d / expected[k];
  }
  r.dof = categories - 1;
  // One category: observed and expected are the same total, the samples cannot differ.
  r.pvalue = r.dof < 1 ? 1.0 : std::isinf(r.statistic) ? 0.0 : ChiSquareSurvival(r.dof, r.statistic);
  return r;
}

double JensenShannonDistance(std::span<const double> p, std::span<const double> q, double base) {
  long double sp = 0, sq = 0;
  for (double v : p) sp += v;
  for (double v : q) sq += v;
  // rel_entr(x, y) = x·ln(x/y), 0 when x is 0.
  auto rel_entr = [](double x, double y) { return x > 0 && y > 0 ? x * std::log(x / y) : x == 0 ? 0.0 : kInf; };
  long double left = 0, right = 0;
  for (size_t k = 0; k < p.size(); ++k) {
    double pk = static_cast<double>(p[k] / sp), qk = static_cast<double>(q[k] / sq), m = (pk + qk) / 2.0;
    left += rel_entr(pk, m);
    right += rel_entr(qk, m);
  }
  double js = static_cast<double>(left + right);
  if (base > 0) js /= std::log(base);
  return std::sqrt(js / 2.0);
}

}  // namespace mlgate::drift
