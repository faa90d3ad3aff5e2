#include "checks/drift/ks_distribution.h"

#include <Eigen/Dense>
#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <vector>

namespace mlgate::drift {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kPi = 3.14159265358979323846;
constexpr double kMinLog = -708.3964185322641;  // log(DBL_MIN), cephes' MINLOG
constexpr int kScale = 128;                     // intermediate results are rescaled by 2^±128

double Clip(double p) { return std::min(1.0, std::max(0.0, p)); }

// log(n! / n^n) by Stirling's series with the n·log(n) removed up front (no cancellation);
// the coefficients are B_2j / (2j (2j-1)), j = 8 … 1.
double LogFactorialOverPower(double n) {
  static const double kStirling[] = {-3617.0 / 510.0 / 240.0, 7.0 / 6.0 / 182.0,  -691.0 / 2730.0 / 132.0,
                                     5.0 / 66.0 / 90.0,       -1.0 / 30.0 / 56.0, 1.0 / 42.0 / 30.0,
                                     -1.0 / 30.0 / 12.0,      1.0 / 6.0 / 2.0};
  double rn = 1.0 / n, x = rn / n, poly = 0;
  for (double c : kStirling) poly = poly * x + c;
  return std::log(n) / 2 - n + std::log(2 * kPi) / 2 + rn * poly;
}

// Durbin's matrix method as Marsaglia, Tsang and Wang evaluate it: P(D_n ≤ d) is the
// (k,k) entry of (n!/n^n)·H^n for an m×m matrix H, m = 2k−1, k = ⌈nd⌉.
double DurbinCdf(long long n, double d) {
  if (d >= 1.0) return 1.0;
  double nd = static_cast<double>(n) * d;
  if (nd <= 0.5) return 0.0;
  int k = static_cast<int>(std::ceil(nd));
  double h = k - nd;
  int m = 2 * k - 1;
  std::vector<double> v(m), w(m);
  double fac = 1.0;
  for (int j = 1; j <= m; ++j) {
    w[j - 1] = fac;
    fac /= j;
    v[j - 1] = (1.0 - std::pow(h, j)) * fac;
  }
  double tt = std::pow(std::max(2 * h - 1.0, 0.0), m) - 2 * std::pow(h, m);
  v[m - 1] = (1.0 + tt) * fac;
  Eigen::MatrixXd H = Eigen::MatrixXd::Zero(m, m);
  for (int i = 1; i < m; ++i) {
    for (int r = i - 1; r < m; ++r) H(r, i) = w[r - (i - 1)];
  }
  for (int r = 0; r < m; ++r) H(r, 0) = v[r];
  for (int c = 0; c < m; ++c) H(m - 1, c) = v[m - 1 - c];
  Eigen::MatrixXd power = Eigen::MatrixXd::Identity(m, m);
  long long exponent = 0, h_exponent = 0;
  const double big = std::ldexp(1.0, kScale), small = std::ldexp(1.0, -kScale);
  for (long long nn = n; nn > 0; nn /= 2) {
    if (nn % 2) {
      power = power * H;
      exponent += h_exponent;
    }
    H = H * H;
    h_exponent *= 2;
    if (std::abs(H(k - 1, k - 1)) > big) {
      H /= big;
      h_exponent += kScale;
    }
  }
  double p = power(k - 1, k - 1);
  for (long long i = 1; i <= n; ++i) {
    p = static_cast<double>(i) * p / static_cast<double>(n);
    if (std::abs(p) < small) {
      p *= big;
      exponent -= kScale;
    }
  }
  if (exponent != 0) p = std::ldexp(p, static_cast<int>(exponent));
  return Clip(p);
}

// The ends of row i's non-zero entries in Pomeranz's recursion.
void PomeranzRange(long long i, long long n, long long ll, int ceilf, int roundf, long long* j1, long long* j2) {
  long long a, b;
  if (i == 0) {
    a = -ll - ceilf - 1;
    b = ll + ceilf - 1;
  } else {
    long long half = (i + 1) / 2, odd = (i + 1) % 2;
    if (odd == 0) {  // i is odd
      if (half == n + 1) {
        a = n - ll - ceilf - 1;
        b = n + ll + ceilf - 1;
      } else {
        a = half - 1 - ll - roundf - 1;
        b = half + ll - 1 + ceilf - 1;
      }
    } else {
      a = half - 1 - ll - 1;
      b = half + ll + roundf - 1;
    }
  }
  *j1 = std::max(a + 2, 0LL);
  *j2 = std::min(b, n);
}

// Pomeranz's recursion (CACM algorithm 487): P(D_n ≤ x) as n!·V[n], each row of V the
// convolution of the previous one with (almost) Poisson probabilities.
double PomeranzCdf(long long n, double x) {
  double t = static_cast<double>(n) * x;
  long long ll = static_cast<long long>(std::floor(t));
  double f = t - static_cast<double>(ll);
  double g = std::min(f, 1.0 - f);
  int ceilf = f > 0 ? 1 : 0, roundf = f > 0.5 ? 1 : 0;
  size_t powers = static_cast<size_t>(2 * (ll + 1));
  std::vector<double> gp(powers), two_gp(powers), one_m2gp(powers);
  gp[0] = two_gp[0] = one_m2gp[0] = 1.0;
  double dn = static_cast<double>(n);
  for (size_t m = 1; m < powers; ++m) {
    gp[m] = gp[m - 1] * (g / dn) / static_cast<double>(m);
    two_gp[m] = two_gp[m - 1] * (2 * g / dn) / static_cast<double>(m);
    one_m2gp[m] = one_m2gp[m - 1] * ((1 - 2 * g) / dn) / static_cast<double>(m);
  }
  std::vector<double> v0(powers, 0.0), v1(powers, 0.0);
  v1[0] = 1;
  long long v0s = 0, v1s = 0, exponent = 0, j1 = 0, j2 = 0;
  const double big = std::ldexp(1.0, kScale), small = std::ldexp(1.0, -kScale);
  PomeranzRange(0, n, ll, ceilf, roundf, &j1, &j2);
  for (long long i = 1; i < 2 * n + 2; ++i) {
    long long k1 = j1;
    std::swap(v0, v1);
    std::swap(v0s, v1s);
    std::fill(v1.begin(), v1.end(), 0.0);
    PomeranzRange(i, n, ll, ceilf, roundf, &j1, &j2);
    const std::vector<double>& pw = (i == 1 || i == 2 * n + 1) ? gp : (i % 2 ? two_gp : one_m2gp);
    long long len = j2 - k1 + 1;
    if (len <= 0) continue;
    // The full convolution of a = v0[k1−v0s …][:len] and b = pw[:len]; entries
    // [j1−k1, j1−k1 + (j2−j1+1)) of it become the new row.
    long long a0 = k1 - v0s;
    long long a_len = std::min<long long>(len, static_cast<long long>(powers) - a0);
    long long start = j1 - k1, count = j2 - j1 + 1;
    double top = 0;
    for (long long c = 0; c < count; ++c) {
      long long tt = start + c;
      double sum = 0;
      for (long long s = std::max(0LL, tt - (len - 1)); s <= std::min(tt, a_len - 1); ++s) {
        sum += v0[static_cast<size_t>(a0 + s)] * pw[static_cast<size_t>(tt - s)];
      }
      v1[static_cast<size_t>(c)] = sum;
      top = std::max(top, sum);
    }
    if (top > 0 && top < small) {
      for (auto& e : v1) e *= big;
      exponent -= kScale;
    }
    v1s = v0s + j1 - k1;
  }
  double answer = v1[static_cast<size_t>(n - v1s)];
  for (long long m = 1; m <= n; ++m) {
    if (std::abs(answer) > big) {
      answer *= small;
      exponent += kScale;
    }
    answer *= static_cast<double>(m);
  }
  if (exponent != 0) answer = std::ldexp(answer, static_cast<int>(exponent));
  return Clip(answer);
}

// Pelz and Good's transformation of the Li-Chien/Korolyuk expansion
// P(D_n ≤ x) ≈ K0(z) + K1(z)/√n + K2(z)/n + K3(z)/n^1.5, z = x√n, for small z.
double PelzGoodCdf(long long n, double x) {
  if (x <= 0.0) return 0.0;
  if (x >= 1.0) return 1.0;
  const double pi2 = kPi * kPi, pi4 = pi2 * pi2, pi6 = pi4 * pi2, sqrt2pi = std::sqrt(2 * kPi);
  double dn = static_cast<double>(n);
  double z = std::sqrt(dn) * x;
  double z2 = z * z, z3 = z2 * z, z4 = z2 * z2, z6 = z4 * z2;
  double qlog = -pi2 / 8 / z2;
  if (qlog < -708) return 0.0;
  double q = std::exp(qlog);
  double k1a = -z2, k1b = pi2 / 4;
  double k2a = 6 * z6 + 2 * z4, k2b = (2 * z4 - 5 * z2) * pi2 / 4, k2c = pi4 * (1 - 2 * z2) / 16;
  double k3d = pi6 * (5 - 30 * z2) / 64, k3c = pi4 * (-60 * z2 + 212 * z4) / 16, k3b = pi2 * (135 * z4 - 96 * z6) / 4,
         k3a = -30 * z6 - 90 * std::pow(z, 8);
  double K[4] = {0, 0, 0, 0};
  long long maxk = static_cast<long long>(std::ceil(16 * z / kPi));
  // Horner in q^(8k) over the odd m = 2k−1.
  for (long long k = maxk; k > 0; --k) {
    double m = static_cast<double>(2 * k - 1);
    double m2 = m * m, m4 = m2 * m2, m6 = m4 * m2;
    double qpower = std::pow(q, static_cast<double>(8 * k));
    double coeffs[4] = {1.0, k1a + k1b * m2, k2a + k2b * m2 + k2c * m4, k3a + k3b * m2 + k3c * m4 + k3d * m6};
    for (int i = 0; i < 4; ++i) K[i] = K[i] * qpower + coeffs[i];
  }
  double div[4] = {z, 6 * z4, 72 * std::pow(z, 7), 6480 * std::pow(z, 10)};
  for (int i = 0; i < 4; ++i) K[i] = K[i] * q * sqrt2pi / div[i];
  // The sums over all integers k for K2 and K3.
  double q2 = std::exp(-pi2 / 2 / z2), k2extra = 0, k3extra = 0, sqrt3z = std::sqrt(3.0) * z;
  for (long long k = maxk; k > 0; --k) {
    double kd = static_cast<double>(k), k2 = kd * kd, kpi = kPi * kd;
    double qp = std::pow(q2, k2);
    k2extra += k2 * qp;
    k3extra += (sqrt3z + kpi) * (sqrt3z - kpi) * k2 * qp;
  }
  K[2] += k2extra * pi2 * sqrt2pi / (-36 * z3);
  K[3] += k3extra * pi2 * sqrt2pi / (216 * z6);
  double sum = 0;
  for (int i = 0; i < 4; ++i) sum += K[i] / std::pow(dn, i / 2.0);
  return sum;
}

}  // namespace

