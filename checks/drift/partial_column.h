// What one worker of the drift loader gathers of one column in one window, before the
// workers' parts are merged into the column (drift_data.cc): categories counted by their
// text, numbers in chunks — as decimals while they can be, as doubles from the first that
// cannot.
#pragma once

#include <xxhash.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "checks/drift/cells.h"
#include "checks/drift/column_memory.h"
#include "checks/drift/sample.h"

namespace mlgate::drift {

// A cell of up to 32 bytes as four words that cover it exactly (overlapping where it is
// shorter): with its length they are the text, hashed and compared without a call.
struct ShortText {
  uint64_t w[4] = {0, 0, 0, 0};
  uint32_t length = 0;
};

inline uint64_t LoadWord(const char* p) {
  uint64_t w;
  std::memcpy(&w, p, sizeof w);
  return w;
}

inline bool ReadShortText(std::string_view s, ShortText* t) {
  const char* p = s.data();
  const size_t n = s.size();
  if (n > 32) return false;
  t->length = static_cast<uint32_t>(n);
  if (n >= 16) {
    *t = {{LoadWord(p), LoadWord(p + 8), LoadWord(p + n - 16), LoadWord(p + n - 8)}, t->length};
  } else if (n >= 8) {
    t->w[0] = LoadWord(p);
    t->w[1] = LoadWord(p + n - 8);
  } else if (n >= 4) {
    uint32_t head, tail;
    std::memcpy(&head, p, 4);
    std::memcpy(&tail, p + n - 4, 4);
    t->w[0] = head | uint64_t{tail} << 32;
  } else if (n > 0) {
    auto byte = [&](size_t i) { return uint64_t{static_cast<unsigned char>(p[i])}; };
    t->w[0] = byte(0) | byte(n / 2) << 8 | byte(n - 1) << 16;
  }
  return true;
}

__extension__ typedef unsigned __int128 UInt128;

// Two 64-bit products folded (wyhash's mixing).
inline uint64_t Fold(uint64_t a, uint64_t b) {
  UInt128 m = static_cast<UInt128>(a) * b;
  return static_cast<uint64_t>(m) ^ static_cast<uint64_t>(m >> 64);
}

inline uint64_t HashShortText(const ShortText& t) {
  return Fold(t.w[0] ^ 0xa0761d6478bd642f, t.w[1] ^ 0xe7037ed1a0b428db ^ t.length) ^
         Fold(t.w[2] ^ 0x8ebc6af09c88c6e3, t.w[3] ^ 0x589965cc75374cc3);
}

// Counts per distinct cell text, for categorical columns: an open-addressing table over
// the distinct values (a std::unordered_map lookup per cell cost a tenth of reading a file
// with four categorical columns). Cells of up to 32 bytes — category names, nearly always
// — are hashed and compared as the words of ShortText, inline; longer ones by XXH3 and
// their text.
class CellCounts {
 public:
  void Add(std::string_view cell) {
    if ((values_.size() + 1) * 2 > slots_.size()) Grow();
    ShortText text;
    const bool short_text = ReadShortText(cell, &text);
    const uint64_t h = short_text ? HashShortText(text) : XXH3_64bits(cell.data(), cell.size());
    for (size_t i = h & (slots_.size() - 1);; i = (i + 1) & (slots_.size() - 1)) {
      Slot& slot = slots_[i];
      if (slot.index == 0) {
        values_.emplace_back(std::string(cell), 1);
        slot = {h, static_cast<uint32_t>(values_.size()), text};
        return;
      }
      if (slot.hash != h) continue;
      const bool same = short_text ? slot.text.length == text.length && slot.text.w[0] == text.w[0] &&
                                         slot.text.w[1] == text.w[1] && slot.text.w[2] == text.w[2] &&
                                         slot.text.w[3] == text.w[3]
                                   : values_[slot.index - 1].first == cell;
      if (same) {
        ++values_[slot.index - 1].second;
        return;
      }
    }
  }
  const std::vector<std::pair<std::string, long long>>& values() const { return values_; }

 private:
  struct Slot {
    uint64_t hash = 0;
    uint32_t index = 0;  // 1-based into values_; 0: empty
    ShortText text;      // a short value's words (a long one's are unused)
  };
  void Grow() {
    std::vector<Slot> old = std::move(slots_);
    slots_.assign(std::max<size_t>(64, old.size() * 2), Slot{});
    for (const Slot& s : old) {
      if (s.index == 0) continue;
      size_t i = s.hash & (slots_.size() - 1);
      while (slots_[i].index != 0) i = (i + 1) & (slots_.size() - 1);
      slots_[i] = s;
    }
  }
  std::vector<Slot> slots_;
  std::vector<std::pair<std::string, long long>> values_;
};

// A column's numbers as one worker reads them: in chunks, never copied as they grow (the
// full ones become the column's pages, see column_memory.h).
template <typename T>
struct ChunkedValues {
  std::vector<std::vector<T, UninitializedAllocator<T>>> chunks;  // the last one filled up to `at`
  T* at = nullptr;
  T* limit = nullptr;

  void Add(T v) {
    if (__builtin_expect(at == limit, 0)) Grow();
    *at++ = v;
  }
  // Cuts the last chunk to the values written.
  void Finish() {
    if (at) chunks.back().resize(static_cast<size_t>(at - chunks.back().data()));
    at = limit = nullptr;
  }
  // Calls f(value) for each value (a reference: f may change it), in order.
  template <typename F>
  void ForEach(F f) {
    for (auto& chunk : chunks) {
      T* end = at && &chunk == &chunks.back() ? at : chunk.data() + chunk.size();
      for (T* v = chunk.data(); v != end; ++v) f(*v);
    }
  }
  void Clear() {
    chunks.clear();
    at = limit = nullptr;
  }

