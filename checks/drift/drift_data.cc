#include "checks/drift/drift_data.h"

#include <fast_float/fast_float.h>
#include <xxhash.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include <algorithm>
#include <atomic>
#include <bit>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <thread>
#include <unordered_map>

#include "checks/drift/drift_stats.h"
#include "checks/drift/radix_sort.h"
#include "checks/drift/sample.h"
#include "checks/drift/uneven_walk.h"
#include "gate/csv_reader.h"
#include "gate/date.h"

namespace mlgate::drift {

namespace {

constexpr size_t kSampleRows = 2048;

bool EqualsIgnoringCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    char x = a[i] >= 'A' && a[i] <= 'Z' ? static_cast<char>(a[i] - 'A' + 'a') : a[i];
    if (x != b[i]) return false;
  }
  return true;
}

std::string_view Trimmed(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

}  // namespace

namespace {

// A decimal as its digits: ± digits / 10^fraction.
struct ShortDecimal {
  bool ok = false;
  bool integer = false;  // written without a point
  bool negative = false;
  int fraction = 0;      // digits after the point
  uint64_t digits = 0;   // every digit, as one integer (< 2^53)
  // digits / 10^fraction, both exact: one rounding, as a correct parser gives. Divided by
  // 10^0 = 1 too, and the sign set as a bit: half the cells of a column centred on zero
  // are negative, and a branch on it mispredicts as often.
  double Value() const {
    double x = static_cast<double>(digits) / kPowersOfTen[fraction];
    return std::bit_cast<double>(std::bit_cast<uint64_t>(x) | uint64_t{negative} << 63);
  }
};

#if defined(__SSE2__)
// [sign] digits [. digits], at most 16 bytes, up to 8 digits after the point: the shape of
// nearly every cell of a data file, read without a branch per character (those cost a
// misprediction at the point and at the end of each cell). The 16 bytes before `end` must
// be readable. In one 16-byte register: the digits before the point moved up by one byte
// to close the gap it leaves, then 2, 4 and 8 digits at a time joined by multiply-adds
// (SSE2's pmaddwd), as two 8-digit halves. The result is m / 10^k with both exact, so
// correctly rounded, as in ParseNumberCell. Returned by value: a result written through
// pointers stayed in memory in the loader.
inline ShortDecimal ParseShortDecimal(const char* begin, const char* end) {
  const size_t len = static_cast<size_t>(end - begin);
  if (len - 1 >= 16) return {};
  const size_t sign = *begin == '-' || *begin == '+';
  const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(end - 16));  // the cell ends at byte 15
  unsigned dots = static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8('.')))) >> (16 - len);
  const size_t dot = dots ? static_cast<size_t>(std::countr_zero(dots)) : len;
  const size_t whole = dot - sign, fraction = dots ? len - dot - 1 : 0, digits = whole + fraction;
  if (fraction > 8 || digits == 0) return {};
  const __m128i index = _mm_setr_epi8(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
  // Bytes up to the point's (none without one) from one byte below.
  const int moved = dots ? static_cast<int>(16 - len + dot) : -1;
  const __m128i below = _mm_cmplt_epi8(index, _mm_set1_epi8(static_cast<char>(moved + 1)));
  __m128i d = _mm_or_si128(_mm_and_si128(below, _mm_slli_si128(v, 1)), _mm_andnot_si128(below, v));
  // The digits, right-aligned; 0 above them (the sign, the bytes before the cell).
  const __m128i kept = _mm_cmpgt_epi8(index, _mm_set1_epi8(static_cast<char>(15 - digits)));
  d = _mm_and_si128(_mm_sub_epi8(d, _mm_set1_epi8('0')), kept);
  if (_mm_movemask_epi8(_mm_cmpeq_epi8(_mm_subs_epu8(d, _mm_set1_epi8(9)), _mm_setzero_si128())) != 0xFFFF) return {};
  const __m128i zero = _mm_setzero_si128();
  const __m128i tens = _mm_set1_epi32(10 | 1 << 16), hundreds = _mm_set1_epi32(100 | 1 << 16);
  const __m128i pairs = _mm_packs_epi32(_mm_madd_epi16(_mm_unpacklo_epi8(d, zero), tens),
                                        _mm_madd_epi16(_mm_unpackhi_epi8(d, zero), tens));
  const __m128i quads = _mm_madd_epi16(pairs, hundreds);
  const __m128i eights = _mm_madd_epi16(_mm_packs_epi32(quads, quads), _mm_set1_epi32(10000 | 1 << 16));
  const auto high = static_cast<uint64_t>(_mm_cvtsi128_si32(eights));
  const auto low = static_cast<uint64_t>(_mm_cvtsi128_si32(_mm_srli_si128(eights, 4)));
  const uint64_t m = high * 100000000 + low;  // < 10^16
  if (m > (uint64_t{1} << 53)) return {};
  return {true, dots == 0, *begin == '-', static_cast<int>(fraction), m};
}
#endif