double SmirnovSurvival(long long n, double x) {
  if (!(n > 0 && x >= 0.0 && x <= 1.0)) return kNaN;
  if (n == 1) return 1 - x;
  if (x == 0.0) return 1.0;
  if (x == 1.0) return 0.0;
  // n·x split into its integer part and the remainder, in extended precision.
  long double nx = static_cast<long double>(n) * static_cast<long double>(x);
  long long nxfl = static_cast<long long>(std::floor(nx));
  long double alpha = nx - static_cast<long double>(nxfl);
  if (alpha >= 1) {
    nxfl += 1;
    alpha = 0;
  }
  if (nxfl == 0 || (nxfl == 1 && alpha == 0)) {  // x ≤ 1/n
    return Clip(static_cast<double>(1 - x * std::pow(1.0L + x, static_cast<long double>(n - 1))));
  }
  double dn = static_cast<double>(n);
  if (-2 * dn * x * x < kMinLog) return 0.0;
  if (nxfl >= n - 1) return Clip(static_cast<double>(std::pow(1.0L - x, static_cast<long double>(n))));
  if (n > 1000000) {  // scipy's approximation for n it will not sum over
    double logp = -std::pow(6.0 * dn * x + 1, 2) / 18.0 / dn;
    return Clip(logp < -std::log(2.0) ? std::exp(logp) : 1 + std::expm1(logp));
  }
  // Birnbaum–Tingey: sf = x Σ_{j=0}^{⌊n(1−x)⌋} C(n,j) (x + j/n)^(j−1) (1 − x − j/n)^(n−j),
  // without the last term when n·x is an integer (it is zero). All terms are positive.
  long long last = n - nxfl - (alpha == 0 ? 0 : 1);
  if (alpha == 0) last -= 1;
  long double sum = 0, log_c = 0, ln = static_cast<long double>(n);
  for (long long j = 0; j <= last; ++j) {
    long double jd = static_cast<long double>(j);
    long double up = (jd + nx) / ln;         // x + j/n
    long double down = (ln - jd - nx) / ln;  // 1 − x − j/n
    long double log_term = log_c + (jd - 1) * std::log(up) + (ln - jd) * std::log(down);
    long double term = log_term > -11000 ? std::exp(log_term) : 0;
    sum += term;
    if (term > 0 && 4 * static_cast<long double>(last + 1 - j) * term < std::numeric_limits<double>::epsilon() * sum &&
        j != last) {
      break;
    }
    if (term == 0 && j > n / 2) break;
    log_c += std::log((ln - jd) / (jd + 1));
  }
  return Clip(static_cast<double>(static_cast<long double>(x) * sum));
}

