// Tail probabilities of the Kolmogorov–Smirnov statistics, computed as scipy 1.10 does so
// that a team moving from scipy gets the same p-values (to about 1e-12 where scipy is
// exact, and the same approximation where it approximates):
//
// - KolmogorovSurvival(n, d) = scipy.stats.kstwo.sf(d, n): P(D_n ≥ d) for the two-sided
//   one-sample statistic, by Simard & L'Ecuyer's choice (J. Stat. Softw. 39(11), 2011)
//   among the Ruben–Gambino closed forms, Durbin's matrix method (Marsaglia–Tsang–Wang),
//   Pomeranz's recursion, Pelz–Good's asymptotic series and 2·smirnov.
// - SmirnovSurvival(n, d) = scipy.special.smirnov(n, d): P(D_n⁺ ≥ d), the Birnbaum–Tingey
//   sum (exactly, in extended precision), or for n > 10⁶ the same asymptotic as scipy.
// - KsTwoSampleExact(n1, n2, h) = the exact two-sided two-sample p-value for D = h/lcm,
//   by counting lattice paths (Hodges 1958; 1−p recursion after Viehmann 2021).
#pragma once

namespace mlgate::drift {

double KolmogorovSurvival(long long n, double d);
double SmirnovSurvival(long long n, double d);

// P(D_{n1,n2} ≥ h/lcm(n1,n2)) exactly; false when it cannot be computed in floating point
// (scipy then falls back to the asymptotic distribution, and so does the caller).
bool KsTwoSampleExact(long long n1, long long n2, long long h, double* p);

}  // namespace mlgate::drift
