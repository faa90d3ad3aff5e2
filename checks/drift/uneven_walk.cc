#include "checks/drift/uneven_walk.h"

#include <algorithm>

namespace mlgate::drift {

namespace {

__extension__ typedef __int128 Int128;

// Searching pays where the larger sample has this many times the values.
constexpr size_t kSearchAbove = 64;

}  // namespace

UnevenWalk WalkUneven(std::span<const int32_t> larger, int64_t larger_multiplier, std::span<const int64_t> larger_sums,
                      std::span<const int32_t> smaller, int64_t smaller_multiplier) {
  const size_t n = larger.size(), m = smaller.size();
  const auto nn = static_cast<long long>(n), mm = static_cast<long long>(m);
  auto big = [&](size_t p) { return int64_t{larger[p]} * larger_multiplier; };
  auto small = [&](size_t s) { return int64_t{smaller[s]} * smaller_multiplier; };
  // The larger's values taken so far, [0, p), and their sum. Without running sums they are
  // taken in one pass, a comparison and an addition each: the sum needs every value then,
  // and a scan's branch is mispredicted once a stretch where a search's is at every step.
  size_t p = 0;
  Int128 sum = 0;
  // With the larger's running sums at hand and far more of its values than the smaller's
  // (hourly windows against a training set), its positions are searched instead: a
  // stretch then costs its logarithm, not its length.
  const bool search = !larger_sums.empty() && n >= kSearchAbove * m;
  // Σ of the first p decimals.
  auto prefix = [&](size_t at) {
    int64_t total = larger_sums[at / kSumBlock];
    for (size_t t = at / kSumBlock * kSumBlock; t < at; ++t) total += larger[t];
    return total;
  };
  // Takes values up to `end` while their decimal d keeps d·multiplier below `to` (or equal
  // to it), compared and summed as the decimals themselves, in registers.
  auto take = [&](size_t end, int64_t to, bool equal) {
    const int64_t mult = larger_multiplier;
    // d·mult < to ⟺ d < ⌈to / mult⌉; d·mult == to ⟺ d == to / mult, when that divides.
    if (equal && to % mult != 0) return;
    const int64_t limit = equal ? to / mult : to / mult + (to % mult != 0 && to > 0);
    if (search) {
      // Galloping from p: the first position whose decimal no longer qualifies.
      auto qualifies = [&](size_t at) { return equal ? larger[at] == limit : larger[at] < limit; };
      size_t lo = p, hi = p, step = 1;
      while (hi < end && qualifies(hi)) {
        lo = hi + 1;
        hi = std::min(end, hi + step);
        step *= 2;
      }
      while (lo < hi) {
        const size_t mid = lo + (hi - lo) / 2;
        if (qualifies(mid)) {
          lo = mid + 1;
        } else {
          hi = mid;
        }
      }
      p = lo;
      sum = static_cast<Int128>(prefix(p)) * mult;
      return;
    }
    while (p < end) {
      const size_t stop = std::min(end, p + (size_t{1} << 31));  // an int64 holds 2^31 decimals
      int64_t part = 0;
      if (equal) {
        for (; p < stop && larger[p] == limit; ++p) part += larger[p];
      } else {
        for (; p < stop && larger[p] < limit; ++p) part += larger[p];
      }
      sum += static_cast<Int128>(part) * mult;
      if (p < stop) return;  // stopped at a value: not a chunk's end
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
  // From `from` (F there: `f_from`) to `to`, j fixed: the larger's values below `to` are
  // taken. k = i·m − j·n is negative while i < q, the least i with i·m ≥ j·n; the area
  // is split where i reaches q, when it does before `to`.
  int64_t from = std::min(big(0), small(0));
  Int128 f_from = 0;
  long long j = 0;
  auto stretch = [&](int64_t to) {
    const long long c = j * nn;
    const auto q = static_cast<size_t>((c + mm - 1) / mm);
    if (q <= p) {
      take(n, to, false);
      area += static_cast<Int128>(mm) * (integral_to(to) - f_from) - static_cast<Int128>(c) * (to - from);
      return;
    }
    take(q, to, false);
    if (p < q) {  // every state of the stretch below q
      area += static_cast<Int128>(c) * (to - from) - static_cast<Int128>(mm) * (integral_to(to) - f_from);
      return;
    }
    const int64_t x = big(q - 1);  // i becomes q here
    const Int128 f_x = integral_to(x);
    area += static_cast<Int128>(c) * (x - from) - static_cast<Int128>(mm) * (f_x - f_from);
    take(n, to, false);
    area += static_cast<Int128>(mm) * (integral_to(to) - f_x) - static_cast<Int128>(c) * (to - x);
  };
  for (size_t s = 0; s < m;) {
    const int64_t v = small(s);
    size_t ties = s + 1;
    while (ties < m && small(ties) == v) ++ties;
    stretch(v);
    state(static_cast<long long>(p) * mm - j * nn);  // the last state before v: it counts
    const Int128 f_v = integral_to(v);
    take(n, v, true);  // the larger's values equal to v
    j += static_cast<long long>(ties - s);
    state(static_cast<long long>(p) * mm - j * nn);  // after every value equal to v
    from = v;
    f_from = f_v;
    s = ties;
  }
  if (p < n) stretch(big(n - 1) + 1);  // past the smaller's last value, j = m: k ≤ 0 to the end
  out.area = static_cast<double>(area);
  return out;
}

std::vector<int64_t> RunningSums(std::span<const int32_t> decimals) {
  if (decimals.size() >= (size_t{1} << 32)) return {};
  std::vector<int64_t> sums(decimals.size() / kSumBlock + 1);
  int64_t total = 0;
  for (size_t k = 0; k < sums.size(); ++k) {
    sums[k] = total;
    const size_t end = std::min(decimals.size(), (k + 1) * kSumBlock);
    for (size_t t = k * kSumBlock; t < end; ++t) total += decimals[t];
  }
  return sums;
}

}  // namespace mlgate::drift
