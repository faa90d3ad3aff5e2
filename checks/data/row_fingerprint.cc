#include "checks/data/row_fingerprint.h"

#include <algorithm>
#include <cstring>

namespace mlgate {

namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// A decimal number, as (sign, significant digits, power of ten): the exact value, so that
// equal values written differently get one form. False when `s` is not a plain number.
// The digits are the integer and fraction digits read as one run: dropping its leading
// zeros changes nothing, and each trailing zero dropped raises the power by one.
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
  // Positions in the run of digits: integer digits, then fraction digits.
  size_t int_len = int_end - int_begin, frac_len = frac_end - frac_begin, total = int_len + frac_len;
  auto digit = [&](size_t k) { return k < int_len ? s[int_begin + k] : s[frac_begin + k - int_len]; };
  size_t first = 0, last = total;
  while (first < total && digit(first) == '0') ++first;
  if (first == total) {  // zero, whatever its sign or notation
    std::memcpy(w, "N+0", 3);
    return w + 3;
  }
  while (digit(last - 1) == '0') --last;
  long long power = exponent - static_cast<long long>(frac_len) + static_cast<long long>(total - last);
  if (power > 2000000000LL || power < -2000000000LL) return nullptr;
  int p = static_cast<int>(power);
  *w++ = 'N';
  *w++ = negative ? '-' : '+';
  std::memcpy(w, &p, sizeof p);
  w += sizeof p;
  // Copy the kept digits from their two runs.
  if (first < int_len) {
    size_t n = std::min(last, int_len) - first;
    std::memcpy(w, s.data() + int_begin + first, n);
    w += n;
  }
  if (last > int_len) {
    size_t from = std::max(first, int_len) - int_len;
    std::memcpy(w, s.data() + frac_begin + from, last - int_len - from);
    w += last - int_len - from;
  }
  return w;
}

std::string_view TrimBlanks(std::string_view s) {
  size_t b = 0, e = s.size();
  while (b < e && (s[b] == ' ' || s[b] == '\t')) ++b;
  while (e > b && (s[e - 1] == ' ' || s[e - 1] == '\t')) --e;
  return s.substr(b, e - b);
}

}  // namespace

// Writes the normal form of `field` at w (room for field.size() + 8 bytes); returns the end.
char* WriteNormalField(std::string_view field, char* w) {
  field = TrimBlanks(field);
  if (!field.empty() && (IsDigit(field[0]) || field[0] == '-' || field[0] == '+' || field[0] == '.')) {
    if (char* end = WriteDecimal(field, w)) return end;
  }
  int length = static_cast<int>(field.size());
  *w++ = 'S';
  std::memcpy(w, &length, sizeof length);
  w += sizeof length;
  if (!field.empty()) std::memcpy(w, field.data(), field.size());
  return w + field.size();
}

void AppendNormalField(std::string_view field, std::string* out) {
  size_t at = out->size();
  out->resize(at + field.size() + 8);
  out->resize(static_cast<size_t>(WriteNormalField(field, out->data() + at) - out->data()));
}

Fingerprint FingerprintRow(const std::vector<std::string_view>& fields, const std::vector<int>& columns,
                           std::string* scratch) {
  size_t room = 0;
  for (int c : columns) room += fields[static_cast<size_t>(c)].size() + 8;
  if (scratch->size() < room) scratch->resize(std::max(room, scratch->size() * 2));  // grows, never shrinks
  char* begin = scratch->data();
  char* w = begin;
  for (int c : columns) w = WriteNormalField(fields[static_cast<size_t>(c)], w);
  XXH128_hash_t h = XXH3_128bits(begin, static_cast<size_t>(w - begin));
  return {h.high64, h.low64};
}

}  // namespace mlgate