 private:
  __attribute__((noinline)) void Grow() {
    Finish();
    // Small chunks first, each twice the last, then full-size ones: a column of a few
    // values takes bytes, not 2 MiB (a file may have 100 000 columns), and the chunks that
    // do not move whole in ConcatenateChunks are at most kSmallChunksBytes a column.
    const size_t last = chunks.empty() ? 0 : chunks.back().size() * sizeof(T);
    const size_t bytes = last == 0 ? kFirstChunkBytes : last * 2 <= kSmallChunksBytes / 2 ? last * 2 : kChunkBytes;
    const size_t values = bytes / sizeof(T);
    chunks.emplace_back(values);  // uninitialized: see UninitializedAllocator
    at = chunks.back().data();
    limit = at + values;
  }
};

// The largest digits that fit 32 bits once scaled up by 10^k.
constexpr uint64_t kFitsScaledUp[] = {2147483647, 214748364, 21474836, 2147483, 214748, 21474, 2147, 214, 21};

// One worker's part of one column in one window: numbers as decimals while every one so
// far is a short decimal that fits (sample.h), as doubles from the first that is not;
// categories counted by their text; missing cells counted.
struct PartialColumn {
  bool decimal = true;  // every value so far held in `decimals` at `scale`
  int scale = 0;
  ChunkedValues<int32_t> decimals;
  ChunkedValues<double> doubles;
  CellCounts counts;
  long long missing = 0;
  bool integers = true;

  void ReadCategorical(std::string_view cell) {
    if (IsMissing(cell)) {
      ++missing;
    } else {
      counts.Add(cell);
    }
  }
  // False when the cell is neither a number nor missing. `readable`: see ParseNumberCell.
  bool ReadNumeric(std::string_view cell, const char* readable) {
    // Short decimals first (always finite), then any number; a missing cell is rare. The
    // common case makes no call, so that it keeps its state in registers.
    ShortDecimal d = ReadShortDecimal(cell, readable);
    if (!d.ok) return ReadOther(cell);
    Add(d);
    return true;
  }

  __attribute__((always_inline)) void Add(ShortDecimal d) {
    integers = integers && d.integer;
    if (decimal && d.fraction <= scale && d.digits <= kFitsScaledUp[scale - d.fraction]) {
      const auto m = static_cast<int64_t>(d.digits) * kIntegerPowersOfTen[scale - d.fraction];
      const int64_t negative = d.negative;
      decimals.Add(static_cast<int32_t>((m ^ -negative) + negative));  // no branch on the sign
      return;
    }
    if (decimal && Widen(d.digits, d.fraction, d.negative)) return;
    doubles.Add(d.Value());
  }

  // The decimals brought to `to` fraction digits, when every one of them still fits.
  bool Rescale(int to) {
    if (!decimal) return false;
    if (to == scale) return true;
    const uint64_t fits = kFitsScaledUp[to - scale];
    bool ok = true;
    decimals.ForEach([&](int32_t v) { ok = ok && static_cast<uint64_t>(std::abs(int64_t{v})) <= fits; });
    if (!ok) return false;
    const auto factor = static_cast<int32_t>(kIntegerPowersOfTen[to - scale]);
    decimals.ForEach([&](int32_t& v) { v *= factor; });
    scale = to;
    return true;
  }
  // The values from decimals to doubles: one of them has more digits than 32 bits hold.
  void ToDoubles() {
    const double divisor = kPowersOfTen[scale];
    decimals.ForEach([&](int32_t v) { doubles.Add(static_cast<double>(v) / divisor); });
    decimals.Clear();
    decimal = false;
  }

 private:
  // A short decimal that does not fit at the column's scale: more fraction digits than
  // the column had so far (its values are scaled up), or too large (the column turns to
  // doubles). False when it is left to the caller, as a double.
  __attribute__((noinline)) bool Widen(uint64_t digits, int fraction, bool negative) {
    if (fraction > scale && digits <= kFitsScaledUp[0] && Rescale(fraction)) {
      decimals.Add(static_cast<int32_t>(negative ? -static_cast<int64_t>(digits) : static_cast<int64_t>(digits)));
      return true;
    }
    ToDoubles();
    return false;
  }
  // Any cell but a short decimal inside the text: Python's "1e-05" form (small values) and
  // short decimals at the start of a block, other numbers, missing markers.
  __attribute__((noinline)) bool ReadOther(std::string_view cell) {
    if (ShortDecimal d = ReadScientificDecimal(cell); d.ok) {
      Add(d);
      return true;
    }
    double value;
    bool integer;
    bool number = ParseNumberCell(cell, &value, &integer, integers) ||
                  (!IsMissing(cell) && ParseNumberCell(Trimmed(cell), &value, &integer, false));
    if (number && std::isfinite(value)) {
      if (decimal) ToDoubles();
      doubles.Add(value);
      integers = integers && integer;
      return true;
    }
    if (!number && !IsMissing(cell)) return false;
    ++missing;  // a marker, an infinity, or a number past a double's range ("1e999"): one
    return true;
  }
};

struct PartialWindow {
  long long start = 0, rows = 0;
  std::vector<PartialColumn> columns;
};

}  // namespace mlgate::drift
