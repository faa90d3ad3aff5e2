#include "checks/drift/radix_sort.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cstdint>
#include <cstring>
#include <memory>
#include <mutex>

namespace mlgate::drift {

namespace {

constexpr int kBits = 8;
constexpr int kLowBits = 32;                      // left to the run fix-up
constexpr int kPasses = (64 - kLowBits) / kBits;  // 4
constexpr size_t kBuckets = size_t{1} << kBits;
constexpr int kDecimalDigitBits = 9;  // the widest digit of a decimal pass

// The column's doubles are read and written as their bit patterns.
typedef uint64_t __attribute__((__may_alias__)) Word;

inline uint64_t Key(uint64_t bits) { return (bits >> 63) ? ~bits : bits | (uint64_t{1} << 63); }
inline uint64_t Bits(uint64_t key) { return (key >> 63) ? key & ~(uint64_t{1} << 63) : ~key; }
inline uint64_t KeyOf(double v) {
  uint64_t u;
  std::memcpy(&u, &v, sizeof u);
  return Key(u);
}

// Two key buffers; taken by a sort, given back after. Kept for the process (fresh ones
// would cost their page faults again), at most one pair per thread sorting at once.
struct Scratch {
  std::vector<uint64_t, UninitializedAllocator<uint64_t>> a, b;
};
std::mutex scratch_mutex;
std::vector<std::unique_ptr<Scratch>>& FreeScratch() {
  static auto* free = new std::vector<std::unique_ptr<Scratch>>();  // never destroyed: used until exit
  return *free;
}
std::unique_ptr<Scratch> TakeScratch() {
  std::lock_guard<std::mutex> lock(scratch_mutex);
  auto& free = FreeScratch();
  if (free.empty()) return std::make_unique<Scratch>();
  auto s = std::move(free.back());
  free.pop_back();
  return s;
}
void GiveBack(std::unique_ptr<Scratch> s) {
  std::lock_guard<std::mutex> lock(scratch_mutex);
  FreeScratch().push_back(std::move(s));
}

// A scratch buffer of at least `words` 64-bit words.
void Ensure(std::vector<uint64_t, UninitializedAllocator<uint64_t>>* buffer, size_t words) {
  if (buffer->size() >= words) return;
  *buffer = {};
  buffer->resize(words);
  AdviseHugePages(buffer->data(), words * sizeof(uint64_t));
}

// One counting-sort pass on the digit at `shift`: from `from` to `to`, both as 64-bit
// words; the column's doubles are turned into keys as read (kFromDoubles) and back as
// written (kToDoubles).
template <bool kFromDoubles, bool kToDoubles>
void Scatter(const Word* from, Word* to, size_t n, int shift, std::array<size_t, kBuckets>& offsets) {
  for (size_t i = 0; i < n; ++i) {
    uint64_t k = kFromDoubles ? Key(from[i]) : from[i];
    to[offsets[(k >> shift) & (kBuckets - 1)]++] = kToDoubles ? Bits(k) : k;
  }
}

}  // namespace

void RadixSort(Values* values) {
  const size_t n = values->size();
  if (n < 2) return;
  auto* column = reinterpret_cast<Word*>(values->data());
  // Every digit's histogram in one read; a digit every key shares moves nothing.
  std::vector<std::array<size_t, kBuckets>> counts(kPasses);
  for (auto& c : counts) c.fill(0);
  for (size_t i = 0; i < n; ++i) {
    uint64_t k = Key(column[i]);
    for (int p = 0; p < kPasses; ++p) ++counts[static_cast<size_t>(p)][(k >> (kLowBits + p * kBits)) & (kBuckets - 1)];
  }
  std::vector<int> passes;
  for (int p = 0; p < kPasses; ++p) {
    auto& count = counts[static_cast<size_t>(p)];
    if (std::find(count.begin(), count.end(), n) != count.end()) continue;
    size_t offset = 0;
    for (auto& c : count) offset += std::exchange(c, offset);
    passes.push_back(p);
  }
  // The column to the scratch and back: column → a → b → a … → column; one pass alone goes
  // column → a, then a is copied back.
  std::unique_ptr<Scratch> scratch = TakeScratch();
  if (!passes.empty()) Ensure(&scratch->a, n);
  if (passes.size() > 2) Ensure(&scratch->b, n);
  Word* a = scratch->a.data();
  Word* b = scratch->b.data();
  const size_t last = passes.size() - 1;
  for (size_t t = 0; t < passes.size(); ++t) {
    const int shift = kLowBits + passes[t] * kBits;
    auto& offsets = counts[static_cast<size_t>(passes[t])];
    Word* from = t % 2 ? a : b;  // what pass t - 1 wrote
    Word* to = t % 2 ? b : a;
    if (t == 0 && t == last) {
      Scatter<true, false>(column, a, n, shift, offsets);
      for (size_t i = 0; i < n; ++i) column[i] = Bits(a[i]);
    } else if (t == 0) {
      Scatter<true, false>(column, to, n, shift, offsets);
    } else if (t == last) {
      Scatter<false, true>(from, column, n, shift, offsets);
    } else {
      Scatter<false, false>(from, to, n, shift, offsets);
    }
  }
  GiveBack(std::move(scratch));
  // Disorder is left only inside runs equal in the sorted bits, and is rare (runs are
  // mostly one value, or one value repeated): look for inversions, which almost never
  // branch, and sort just the run around each.
  double* v = values->data();
  auto by_key = [](double x, double y) { return KeyOf(x) < KeyOf(y); };
  for (size_t i = 0; i + 1 < n; ++i) {
    if (KeyOf(v[i]) <= KeyOf(v[i + 1])) continue;
    const uint64_t top = KeyOf(v[i]) >> kLowBits;
    size_t begin = i, end = i + 2;
    while (begin > 0 && KeyOf(v[begin - 1]) >> kLowBits == top) --begin;
    while (end < n && KeyOf(v[end]) >> kLowBits == top) ++end;
    std::sort(v + begin, v + end, by_key);
    i = end - 1;  // the run's last value is below the next one: the passes ordered them
  }
}

namespace {

// Decimal keys: the value less the column's smallest, so that the digits cover only the
// bits the values span.
typedef uint32_t __attribute__((__may_alias__)) Key32;

}  // namespace

void RadixSort(Decimals* values) {
  const size_t n = values->size();
  if (n < 2) return;
  int32_t* column = values->data();
  int32_t lo = column[0], hi = column[0];
  for (size_t i = 1; i < n; ++i) {
    lo = std::min(lo, column[i]);
    hi = std::max(hi, column[i]);
  }
  const int bits = std::bit_width(static_cast<uint32_t>(int64_t{hi} - lo));
  if (bits == 0) return;  // one value
  auto key = [lo](int32_t v) { return static_cast<uint32_t>(int64_t{v} - lo); };
  auto value = [lo](uint32_t k) { return static_cast<int32_t>(int64_t{k} + lo); };
  const int npasses = (bits + kDecimalDigitBits - 1) / kDecimalDigitBits;
  const int digit = (bits + npasses - 1) / npasses;  // as even as the passes allow
  const size_t buckets = size_t{1} << digit, mask = buckets - 1;
  std::vector<size_t> counts(static_cast<size_t>(npasses) * buckets);
  for (size_t i = 0; i < n; ++i) {
    uint32_t k = key(column[i]);
    for (int p = 0; p < npasses; ++p) ++counts[static_cast<size_t>(p) * buckets + ((k >> (p * digit)) & mask)];
  }
  std::vector<int> passes;
  for (int p = 0; p < npasses; ++p) {
    size_t* count = &counts[static_cast<size_t>(p) * buckets];
    if (std::find(count, count + buckets, n) != count + buckets) continue;
    size_t offset = 0;
    for (size_t b = 0; b < buckets; ++b) offset += std::exchange(count[b], offset);
    passes.push_back(p);
  }
  if (passes.empty()) return;
  // As for doubles: column → a → b → a … → column, a single pass going through a.
  std::unique_ptr<Scratch> scratch = TakeScratch();
  const size_t words = (n + 1) / 2;
  Ensure(&scratch->a, words);
  if (passes.size() > 2) Ensure(&scratch->b, words);
  auto* a = reinterpret_cast<Key32*>(scratch->a.data());
  auto* b = reinterpret_cast<Key32*>(scratch->b.data());
  const size_t last = passes.size() - 1;
  for (size_t t = 0; t < passes.size(); ++t) {
    const int shift = passes[t] * digit;
    size_t* offsets = &counts[static_cast<size_t>(passes[t]) * buckets];
    Key32* from = t % 2 ? a : b;
    Key32* to = t % 2 ? b : a;
    if (t == 0) {
      for (size_t i = 0; i < n; ++i) {
        uint32_t k = key(column[i]);
        a[offsets[(k >> shift) & mask]++] = k;
      }
      if (t == last) {
        for (size_t i = 0; i < n; ++i) column[i] = value(a[i]);
      }
    } else if (t == last) {
      for (size_t i = 0; i < n; ++i) {
        uint32_t k = from[i];
        column[offsets[(k >> shift) & mask]++] = value(k);
      }
    } else {
      for (size_t i = 0; i < n; ++i) {
        uint32_t k = from[i];
        to[offsets[(k >> shift) & mask]++] = k;
      }
    }
  }
  GiveBack(std::move(scratch));
}

}  // namespace mlgate::drift
