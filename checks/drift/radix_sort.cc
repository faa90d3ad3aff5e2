#include "checks/drift/radix_sort.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <memory>

namespace mlgate::drift {

namespace {

constexpr int kBits = 11;
constexpr int kLowBits = 31;                      // left to the run fix-up
constexpr int kPasses = (64 - kLowBits) / kBits;  // 3
constexpr size_t kBuckets = size_t{1} << kBits;

inline uint64_t Key(double v) {
  uint64_t u;
  std::memcpy(&u, &v, sizeof u);
  return (u >> 63) ? ~u : u | (uint64_t{1} << 63);
}

inline double Value(uint64_t k) {
  uint64_t u = (k >> 63) ? k & ~(uint64_t{1} << 63) : ~k;
  double v;
  std::memcpy(&v, &u, sizeof v);
  return v;
}

}  // namespace

void RadixSort(const std::vector<Values>& chunks, Values* out) {
  size_t n = 0;
  for (const auto& c : chunks) n += c.size();
  // Keys, not doubles, travel between the two buffers; one read computes every histogram.
  // The buffers stay with the thread: fresh ones would cost a page fault every 4 KiB.
  thread_local std::unique_ptr<uint64_t[]> a, b;
  thread_local size_t capacity = 0;
  if (capacity < n) {
    a.reset(new uint64_t[n]);
    b.reset(new uint64_t[n]);
    capacity = n;
  }
  std::vector<std::array<size_t, kBuckets>> counts(kPasses);
  for (auto& c : counts) c.fill(0);
  size_t at = 0;
  for (const auto& chunk : chunks) {
    for (double v : chunk) {
      uint64_t k = Key(v);
      a[at++] = k;
      for (int p = 0; p < kPasses; ++p) ++counts[p][(k >> (kLowBits + p * kBits)) & (kBuckets - 1)];
    }
  }
  uint64_t* from = a.get();
  uint64_t* to = b.get();
  for (int p = 0; p < kPasses; ++p) {
    auto& count = counts[p];
    // A digit every key shares moves nothing.
    bool trivial = false;
    for (size_t d = 0; d < kBuckets; ++d) {
      if (count[d] == n) trivial = true;
      if (count[d] != 0) break;
    }
    if (trivial || n == 0) continue;
    size_t offset = 0;
    for (size_t d = 0; d < kBuckets; ++d) {
      size_t c = count[d];
      count[d] = offset;
      offset += c;
    }
    const int shift = kLowBits + p * kBits;
    for (size_t i = 0; i < n; ++i) {
      uint64_t k = from[i];
      to[count[(k >> shift) & (kBuckets - 1)]++] = k;
    }
    std::swap(from, to);
  }
  // Runs equal in the sorted bits, ordered by the rest.
  for (size_t i = 0; i < n;) {
    size_t j = i + 1;
    while (j < n && (from[j] >> kLowBits) == (from[i] >> kLowBits)) ++j;
    if (j - i > 1) std::sort(from + i, from + j);
    i = j;
  }
  out->resize(n);
  for (size_t i = 0; i < n; ++i) (*out)[i] = Value(from[i]);
}

}  // namespace mlgate::drift
