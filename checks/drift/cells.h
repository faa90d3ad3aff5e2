// How the drift loader reads one cell: numbers as pandas reads them (short decimals in
// one SSE2 register, as their digits and places, for columns held as decimals), missing
// markers as Evidently drops them, timestamps as ISO 8601 or unix seconds.
#pragma once

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include <bit>
#include <cstdint>
#include <string_view>

#include "checks/drift/sample.h"

namespace mlgate::drift {

// A timestamp cell as unix seconds: ISO 8601 (2026-11-25, 2026-11-25T08:00:00Z,
// 2026-11-25 08:00:00.123+01:00) or a number of seconds since 1970.
bool ParseTimestamp(std::string_view text, long long* seconds);

// A number as pandas reads one ("1", "-2.5", ".5", "1e3", "+4"); *integer when written
// without a fraction or exponent (looked at only while `track_integer`). `readable_from`,
// when given, is where readable memory around the cell begins (the CSV text it lies in):
// with 16 bytes from there to the cell's end, a short decimal is read in one SSE2 register.
bool ParseNumberCell(std::string_view cell, double* value, bool* integer, bool track_integer = true,
                     const char* readable_from = nullptr);

// Whether a cell is missing: empty, or NA, NaN, null, None, N/A (any case), or ±inf.
bool IsMissing(std::string_view cell);

// The cell without blanks around it (spaces, tabs; a trailing carriage return).
std::string_view Trimmed(std::string_view s);

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
ShortDecimal ReadScientificDecimal(std::string_view cell);

}  // namespace mlgate::drift
