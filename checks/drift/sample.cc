#include "checks/drift/sample.h"

#include <algorithm>
#include <ranges>

namespace mlgate::drift {

namespace {

// How many leading indices of `v` satisfy `before` (true for a prefix of them).
template <typename Before>
size_t Leading(const Sample& v, Before before) {
  auto indices = std::views::iota(size_t{0}, v.size());
  return static_cast<size_t>(std::ranges::partition_point(indices, before) - indices.begin());
}

}  // namespace

size_t Sample::CountBelow(double x) const {
  return Leading(*this, [&](size_t i) { return (*this)[i] < x; });
}

size_t Sample::CountAtOrBelow(double x) const {
  return Leading(*this, [&](size_t i) { return (*this)[i] <= x; });
}

std::vector<double> Sample::ToVector() const {
  std::vector<double> out(size());
  for (size_t i = 0; i < out.size(); ++i) out[i] = (*this)[i];
  return out;
}

}  // namespace mlgate::drift