// ParseShortDecimal where the bytes before the cell allow it.
inline ShortDecimal ReadShortDecimal(std::string_view cell, const char* readable_from) {
#if defined(__SSE2__)
  if (readable_from && cell.data() + cell.size() >= readable_from + 16 && !cell.empty()) {
    return ParseShortDecimal(cell.data(), cell.data() + cell.size());
  }
#endif
  return {};
}

// [sign] digits [. digits] [e|E [sign] digits] whose value is a decimal of at most 8
// fraction digits and 2^53 in its digits ("1e-05", "2.5E-3", "1e3"), one character at a time.
ShortDecimal ReadScientificDecimal(std::string_view cell) {
  const char* p = cell.data();
  const char* const end = p + cell.size();
  ShortDecimal d;
  d.integer = true;
  if (p != end && (*p == '-' || *p == '+')) d.negative = *p++ == '-';
  int count = 0;
  for (bool point = false; p != end; ++p) {
    if (*p >= '0' && *p <= '9') {
      if (d.digits >= (uint64_t{1} << 53) / 10) return {};
      d.digits = d.digits * 10 + static_cast<uint64_t>(*p - '0');
      d.fraction += point;
      ++count;
    } else if (*p == '.' && !point) {
      point = true;
      d.integer = false;
    } else {
      break;
    }
  }
  if (count == 0) return {};
  if (p != end) {
    if (*p != 'e' && *p != 'E') return {};
    d.integer = false;
    ++p;
    bool negative_exponent = p != end && *p == '-';
    if (p != end && (*p == '-' || *p == '+')) ++p;
    int exponent = 0, exponent_digits = 0;
    for (; p != end && *p >= '0' && *p <= '9' && exponent_digits < 4; ++p, ++exponent_digits) {
      exponent = exponent * 10 + (*p - '0');
    }
    if (p != end || exponent_digits == 0) return {};
    d.fraction += negative_exponent ? exponent : -exponent;
  }
  for (; d.fraction < 0; ++d.fraction) {  // "1e3": 1000, no fraction
    if (d.digits >= (uint64_t{1} << 53) / 10) return {};
    d.digits *= 10;
  }
  if (d.fraction > 8) return {};
  d.ok = true;
  return d;
}

}  // namespace