double KolmogorovSurvival(long long n, double x) {
  if (n <= 0 || std::isnan(x)) return kNaN;
  if (x >= 1.0) return 0.0;
  if (x <= 0.0) return 1.0;
  double dn = static_cast<double>(n);
  double t = dn * x;
  if (t <= 1.0) {  // Ruben–Gambino: 1/2n ≤ x ≤ 1/n
    if (t <= 0.5) return 1.0;
    double cdf;
    if (n <= 140) {
      cdf = 1.0;
      for (long long i = 1; i <= n; ++i) cdf *= static_cast<double>(i) * (1.0 / dn) * (2 * t - 1);
    } else {
      cdf = std::exp(LogFactorialOverPower(dn) + dn * std::log(2 * t - 1));
    }
    return Clip(1.0 - cdf);
  }
  if (t >= dn - 1) return Clip(2 * std::pow(1.0 - x, dn));  // Ruben–Gambino
  if (x >= 0.5) return Clip(2 * SmirnovSurvival(n, x));
  double nx2 = t * x;
  if (n <= 140) {
    if (nx2 <= 0.754693) return Clip(1.0 - DurbinCdf(n, x));
    if (nx2 <= 4) return Clip(1.0 - PomeranzCdf(n, x));
    return Clip(2 * SmirnovSurvival(n, x));
  }
  if (nx2 >= 370.0) return 0.0;
  if (nx2 >= 2.2) return Clip(2 * SmirnovSurvival(n, x));
  double cdf = nx2 >= 18.0 ? 1.0 : (n <= 100000 && dn * std::pow(x, 1.5) <= 1.4) ? DurbinCdf(n, x) : PelzGoodCdf(n, x);
  return Clip(1.0 - cdf);
}

