#include "checks/data/row_fingerprint.h"

#include <algorithm>
#include <cstring>

namespace mlgate {

namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Numbers are written in one canonical decimal spelling: no sign on zero, no leading zeros
// (but "0" before a point), no trailing zeros after the point, no point without digits,
// no exponent — "1.50", "+1.5" and "15e-1" all become "1.5". Beyond kMaxExpanded characters
// (1e70) the form is (sign, significant digits, power of ten) instead.
constexpr size_t kMaxExpanded = 64;

// True when `s` is already a number in the canonical spelling, the common case in data
// files: it can then be hashed as it is, with no conversion.
bool IsCanonicalDecimal(std::string_view s) {
  if (s.size() > kMaxExpanded) return false;
  size_t i = s[0] == '-' ? 1 : 0;
  size_t int_begin = i;
  while (i < s.size() && IsDigit(s[i])) ++i;
  size_t int_len = i - int_begin;
  if (int_len == 0 || (int_len > 1 && s[int_begin] == '0')) return false;
  if (i == s.size()) return !(int_len == 1 && s[int_begin] == '0' && int_begin == 1);  // not "-0"
  if (s[i] != '.') return false;
  size_t frac_begin = ++i;
  while (i < s.size() && IsDigit(s[i])) ++i;
  return i == s.size() && i > frac_begin && s.back() != '0';
}

// Any other decimal spelling: parsed into (sign, significant digits, power) and written in
// the canonical spelling at w. nullptr when `s` is not a plain number.
char* WriteDecimal(std::string_view s, char* w) {
  size_t i = 0;
  bool negative = false;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) negative = s[i++] == '-';
  size_t int_begin = i;
  while (i < s.size() && IsDigit(s[i])) ++i;
  size_t int_end = i, frac_begin = i, frac_end = i;
  if (i < s.size() && s[i] == '.') {
    frac_begin = ++i;
    while (i < s.size() && IsDigit(s[i])) ++i;
    frac_end = i;
  }
  if (int_end == int_begin && frac_end == frac_begin) return nullptr;  // no digit at all
  long long exponent = 0;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    bool exp_negative = false;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) exp_negative = s[i++] == '-';
    size_t exp_begin = i;
    while (i < s.size() && IsDigit(s[i])) {
      if (i - exp_begin >= 9) return nullptr;  // an absurd exponent: keep the text
      exponent = exponent * 10 + (s[i] - '0');
      ++i;
    }
    if (i == exp_begin) return nullptr;
    if (exp_negative) exponent = -exponent;
  }
  if (i != s.size()) return nullptr;
  // The integer and fraction digits read as one run: dropping its leading zeros changes
  // nothing, and each trailing zero dropped raises the power by one.
  size_t int_len = int_end - int_begin, frac_len = frac_end - frac_begin, total = int_len + frac_len;
  auto digit = [&](size_t k) { return k < int_len ? s[int_begin + k] : s[frac_begin + k - int_len]; };
  size_t first = 0, last = total;
  while (first < total && digit(first) == '0') ++first;
  char* start = w;
  *w++ = 'N';
  char* length_at = w;
  w += sizeof(int);
  char* text = w;
  if (first == total) {  // zero, whatever its sign or notation
    *w++ = '0';
  } else {
    while (digit(last - 1) == '0') --last;
    long long power = exponent - static_cast<long long>(frac_len) + static_cast<long long>(total - last);
    long long n = static_cast<long long>(last - first);
    long long point = n + power;  // digits before the decimal point
    long long expanded = (negative ? 1 : 0) + (power >= 0 ? n + power : point > 0 ? n + 1 : 2 - point + n);
    if (power > 2000000000LL || power < -2000000000LL) return nullptr;
    if (expanded > static_cast<long long>(kMaxExpanded)) {
      w = start;
      *w++ = 'E';
      *w++ = negative ? '-' : '+';
      int p = static_cast<int>(power);
      std::memcpy(w, &p, sizeof p);
      w += sizeof p;
      for (size_t k = first; k < last; ++k) *w++ = digit(k);
      return w;
    }
    if (negative) *w++ = '-';
    if (power >= 0) {
      for (size_t k = first; k < last; ++k) *w++ = digit(k);
      for (long long z = 0; z < power; ++z) *w++ = '0';
    } else if (point > 0) {
      for (long long k = 0; k < n; ++k) {
        if (k == point) *w++ = '.';
        *w++ = digit(first + static_cast<size_t>(k));
      }
    } else {
      *w++ = '0';
      *w++ = '.';
      for (long long z = 0; z < -point; ++z) *w++ = '0';
      for (size_t k = first; k < last; ++k) *w++ = digit(k);
    }
  }
  int length = static_cast<int>(w - text);
  std::memcpy(length_at, &length, sizeof length);
  return w;
}

std::string_view TrimBlanks(std::string_view s) {
  size_t b = 0, e = s.size();
  while (b < e && (s[b] == ' ' || s[b] == '\t')) ++b;
  while (e > b && (s[e - 1] == ' ' || s[e - 1] == '\t')) --e;
  return s.substr(b, e - b);
}

}  // namespace

// Room the normal form of a field of `size` bytes may need: a respelled number can be
// longer than its text ("1e60"), up to the expanded limit.
size_t RoomFor(size_t size) { return std::max(size, kMaxExpanded) + 8; }

// Writes the normal form of `field` at w (RoomFor(field.size()) bytes); returns the end.
char* WriteNormalField(std::string_view field, char* w) {
  field = TrimBlanks(field);
  char tag = 'S';
  if (!field.empty() && (IsDigit(field[0]) || field[0] == '-' || field[0] == '+' || field[0] == '.')) {
    if (IsCanonicalDecimal(field)) {
      tag = 'N';  // already in the canonical spelling: as it is
    } else if (char* end = WriteDecimal(field, w)) {
      return end;
    }
  }
  int length = static_cast<int>(field.size());
  *w++ = tag;
  std::memcpy(w, &length, sizeof length);
  w += sizeof length;
  if (!field.empty()) std::memcpy(w, field.data(), field.size());
  return w + field.size();
}

void AppendNormalField(std::string_view field, std::string* out) {
  size_t at = out->size();
  out->resize(at + RoomFor(field.size()));
  out->resize(static_cast<size_t>(WriteNormalField(field, out->data() + at) - out->data()));
}

unsigned long long FieldHash(std::string_view field, std::string* scratch) {
  size_t room = RoomFor(field.size());
  if (scratch->size() < room) scratch->resize(room);
  char* end = WriteNormalField(field, scratch->data());
  return XXH3_64bits(scratch->data(), static_cast<size_t>(end - scratch->data()));
}

Fingerprint FingerprintRow(const std::vector<std::string_view>& fields, const std::vector<int>& columns,
                           std::string* scratch) {
  size_t room = 0;
  for (int c : columns) room += RoomFor(fields[static_cast<size_t>(c)].size());
  if (scratch->size() < room) scratch->resize(std::max(room, scratch->size() * 2));  // grows, never shrinks
  char* begin = scratch->data();
  char* w = begin;
  for (int c : columns) w = WriteNormalField(fields[static_cast<size_t>(c)], w);
  XXH128_hash_t h = XXH3_128bits(begin, static_cast<size_t>(w - begin));
  return {h.high64, h.low64};
}

}  // namespace mlgate
