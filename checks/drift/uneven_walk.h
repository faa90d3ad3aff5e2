// The two-sample ECDF walk (drift_stats.cc: KS's extremes and the Wasserstein area) for
// samples of very different sizes — a day of production data against the whole training
// set, judged once for every window. The merged walk takes each value of both in one
// chain of dependent, branch-free steps (~4 ns a value); this one steps through the
// smaller sample's values only, and between two of them takes the larger's in a plain
// loop (compare, add: ~1 ns), since what they contribute follows from their count and
// sum. The area between the ECDFs is ∫|i(x)·m − j·n| dx with i(x) the larger's values at
// or below x: over a stretch where j is fixed, F(x) = Σ_{b ≤ x}(x − b) = i(x)·x − S(i(x))
// integrates i exactly, split where i·m crosses j·n. Decimals only: every quantity is an
// integer, exact in 128 bits. (Searching the larger instead of scanning it was slower:
// its sum needs every value anyway, and a search mispredicts at every step.)
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

namespace mlgate::drift {

struct UnevenWalk {
  long long k_max = 0, k_min = 0;  // extremes of k = i·m − j·n over the states that count
  double area = 0;                 // Σ |k|·gap, in units of the keys (decimal · multiplier)
};

// `larger` (n values) and `smaller` (m values), sorted decimals; each key is the decimal
// times its multiplier (to bring two scales to one). k is counted from the larger's side:
// i values of `larger` and j of `smaller` taken give k = i·m − j·n. n·m must fit 63 bits.
UnevenWalk WalkUneven(std::span<const int32_t> larger, int64_t larger_multiplier, std::span<const int32_t> smaller,
                      int64_t smaller_multiplier);

}  // namespace mlgate::drift
