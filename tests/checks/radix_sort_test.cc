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
  // Values equal in the top 44 bits but not in the rest, ties, zeros of both signs, extremes.
  for (int i = 0; i < 1000; ++i) all.push_back(1.0 + i * std::numeric_limits<double>::epsilon());
  for (int i = 0; i < 1000; ++i) all.push_back(-1.0 - (999 - i) * std::numeric_limits<double>::epsilon());
  for (double v : {0.0, -0.0, 5e-324, -5e-324, 1e308, -1e308, std::numeric_limits<double>::min(), 42.0, 42.0, 42.0}) {
    all.push_back(v);
  }
  std::shuffle(all.begin(), all.end(), rng);
  std::vector<Values> chunks(3);
  for (size_t i = 0; i < all.size(); ++i) chunks[i % 3].push_back(all[i]);
  Values sorted;
  RadixSort(chunks, &sorted);
  std::sort(all.begin(), all.end());
  ASSERT_EQ(sorted.size(), all.size());
  for (size_t i = 0; i < all.size(); ++i) ASSERT_EQ(sorted[i], all[i]) << i;  // -0.0 == 0.0
  // A column that is one value, and an empty one.
  std::vector<Values> same(1, Values(1000, 3.5)), none(1);
  RadixSort(same, &sorted);
  EXPECT_EQ(sorted.size(), 1000u);
  EXPECT_EQ(sorted.front(), 3.5);
  RadixSort(none, &sorted);
  EXPECT_TRUE(sorted.empty());
}

}  // namespace
}  // namespace mlgate::drift
