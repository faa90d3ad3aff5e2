#include "checks/drift/radix_sort.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>

namespace mlgate::drift {
namespace {

// The radix sort orders as std::sort does, across chunks, for every kind of double but NaN.
TEST(RadixSortTest, OrdersAsStdSort) {
  std::mt19937_64 rng(7);
  std::normal_distribution<double> normal(0, 1e3);
  std::vector<double> all;
  for (int i = 0; i < 200000; ++i) all.push_back(std::round(normal(rng) * 1e6) / 1e6);
  // Values equal in the top 32 bits but not in the rest, ties, zeros of both signs, extremes.
  for (int i = 0; i < 1000; ++i) all.push_back(1.0 + i * std::numeric_limits<double>::epsilon());
  for (int i = 0; i < 1000; ++i) all.push_back(-1.0 - (999 - i) * std::numeric_limits<double>::epsilon());
  for (double v : {0.0, -0.0, 5e-324, -5e-324, 1e308, -1e308, std::numeric_limits<double>::min(), 42.0, 42.0, 42.0}) {
    all.push_back(v);
  }
  std::shuffle(all.begin(), all.end(), rng);
  Values sorted(all.begin(), all.end());
  RadixSort(&sorted);
  std::sort(all.begin(), all.end());
  ASSERT_EQ(sorted.size(), all.size());
  for (size_t i = 0; i < all.size(); ++i) ASSERT_EQ(sorted[i], all[i]) << i;  // -0.0 == 0.0
  // A column that is one value, one value alone, and an empty one.
  Values same(1000, 3.5), one(1, -2.0), none;
  RadixSort(&same);
  EXPECT_EQ(same, Values(1000, 3.5));
  RadixSort(&one);
  EXPECT_EQ(one, Values(1, -2.0));
  RadixSort(&none);
  EXPECT_TRUE(none.empty());
}

// Columns 1 + k·2^-20 whose keys differ only in bits 32-39 (one pass moves values, copied
// back after), 32-47 (two passes), or also in the exponent (k up to 2^24: every pass).
TEST(RadixSortTest, ColumnsNeedingFewerPasses) {
  std::mt19937_64 rng(8);
  for (int bits : {8, 16, 24}) {
    Values v;
    for (int i = 0; i < 5000; ++i) {
      v.push_back(1.0 + std::ldexp(static_cast<double>(rng() % (uint64_t{1} << bits)), -20));  // key bits 32…
    }
    std::vector<double> expected(v.begin(), v.end());
    std::sort(expected.begin(), expected.end());
    RadixSort(&v);
    ASSERT_TRUE(std::equal(v.begin(), v.end(), expected.begin())) << bits;
  }
}

// Decimals sort exactly as std::sort orders them, whatever bits they span: one value, two
// neighbours, one pass of a few bits, 8-bit passes shared by every key, the whole int32 range.
TEST(RadixSortTest, DecimalsOrderAsStdSort) {
  std::mt19937_64 rng(9);
  const int32_t kMin = std::numeric_limits<int32_t>::min(), kMax = std::numeric_limits<int32_t>::max();
  struct Case {
    int64_t lo, hi;
    size_t n;
  };
  for (const Case& c : {Case{5, 5, 100}, Case{-1, 0, 1000}, Case{0, 300, 5000}, Case{-5000000, 5000000, 300000},
                        Case{1 << 20, (1 << 20) + 255, 4000}, Case{kMin, kMax, 100000}, Case{kMin, kMin + 1, 50},
                        Case{kMax - 70000, kMax, 70000}, Case{0, 1000, 1}, Case{0, 1000, 2}}) {
    std::uniform_int_distribution<int64_t> pick(c.lo, c.hi);
    Decimals v;
    for (size_t i = 0; i < c.n; ++i) v.push_back(static_cast<int32_t>(pick(rng)));
    if (c.n > 2) v[0] = static_cast<int32_t>(c.lo), v[1] = static_cast<int32_t>(c.hi);  // the extremes present
    std::vector<int32_t> expected(v.begin(), v.end());
    std::sort(expected.begin(), expected.end());
    RadixSort(&v);
    ASSERT_TRUE(std::equal(v.begin(), v.end(), expected.begin(), expected.end())) << c.lo << ".." << c.hi;
  }
  Decimals none;
  RadixSort(&none);
  EXPECT_TRUE(none.empty());
}

// Chunks become one column: full 2 MiB chunks by moving their pages, partial ones copied;
// every value kept, and the chunks' memory freed.
TEST(ColumnMemoryTest, ConcatenatesFullAndPartialChunks) {
  std::vector<Values> chunks;
  std::vector<double> expected;
  double next = 0;
  for (size_t size : {kChunkValues<double>, size_t{1000}, kChunkValues<double>, size_t{0}, size_t{7}, kChunkValues<double>}) {
    chunks.emplace_back(size);
    for (double& v : chunks.back()) expected.push_back(v = next++);
  }
  Values column;
  ConcatenateChunks(chunks, &column);
  EXPECT_TRUE(chunks.empty());
  ASSERT_EQ(column.size(), expected.size());
  std::vector<double> got(column.begin(), column.end());
  std::sort(got.begin(), got.end());
  EXPECT_EQ(got, expected);
  // The moved pages are the column's own: writing it does not touch anything else.
  for (double& v : column) v = -1;
  EXPECT_EQ(std::count(column.begin(), column.end(), -1.0), static_cast<long>(expected.size()));
}

}  // namespace
}  // namespace mlgate::drift
