#include "checks/drift/uneven_walk.h"

#include <algorithm>

namespace mlgate::drift {

namespace {

__extension__ typedef __int128 Int128;

}  // namespace

UnevenWalk WalkUneven(std::span<const int32_t> larger, int64_t larger_multiplier, std::span<const int32_t> smaller,
                      int64_t smaller_multiplier) {
  const size_t n = larger.size(), m = smaller.size();
  const auto nn = static_cast<long long>(n), mm = static_cast<long long>(m);
  auto big = [&](size_t p) { return int64_t{larger[p]} * larger_multiplier; };
  auto small = [&](size_t s) { return int64_t{smaller[s]} * smaller_multiplier; };
  // The first position at or after `from` whose value fails `before` (values ascending).
  auto gallop = [&](size_t from, auto before) {
    size_t step = 1, lo = from, hi = from;
    while (hi < n && before(big(hi))) {
      lo = hi + 1;
      hi = std::min(n, hi + step);
      step *= 2;
    }
    while (lo < hi) {  // the answer lies in [lo, hi]
      size_t mid = lo + (hi - lo) / 2;
      if (before(big(mid))) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  };
  // The larger's values taken so far, [0, p), and their sum.
  size_t p = 0;
  Int128 sum = 0;
  auto advance = [&](size_t to) {
    while (p < to) {
      const size_t end = std::min(to, p + (size_t{1} << 31));  // an int64 holds 2^31 decimals
      int64_t part = 0;
      for (size_t t = p; t < end; ++t) part += larger[t];
      sum += static_cast<Int128>(part) * larger_multiplier;
      p = end;
    }
  };
  // F(x) = Σ_{b ≤ x} (x − b) with p at least the count of values below x and at most the
  // count at or below it (the values equal to x add 0).
  auto integral_to = [&](int64_t x) { return static_cast<Int128>(p) * x - sum; };

  UnevenWalk out;
  auto state = [&](long long k) {
    out.k_max = std::max(out.k_max, k);
    out.k_min = std::min(out.k_min, k);
  };
  Int128 area = 0;
  // The stretch from `from` (F there: `f_from`) to `to`, j fixed at `j`: the larger's
  // values in it are [p, below) (below: those under `to`).
  int64_t from = std::min(big(0), small(0));
  Int128 f_from = 0;
  long long j = 0;
  auto stretch = [&](int64_t to, size_t below) {
    const Int128 c = static_cast<Int128>(j) * nn;  // k = i·m − c
    // k < 0 while i < q (q: the least i with i·m ≥ c), k ≥ 0 from there.
    const auto q = static_cast<size_t>(std::min<Int128>((c + mm - 1) / mm, static_cast<Int128>(n) + 1));
    if (q <= p) {
      advance(below);
      area += static_cast<Int128>(mm) * (integral_to(to) - f_from) - c * (to - from);
    } else if (q > below) {
      advance(below);
      area += c * (to - from) - static_cast<Int128>(mm) * (integral_to(to) - f_from);
    } else {
      advance(q);  // i becomes q at the q-th value
      const int64_t x = big(q - 1);
      const Int128 f_x = integral_to(x);
      area += c * (x - from) - static_cast<Int128>(mm) * (f_x - f_from);
      advance(below);
      area += static_cast<Int128>(mm) * (integral_to(to) - f_x) - c * (to - x);
    }
  };
  for (size_t s = 0; s < m;) {
    const int64_t v = small(s);
    size_t ties = s + 1;
    while (ties < m && small(ties) == v) ++ties;
    const size_t below = gallop(p, [v](int64_t b) { return b < v; });
    stretch(v, below);
    state(static_cast<long long>(below) * mm - j * nn);  // the last state before v: it counts
    const Int128 f_v = integral_to(v);
    advance(gallop(below, [v](int64_t b) { return b <= v; }));  // the larger's values equal to v
    j += static_cast<long long>(ties - s);
    state(static_cast<long long>(p) * mm - j * nn);  // after every value equal to v
    from = v;
    f_from = f_v;
    s = ties;
  }
  if (p < n) stretch(big(n - 1), n);  // the larger's values past the smaller's last: j = m
  out.area = static_cast<double>(area);
  return out;
}

}  // namespace mlgate::drift
