// The drift statistics, each a pure function of sorted samples (numeric columns) or of
// category counts, computed as the scipy 1.10 function named beside it so that results
// agree with it (tests/fixtures/drift/scipy_vectors.json, made by make_vectors.py).
#pragma once

#include <span>
#include <vector>

#include "checks/drift/sample.h"

namespace mlgate::drift {

struct KsResult {
  double statistic = 0;
  double pvalue = 1;
};

// scipy.stats.ks_2samp(a, b) (two-sided, method "auto": exact when both samples have at
// most 10 000 values, else the asymptotic distribution kstwo.sf(D, round(n·m/(n+m)))).
// `a` and `b` sorted ascending, not empty, no NaN.
// With `wasserstein`, also Wasserstein1(a, b) from the same walk over both samples.
KsResult KsTwoSample(Sample a, Sample b, double* wasserstein = nullptr);

// ks_2samp's asymptotic p-value for a statistic D between samples whose sizes give
// en = n·m/(n+m): kstwo.sf(D, round(en)).
double KsAsymptoticPValue(double en, double d);

// scipy.stats.wasserstein_distance(a, b): the area between the two empirical CDFs.
double Wasserstein1(Sample a, Sample b);

// The sum of `x`, compensated (Neumaier): as exact as numpy's pairwise sum or better,
// without extended precision; decimals exactly, rounded once.
double Sum(Sample x);

// numpy.std(x) (population standard deviation, ddof 0); with its mean when known
// (decimals need none: their squares are summed exactly).
double StandardDeviation(Sample x);
double StandardDeviation(Sample x, double mean);

// numpy.quantile(x, q) with numpy's default linear interpolation; x sorted.
double Quantile(Sample sorted, double q);

// The population stability index over `bins` quantile bins of the reference: cut points at
// the reference's i/bins quantiles (ties merged), outer bins open, a value equal to a cut
// point in the bin above; shares below `epsilon` raised to it (an empty bin would make
// the logarithm infinite); PSI = Σ (cur − ref)·ln(cur/ref).
struct PsiResult {
  double psi = 0;
  int bins = 0;  // after merging tied cut points
};
PsiResult PopulationStabilityIndex(Sample reference, Sample current, int bins = 10, double epsilon = 1e-4);

// The same over counts already binned (categories, or a summary's bins), aligned.
double PsiOfCounts(std::span<const double> reference, std::span<const double> current, double epsilon = 1e-4);

// scipy.stats.chisquare(observed, expected): Pearson's statistic and its chi-square
// (k − 1 degrees of freedom) upper tail; an expected count of 0 with an observed one
// makes the statistic infinite (p = 0). Categories empty on both sides are left out; with
// one category left, p = 1 (scipy: NaN).
struct ChiSquareResult {
  double statistic = 0;
  double pvalue = 1;
  int dof = 0;
};
ChiSquareResult ChiSquareGoodnessOfFit(std::span<const double> observed, std::span<const double> expected);

// scipy.special.chdtrc(dof, x) = scipy.stats.chi2.sf(x, dof): the regularized upper
// incomplete gamma function Q(dof/2, x/2).
double ChiSquareSurvival(double dof, double x);

// scipy.spatial.distance.jensenshannon(p, q, base): p and q are normalized to sum 1 first;
// base 0 means the natural logarithm.
double JensenShannonDistance(std::span<const double> p, std::span<const double> q, double base = 0);

}  // namespace mlgate::drift