bool KsTwoSampleExact(long long n1, long long n2, long long h, double* p) {
  if (h == 0) {
    *p = 1.0;
    return true;
  }
  double prob;
  if (n1 == n2) {
    // 2·(A0 − A0·A1 + …) with each A_k a ratio of h simple terms, in Horner form.
    long long n = n1;
    double P = 0.0;
    for (long long k = n / h; k >= 0; --k) {
      double p1 = 1.0;
      for (long long j = 0; j < h; ++j) {
        p1 = static_cast<double>(n - k * h - j) * p1 / static_cast<double>(n + k * h + j + 1);
      }
      P = p1 * (1.0 - P);
    }
    prob = 2 * P;
  } else {
    // The paths from (0,0) to (m,n) that stay strictly inside |x/m − y/n| < h/lcm, as the
    // proportion that does not (one column of the lattice at a time, in a sliding window).
    long long m = std::max(n1, n2), n = std::min(n1, n2);
    long long g = std::gcd(m, n), mg = m / g, ng = n / g;
    long long minj = 0, maxj = std::min<long long>((h + mg - 1) / mg, n + 1);
    long long curlen = maxj - minj;
    long long len = std::min(2 * maxj + 2, n + 1);
    std::vector<double> A(static_cast<size_t>(len), 1.0);
    std::fill(A.begin() + minj, A.begin() + maxj, 0.0);
    prob = -1;
    for (long long i = 1; i <= m; ++i) {
      long long lastminj = minj, lastlen = curlen;
      long long num = ng * i - h;  // floor division, as Python's
      long long fl = num >= 0 ? num / mg : -((-num + mg - 1) / mg);
      minj = std::min(std::max(fl + 1, 0LL), n);
      maxj = std::min<long long>((ng * i + h + mg - 1) / mg, n + 1);
      if (maxj <= minj) {
        prob = 1.0;
        break;
      }
      double val = minj == 0 ? 0.0 : 1.0;
      for (long long jj = 0; jj < maxj - minj; ++jj) {
        long long j = jj + minj;
        val = (A[static_cast<size_t>(jj + minj - lastminj)] * static_cast<double>(i) + val * static_cast<double>(j)) /
              static_cast<double>(i + j);
        A[static_cast<size_t>(jj)] = val;
      }
      curlen = maxj - minj;
      if (lastlen > curlen) {
        size_t from = static_cast<size_t>(maxj - minj);
        size_t to = std::min(A.size(), static_cast<size_t>(maxj - minj + lastlen - curlen));
        if (from < to) std::fill(A.begin() + static_cast<long>(from), A.begin() + static_cast<long>(to), 1.0);
      }
    }
    if (prob < 0) prob = A[static_cast<size_t>(maxj - minj - 1)];
  }
  if (!std::isfinite(prob) || prob < 0 || prob > 1) return false;
  *p = prob;
  return true;
}

}  // namespace mlgate::drift