bool ParseNumberCell(std::string_view cell, double* value, bool* integer, bool track_integer,
                     const char* readable_from) {
  if (ShortDecimal d = ReadShortDecimal(cell, readable_from); d.ok) {
    *value = d.Value();
    *integer = d.integer && track_integer;
    return true;
  }

  // The common case first: [sign] digits [. digits], at most 19 digits. When the digits as
  // an integer m fit in 53 bits and there are at most 22 after the point, m / 10^k is one
  // correctly rounded IEEE division of two exact values (Clinger's fast path), so the
  // result is the one fast_float (any correct reader) gives — at about half its cost here.
  const char* p = cell.data();
  const char* end = p + cell.size();
  bool negative = false;
  if (p != end && (*p == '-' || *p == '+')) negative = *p++ == '-';
  uint64_t m = 0;
  int digits = 0, fraction = 0;
  bool dot = false, simple = true;
  for (; p != end; ++p) {
    unsigned d = static_cast<unsigned>(*p - '0');
    if (d < 10) {
      if (++digits > 19) {
        simple = false;
        break;
      }
      m = m * 10 + d;
      fraction += dot;
    } else if (*p == '.' && !dot) {
      dot = true;
    } else {
      simple = false;
      break;
    }
  }
  if (simple && digits > 0 && m <= (uint64_t{1} << 53) && fraction <= 22) {
    double v = static_cast<double>(m);
    if (fraction) v /= kPowersOfTen[fraction];
    *value = negative ? -v : v;
    *integer = track_integer && !dot;
    return true;
  }
  if (!cell.empty() && cell[0] == '+') cell.remove_prefix(1);
  if (cell.empty()) return false;
  auto r = fast_float::from_chars(cell.data(), cell.data() + cell.size(), *value);
  if (r.ec != std::errc() || r.ptr != cell.data() + cell.size()) return false;
  *integer = track_integer && cell.find_first_of(".eE") == std::string_view::npos;
  return true;
}

namespace {

// Whether `part` lies in `whole` (a quoted field holding doubled quotes lies elsewhere).
bool Inside(std::string_view part, std::string_view whole) {
  auto p = reinterpret_cast<uintptr_t>(part.data()), w = reinterpret_cast<uintptr_t>(whole.data());
  return p >= w && p + part.size() <= w + whole.size();
}

int Digits(std::string_view s, size_t at, size_t count, bool* ok) {
  int v = 0;
  for (size_t i = at; i < at + count; ++i) {
    if (i >= s.size() || s[i] < '0' || s[i] > '9') {
      *ok = false;
      return 0;
    }
    v = v * 10 + (s[i] - '0');
  }
  return v;
}

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

// What one worker gathers of one column in one window: numbers in fixed-size chunks (no
// copies as they grow; they become the column, see column_memory.h), as decimals while
// they can be (sample.h) and as doubles from the first that cannot; categories counted by
// text.
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

// What every comparison of a loaded column reads: its running sums (decimals) and moments.
void Summarize(ColumnData* column) {
  if (column->scale >= 0) column->decimal_sums = RunningSums(column->decimals);
  const Sample values = column->values();
  if (values.empty()) return;
  column->mean = Sum(values) / static_cast<double>(values.size());
  column->std_dev = StandardDeviation(values, column->mean);
}

}  // namespace

long long ColumnData::size() const {
  if (binned()) {
    double n = 0;
    for (double c : bin_counts) n += c;
    return static_cast<long long>(n);
  }
  if (scale >= 0) return static_cast<long long>(decimals.size());
  if (!numbers.empty() || counts.empty()) return static_cast<long long>(numbers.size());
  long long n = 0;
  for (const auto& [value, count] : counts) n += count;
  return n;
}

bool IsMissing(std::string_view cell) {
  // Most cells are values, and no marker begins with any other character.
  if (!cell.empty()) {
    switch (cell[0]) {
      case ' ':
      case '\t':
      case '\r':
      case 'n':
      case 'N':
      case 'i':
      case 'I':
      case '<':
      case '+':
      case '-':
        break;
      default:
        return false;
    }
  }
  cell = Trimmed(cell);
  if (cell.empty()) return true;
  if (cell[0] == '+' || cell[0] == '-') {
    std::string_view rest = cell.substr(1);
    return EqualsIgnoringCase(rest, "inf") || EqualsIgnoringCase(rest, "infinity");
  }
  for (std::string_view token : {"na", "nan", "null", "none", "n/a", "inf", "infinity", "<na>"}) {
    if (EqualsIgnoringCase(cell, token)) return true;
  }
  return false;
}

