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
#include <vector>

namespace mlgate::drift {

struct UnevenWalk {
  long long k_max = 0, k_min = 0;  // extremes of k = i·m − j·n over the states that count
  double area = 0;                 // Σ |k|·gap, in units of the keys (decimal · multiplier)
};

// Running sums of a decimal column every kSumBlock values: sums[k] = Σ d[0, k·kSumBlock),
// k = 0 … n / kSumBlock (columns of up to 2^32 values: each sum fits 64 bits).
constexpr size_t kSumBlock = 64;
std::vector<int64_t> RunningSums(std::span<const int32_t> decimals);

// `larger` (n values) and `smaller` (m values), sorted decimals; each key is the decimal
// times its multiplier (to bring two scales to one). k is counted from the larger's side:
// i values of `larger` and j of `smaller` taken give k = i·m − j·n. n·m must fit 63 bits.
// `larger_sums`: RunningSums(larger), or empty (the larger is then read whole). With them
// and 64 times the smaller's values, the larger's positions are searched (galloping) and
// its sums read from them: O(m log n) instead of O(n).
UnevenWalk WalkUneven(std::span<const int32_t> larger, int64_t larger_multiplier, std::span<const int64_t> larger_sums,
                      std::span<const int32_t> smaller, int64_t smaller_multiplier);

}  // namespace mlgate::drift
