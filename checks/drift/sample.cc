#include "checks/drift/sample.h"

namespace mlgate::drift {

namespace {

// The first index in [0, n) whose value fails `below` (values ascending).
template <typename Below>
size_t Partition(size_t n, Below below) {
  size_t lo = 0, hi = n;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (below(mid)) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  return lo;
}

}  // namespace

size_t Sample::CountBelow(double x) const {
  return Partition(size(), [&](size_t i) { return (*this)[i] < x; });
}

size_t Sample::CountAtOrBelow(double x) const {
  return Partition(size(), [&](size_t i) { return (*this)[i] <= x; });
}

std::vector<double> Sample::ToVector() const {
  std::vector<double> out(size());
  for (size_t i = 0; i < out.size(); ++i) out[i] = (*this)[i];
  return out;
}

}  // namespace mlgate::drift