bool ParseTimestamp(std::string_view text, long long* seconds) {
  text = Trimmed(text);
  bool ok = true;
  if (text.size() >= 10 && text[4] == '-' && text[7] == '-') {
    int y = Digits(text, 0, 4, &ok), mo = Digits(text, 5, 2, &ok), d = Digits(text, 8, 2, &ok);
    if (!ok || mo < 1 || mo > 12 || d < 1 || d > 31) return false;
    Date date{y, mo, d};
    long long t = static_cast<long long>(date.DaysSinceEpoch()) * 86400;
    size_t i = 10;
    if (i < text.size() && (text[i] == 'T' || text[i] == ' ')) {
      int h = Digits(text, i + 1, 2, &ok), mi = Digits(text, i + 4, 2, &ok), s = 0;
      if (!ok || text.size() < i + 6 || text[i + 3] != ':' || h > 23 || mi > 59) return false;
      i += 6;
      if (i < text.size() && text[i] == ':') {
        s = Digits(text, i + 1, 2, &ok);
        if (!ok || s > 60) return false;
        i += 3;
        if (i < text.size() && (text[i] == '.' || text[i] == ',')) {
          ++i;
          while (i < text.size() && text[i] >= '0' && text[i] <= '9') ++i;
        }
      }
      t += h * 3600 + mi * 60 + s;
      if (i < text.size() && text[i] == 'Z') {
        ++i;
      } else if (i < text.size() && (text[i] == '+' || text[i] == '-')) {
        int sign = text[i] == '+' ? 1 : -1;
        int oh = Digits(text, i + 1, 2, &ok);
        size_t m = i + 3 < text.size() && text[i + 3] == ':' ? i + 4 : i + 3;
        int om = Digits(text, m, 2, &ok);
        if (!ok) return false;
        t -= sign * (oh * 3600LL + om * 60LL);
        i = m + 2;
      }
    }
    if (i != text.size()) return false;
    *seconds = t;
    return true;
  }
  double value = 0;
  bool integer = false;
  // Seconds of the years ISO 8601 writes with four digits (0000–9999), as the dates above.
  if (!ParseNumberCell(text, &value, &integer) || !(value >= -62167219200.0 && value < 253402300800.0)) return false;
  *seconds = static_cast<long long>(std::floor(value));
  return true;
}

Status SampleColumns(const std::string& path, const std::string& display, char delimiter,
                     std::vector<std::string>* header, std::vector<bool>* numeric) {
  CsvOptions options;
  options.delimiter = delimiter;
  options.threads = 1;
  std::unique_ptr<CsvFile> file;
  Status s = CsvFile::Open(path, display, options, &file);
  if (!s.ok()) return s;
  *header = file->header();
  // Features are columns by name: two of one name would be compared as one.
  std::unordered_map<std::string_view, size_t> seen;
  for (size_t c = 0; c < header->size(); ++c) {
    auto [it, added] = seen.emplace((*header)[c], c);
    if (!added) {
      return Status::Corruption(display + ":1: the column \"" + (*header)[c] + "\" is named twice (columns " +
                                std::to_string(it->second + 1) + " and " + std::to_string(c + 1) +
                                "); rename one: drift compares columns by name");
    }
  }
  std::vector<std::vector<std::string>> rows;
  s = file->Head(kSampleRows, &rows);
  if (!s.ok()) return s;
  numeric->assign(header->size(), true);
  for (const auto& row : rows) {
    for (size_t c = 0; c < row.size() && c < header->size(); ++c) {
      double v;
      bool integer;
      if (!IsMissing(row[c]) && !ParseNumberCell(Trimmed(row[c]), &v, &integer)) (*numeric)[c] = false;
    }
  }
  return Status::OK();
}

