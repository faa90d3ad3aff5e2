#include "checks/drift/radix_sort.h"

#include <algorithm>
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
static_assert(kPasses <= 4 && (32 + kDecimalDigitBits - 1) / kDecimalDigitBits <= 4, "SortByDigits counts up to 4 digits");

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

// Decimal keys: the value less the column's smallest, so that the digits cover only the
// bits the values span.
typedef uint32_t __attribute__((__may_alias__)) Key32;

// Every digit's histogram (the digits of key(word) at `shifts`, `mask` wide) in one read,
// the loop over digits unrolled for their count.
template <int kDigits, typename Word, typename ToKey>
void Histograms(const Word* column, size_t n, const int* shifts, size_t mask, size_t buckets, ToKey key,
                std::vector<size_t>* counts) {
  for (size_t i = 0; i < n; ++i) {
    const auto k = key(column[i]);
    for (int d = 0; d < kDigits; ++d) ++(*counts)[static_cast<size_t>(d) * buckets + ((k >> shifts[d]) & mask)];
  }
}

// The LSD passes both sorts share: the keys' digits at `shifts` (up to 4, least significant
// first), `mask` wide, counted in one read; a digit every key shares moves nothing; then
// column → a → b → a … → column through the pooled key buffers, keys made as the first pass
// reads the column (key) and turned back as the last writes it (word); one pass alone goes
// column → a, then a is copied back.
template <typename Key, typename Word, typename ToKey, typename ToWord>
void SortByDigits(Word* column, size_t n, const std::vector<int>& shifts, size_t mask, ToKey key, ToWord word) {
  const size_t buckets = mask + 1;
  std::vector<size_t> counts(shifts.size() * buckets);
  switch (shifts.size()) {
    case 1:
      Histograms<1>(column, n, shifts.data(), mask, buckets, key, &counts);
      break;
    case 2:
      Histograms<2>(column, n, shifts.data(), mask, buckets, key, &counts);
      break;
    case 3:
      Histograms<3>(column, n, shifts.data(), mask, buckets, key, &counts);
      break;
    default:
      Histograms<4>(column, n, shifts.data(), mask, buckets, key, &counts);
      break;
  }
  struct Pass {
    int shift;
    size_t* offsets;
  };
  std::vector<Pass> passes;
  passes.reserve(shifts.size());
  for (size_t d = 0; d < shifts.size(); ++d) {
    size_t* count = &counts[d * buckets];
    if (std::find(count, count + buckets, n) != count + buckets) continue;
    size_t offset = 0;
    for (size_t b = 0; b < buckets; ++b) offset += std::exchange(count[b], offset);
    passes.push_back({shifts[d], count});
  }
  if (passes.empty()) return;
  std::unique_ptr<Scratch> scratch = TakeScratch();
  const size_t words = (n * sizeof(Key) + sizeof(uint64_t) - 1) / sizeof(uint64_t);
  Ensure(&scratch->a, words);
  if (passes.size() > 2) Ensure(&scratch->b, words);
  auto* a = reinterpret_cast<Key*>(scratch->a.data());
  auto* b = reinterpret_cast<Key*>(scratch->b.data());
  const size_t last = passes.size() - 1;
  for (size_t t = 0; t < passes.size(); ++t) {
    const int shift = passes[t].shift;
    size_t* offsets = passes[t].offsets;
    Key* from = t % 2 ? a : b;  // what pass t - 1 wrote
    Key* to = t % 2 ? b : a;
    if (t == 0) {
      for (size_t i = 0; i < n; ++i) {
        const Key k = key(column[i]);
        a[offsets[(k >> shift) & mask]++] = k;
      }
      if (t == last) {
        for (size_t i = 0; i < n; ++i) column[i] = word(a[i]);
      }
    } else if (t == last) {
      for (size_t i = 0; i < n; ++i) {
        const Key k = from[i];
        column[offsets[(k >> shift) & mask]++] = word(k);
      }
    } else {
      for (size_t i = 0; i < n; ++i) {
        const Key k = from[i];
        to[offsets[(k >> shift) & mask]++] = k;
      }
    }
  }
  GiveBack(std::move(scratch));
}

}  // namespace

void RadixSort(Values* values) {
  const size_t n = values->size();
  if (n < 2) return;
  std::vector<int> shifts(kPasses);
  for (int p = 0; p < kPasses; ++p) shifts[static_cast<size_t>(p)] = kLowBits + p * kBits;
  SortByDigits<Word>(reinterpret_cast<Word*>(values->data()), n, shifts, kBuckets - 1,
                     [](uint64_t bits) { return Key(bits); }, [](uint64_t key) { return Bits(key); });
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
  std::vector<int> shifts(static_cast<size_t>(npasses));
  for (int p = 0; p < npasses; ++p) shifts[static_cast<size_t>(p)] = p * digit;
  SortByDigits<Key32>(column, n, shifts, (size_t{1} << digit) - 1, key, value);
}

}  // namespace mlgate::drift
