#include "checks/drift/cells.h"

#include <fast_float/fast_float.h>

#include <cmath>
#include <system_error>

#include "base/date.h"

namespace mlgate::drift {

namespace {

bool EqualsIgnoringCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    char x = a[i] >= 'A' && a[i] <= 'Z' ? static_cast<char>(a[i] - 'A' + 'a') : a[i];
    if (x != b[i]) return false;
  }
  return true;
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

}  // namespace

std::string_view Trimmed(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

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

}  // namespace mlgate::drift