Status LoadDriftTable(const std::string& path, const std::string& display, const LoadOptions& options,
                      DriftTable* out) {
  CsvOptions csv;
  csv.delimiter = options.delimiter;
  csv.threads = options.threads;
  std::unique_ptr<CsvFile> file;
  Status s = CsvFile::Open(path, display, csv, &file);
  if (!s.ok()) return s;
  const auto& header = file->header();
  std::unordered_map<std::string_view, int> field_of;  // the first column of each name
  for (size_t c = 0; c < header.size(); ++c) field_of.emplace(header[c], static_cast<int>(c));
  auto find = [&](const std::string& name) {
    auto it = field_of.find(name);
    return it == field_of.end() ? static_cast<int>(header.size()) : it->second;
  };
  std::vector<int> index;
  for (const auto& name : options.columns) {
    int i = find(name);
    if (i == static_cast<int>(header.size())) return Status::InvalidArgument(display + ": no column \"" + name + "\"");
    index.push_back(i);
  }
  int ts = -1;
  if (!options.timestamp.empty()) {
    ts = find(options.timestamp);
    if (ts == static_cast<int>(header.size())) {
      return Status::InvalidArgument(display + ": no timestamp column \"" + options.timestamp + "\"");
    }
  }
  const size_t ncols = index.size();
  // The numeric and the categorical columns (index into the compared ones, and the field
  // of each), each walked in a loop of its own: a test per cell for which kind it is
  // mispredicted where the kinds alternate.
  struct Plan {
    size_t column;
    size_t field;
  };
  std::vector<Plan> numeric_plan, categorical_plan;
  for (size_t c = 0; c < ncols; ++c) {
    (options.numeric[c] ? numeric_plan : categorical_plan).push_back({c, static_cast<size_t>(index[c])});
  }
  auto not_a_number = [&](long long line, size_t c, std::string_view cell) {
    return Status::Corruption(display + ":" + std::to_string(line) + ": column " + options.columns[c] + ": \"" +
                              std::string(cell).substr(0, 40) +
                              "\" is not a number, though the first rows of the column are (list it under "
                              "categorical: to compare it by value)");
  };
  // Each worker fills windows of its own (by window number), merged at the end.
  struct alignas(64) Worker {
    std::map<long long, PartialWindow> windows;
    long long last_key = 0;
    PartialWindow* last = nullptr;
  };
  std::vector<Worker> workers(static_cast<size_t>(file->threads()));
  auto window_of = [&](int w, long long key) -> PartialWindow& {
    Worker& worker = workers[static_cast<size_t>(w)];
    if (!worker.last || worker.last_key != key) {
      PartialWindow& window = worker.windows[key];
      if (window.columns.empty()) {
        window.columns.resize(ncols);
        window.start = key * options.window_seconds;
      }
      worker.last = &window;
      worker.last_key = key;
    }
    return *worker.last;
  };
  CsvFile::Visitor visit_record = [&](int w, const CsvRecord& record) -> Status {
    long long key = 0;
    if (ts >= 0) {
      long long seconds;
      if (!ParseTimestamp(record.fields[static_cast<size_t>(ts)], &seconds)) {
        return Status::Corruption(display + ":" + std::to_string(record.line) + ": column " + options.timestamp +
                                  ": \"" + std::string(record.fields[static_cast<size_t>(ts)]) +
                                  "\" is not a timestamp (ISO 8601 or unix seconds)");
      }
      key = seconds >= 0 ? seconds / options.window_seconds
                         : -((-seconds + options.window_seconds - 1) / options.window_seconds);
    }
    PartialWindow& window = window_of(w, key);
    ++window.rows;
    for (const Plan& p : categorical_plan) window.columns[p.column].ReadCategorical(record.fields[p.field]);
    for (const Plan& p : numeric_plan) {
      std::string_view cell = record.fields[p.field];
      const char* readable = Inside(cell, record.text) ? record.text.data() : nullptr;
      if (!window.columns[p.column].ReadNumeric(cell, readable)) return not_a_number(record.line, p.column, cell);
    }
    return Status::OK();
  };
  if (ts >= 0) {
    s = file->ForEach(visit_record);
  } else {
    // Without a timestamp every row is in the one window, and the blocks without quotes
    // (nearly all) are read field by field where they lie: a vector of every record's
    // fields, filled and read back, was a third of the time spent reading a file.
    struct Role {
      size_t column = 0;
      enum { kIgnored, kNumeric, kCategorical } kind = kIgnored;
    };
    std::vector<Role> roles(header.size());
    for (const Plan& p : numeric_plan) roles[p.field] = {p.column, Role::kNumeric};
    for (const Plan& p : categorical_plan) roles[p.field] = {p.column, Role::kCategorical};
    CsvFile::PartVisitor visit_part = [&](int w, const CsvPart& part, long long* lines) -> Status {
      PartialWindow& window = window_of(w, 0);
      Status error;
      Status split = ForEachField(
          part, options.delimiter, header.size(), display,
          [&](size_t field, std::string_view cell, long long line) {
            const Role& role = roles[field];
            if (role.kind == Role::kIgnored) return true;
            PartialColumn& column = window.columns[role.column];
            if (role.kind == Role::kCategorical) {
              column.ReadCategorical(cell);
              return true;
            }
            if (column.ReadNumeric(cell, part.text.data())) return true;
            error = not_a_number(line, role.column, cell);
            return false;
          },
          [&](long long) {
            ++window.rows;
            return true;
          },
          lines);
      return split.ok() ? error : split;
    };
    s = file->ForEach(visit_record, visit_part);
  }
  if (!s.ok()) return s;
  // The workers' parts of each window and column, together.
  std::map<long long, std::vector<PartialWindow*>> parts;
  for (auto& worker : workers) {
    for (auto& [key, window] : worker.windows) parts[key].push_back(&window);
  }
  out->names = options.columns;
  out->numeric = options.numeric;
  out->windows.clear();
  out->windowed = ts >= 0;
  struct Job {
    ColumnData* into;
    bool numeric;
    std::vector<PartialColumn*> from;
  };
  std::vector<Job> jobs;
  for (auto& [key, pieces] : parts) {
    Window window;
    window.start = pieces[0]->start;
    window.columns.resize(ncols);
    for (PartialWindow* p : pieces) window.rows += p->rows;
    out->windows.push_back(std::move(window));
  }
  size_t wi = 0;
  for (auto& [key, pieces] : parts) {
    for (size_t c = 0; c < ncols; ++c) {
      Job job{&out->windows[wi].columns[c], options.numeric[c], {}};
      for (PartialWindow* p : pieces) job.from.push_back(&p->columns[c]);
      jobs.push_back(std::move(job));
    }
    ++wi;
  }
  // Merged and sorted column by column on every core: every numeric statistic reads the
  // sorted values.
  std::atomic<size_t> next{0};
  auto merge = [&] {
    for (size_t i; (i = next++) < jobs.size();) {
      Job& job = jobs[i];
      ColumnData& into = *job.into;
      for (PartialColumn* p : job.from) {
        for (const auto& [value, count] : p->counts.values()) into.counts[value] += count;
        into.missing += p->missing;
        into.integers = into.integers && p->integers;
      }
      if (!job.numeric) continue;
      // Decimals when every worker's part is, at the most fraction digits any has.
      int scale = 0;
      for (PartialColumn* p : job.from) scale = p->decimal && scale >= 0 ? std::max(scale, p->scale) : -1;
      for (PartialColumn* p : job.from) {
        if (scale >= 0 && !p->Rescale(scale)) scale = -1;
      }
      if (scale < 0) {
        std::vector<Values> chunks;
        for (PartialColumn* p : job.from) {
          if (p->decimal) p->ToDoubles();
          p->doubles.Finish();
          for (auto& chunk : p->doubles.chunks) chunks.push_back(std::move(chunk));
          p->doubles.Clear();
        }
        ConcatenateChunks(chunks, &into.numbers);
        RadixSort(&into.numbers);
        Summarize(&into);
        continue;
      }
      std::vector<Decimals> chunks;
      size_t n = 0;
      for (PartialColumn* p : job.from) {
        p->decimals.Finish();
        for (auto& chunk : p->decimals.chunks) n += chunk.size();
        for (auto& chunk : p->decimals.chunks) chunks.push_back(std::move(chunk));
        p->decimals.Clear();
      }
      into.decimals.resize(n);  // mapped, not touched: the moved pages take its place
      ConcatenateChunks(chunks, into.decimals.data());
      into.scale = scale;
      RadixSort(&into.decimals);
      Summarize(&into);
    }
  };
  std::vector<std::thread> threads;
  for (int t = 1; t < file->threads(); ++t) threads.emplace_back(merge);
  merge();
  for (auto& t : threads) t.join();
  return Status::OK();
}

}  // namespace mlgate::drift
