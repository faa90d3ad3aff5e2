// A set of 64-bit hashes kept as one bit per hash's low bits: "no" is certain, "maybe"
// needs a real lookup. At 16 bits per member about one non-member in 16 says "maybe".
#pragma once

#include <cstddef>
#include <vector>

namespace mlgate {

class BitFilter {
 public:
  // 2^bits bits.
  explicit BitFilter(int bits) : mask_((size_t{1} << bits) - 1), words_(((size_t{1} << bits) + 63) / 64, 0) {}

  // Bits for `members` hashes at 2^extra bits each (a power of two, at least 64).
  static int BitsFor(size_t members, int extra) {
    int bits = 6;
    while (bits < 40 && (size_t{1} << bits) < (members << extra)) ++bits;
    return bits;
  }

  void Add(unsigned long long hash) {
    size_t slot = static_cast<size_t>(hash) & mask_;
    words_[slot / 64] |= 1ULL << (slot % 64);
  }
  bool MayHave(unsigned long long hash) const {
    size_t slot = static_cast<size_t>(hash) & mask_;
    return words_[slot / 64] >> (slot % 64) & 1;
  }
  // Starts loading the word MayHave(hash) reads, so that other work hides the cache miss.
  void Prefetch(unsigned long long hash) const { __builtin_prefetch(&words_[(static_cast<size_t>(hash) & mask_) / 64]); }

 private:
  size_t mask_;
  std::vector<unsigned long long> words_;
};

}  // namespace mlgate
