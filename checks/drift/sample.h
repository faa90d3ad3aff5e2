// The sorted values of a numeric column, as the statistics read them: doubles, or decimals
// held as 32-bit integers at one scale (value = d / 10^scale). Nearly every column of a data
// file is written with a fixed number of decimals, and those fit: the loader keeps them
// so (checks/drift/drift_data.h), which halves the memory a column takes and the traffic of
// sorting and walking it, and makes its keys exact integers. A decimal's value as a double,
// d / 10^scale with both exact and one rounding, is the double a correct parser gives for
// its text, so every statistic reads the same numbers either way.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace mlgate::drift {

// 10^k, exactly representable for k <= 22.
inline constexpr double kPowersOfTen[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
                                          1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

// 10^k for the scales a decimal column has (0 to 8 places), as integers.
inline constexpr int64_t kIntegerPowersOfTen[] = {1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000};

// A view; the column owns the values. Sorted ascending, no NaN.
class Sample {
 public:
  Sample() = default;
  Sample(std::span<const double> values) : doubles_(values) {}  // implicit: a view of doubles
  template <typename Range>
    requires requires(const Range& r) { std::span<const double>(r); }
  Sample(const Range& values) : doubles_(values) {}
  // `sums`: RunningSums(decimals) (uneven_walk.h), when kept with the column.
  Sample(std::span<const int32_t> decimals, int scale, std::span<const int64_t> sums = {})
      : decimals_(decimals), sums_(sums), scale_(scale) {}

  bool decimal() const { return scale_ >= 0; }
  int scale() const { return scale_; }
  std::span<const double> doubles() const { return doubles_; }
  std::span<const int32_t> decimals() const { return decimals_; }
  std::span<const int64_t> sums() const { return sums_; }

  size_t size() const { return decimal() ? decimals_.size() : doubles_.size(); }
  bool empty() const { return size() == 0; }
  double operator[](size_t i) const {
    return decimal() ? static_cast<double>(decimals_[i]) / kPowersOfTen[scale_] : doubles_[i];
  }
  double front() const { return (*this)[0]; }
  double back() const { return (*this)[size() - 1]; }
  // How many values are below x (std::lower_bound's index), and at or below it (upper_bound's).
  size_t CountBelow(double x) const;
  size_t CountAtOrBelow(double x) const;
  std::vector<double> ToVector() const;

 private:
  std::span<const double> doubles_;
  std::span<const int32_t> decimals_;
  std::span<const int64_t> sums_;
  int scale_ = -1;
};

}  // namespace mlgate::drift
