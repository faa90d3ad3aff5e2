#include "base/text.h"

#include <fast_float/fast_float.h>

#include <algorithm>
#include <charconv>
#include <cmath>

namespace mlgate {

namespace {

size_t EditDistance(std::string_view a, std::string_view b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t above = row[j];
      size_t substitution = diagonal + (a[i - 1] == b[j - 1] ? 0 : 1);
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, substitution});
      diagonal = above;
    }
  }
  return row[b.size()];
}

bool GlobMatchSegments(std::string_view pattern, std::string_view path);

// Matches one segment pattern (no '/') against one path segment.
bool SegmentMatch(std::string_view p, std::string_view s) {
  size_t pi = 0, si = 0, star = std::string_view::npos, mark = 0;
  while (si < s.size()) {
    if (pi < p.size() && (p[pi] == '?' || p[pi] == s[si])) {
      ++pi;
      ++si;
    } else if (pi < p.size() && p[pi] == '*') {
      star = pi++;
      mark = si;
    } else if (star != std::string_view::npos) {
      pi = star + 1;
      si = ++mark;
    } else {
      return false;
    }
  }
  while (pi < p.size() && p[pi] == '*') ++pi;
  return pi == p.size();
}

std::string_view FirstSegment(std::string_view text, std::string_view* rest) {
  size_t slash = text.find('/');
  if (slash == std::string_view::npos) {
    *rest = {};
    return text;
  }
  *rest = text.substr(slash + 1);
  return text.substr(0, slash);
}

bool GlobMatchSegments(std::string_view pattern, std::string_view path) {
  std::string_view pattern_rest, path_rest;
  std::string_view head = FirstSegment(pattern, &pattern_rest);
  if (head == "**") {
    if (pattern_rest.empty()) return true;
    // '**' matches zero or more whole segments.
    std::string_view candidate = path;
    while (true) {
      if (GlobMatchSegments(pattern_rest, candidate)) return true;
      size_t slash = candidate.find('/');
      if (slash == std::string_view::npos) return false;
      candidate = candidate.substr(slash + 1);
    }
  }
  if (path.empty() && !pattern.empty()) return false;
  std::string_view segment = FirstSegment(path, &path_rest);
  if (!SegmentMatch(head, segment)) return false;
  bool pattern_done = pattern.find('/') == std::string_view::npos;
  bool path_done = path.find('/') == std::string_view::npos;
  if (pattern_done || path_done) return pattern_done && path_done;
  return GlobMatchSegments(pattern_rest, path_rest);
}

}  // namespace

std::string SuggestNearest(std::string_view word, const std::vector<std::string>& candidates) {
  std::string best;
  size_t best_distance = std::string::npos;
  for (const auto& candidate : candidates) {
    size_t d = EditDistance(word, candidate);
    if (d < best_distance) {
      best_distance = d;
      best = candidate;
    }
  }
  // Near enough to be a typo: at most a third of the word, and never a whole rewrite.
  size_t allowed = std::max<size_t>(1, word.size() / 3);
  return best_distance <= allowed ? best : std::string();
}

bool GlobMatch(std::string_view pattern, std::string_view path) { return GlobMatchSegments(pattern, path); }

std::optional<long long> ExactCount(double v) {
  if (!(v >= 0 && v <= 9007199254740992.0) || v != std::floor(v)) return std::nullopt;
  return static_cast<long long>(v);
}

std::optional<double> ParseStrictNumber(std::string_view text) {
  size_t i = 0;
  auto digits = [&]() {
    size_t start = i;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9') ++i;
    return i - start;
  };
  if (i < text.size() && (text[i] == '-' || text[i] == '+')) ++i;
  size_t integer_digits = digits();
  size_t fraction_digits = 0;
  if (i < text.size() && text[i] == '.') {
    ++i;
    fraction_digits = digits();
  }
  if (integer_digits + fraction_digits == 0) return std::nullopt;
  if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
    ++i;
    if (i < text.size() && (text[i] == '-' || text[i] == '+')) ++i;
    if (digits() == 0) return std::nullopt;
  }
  if (i != text.size()) return std::nullopt;
  // fast_float does not take a leading '+'.
  std::string_view body = text[0] == '+' ? text.substr(1) : text;
  double value = 0;
  auto result = fast_float::from_chars(body.data(), body.data() + body.size(), value);
  if (result.ec != std::errc() || result.ptr != body.data() + body.size()) return std::nullopt;
  if (!std::isfinite(value)) return std::nullopt;
  return value;
}

std::string FormatNumber(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "Infinity" : "-Infinity";
  if (value == 0) return "0";
  char buffer[64];
  auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
  return std::string(buffer, result.ptr);
}

namespace {

// Length of the valid UTF-8 sequence at text[i], or 0 when it is invalid.
size_t Utf8SequenceLength(std::string_view text, size_t i) {
  auto byte = [&](size_t k) { return static_cast<unsigned char>(text[k]); };
  unsigned char c = byte(i);
  if (c < 0x80) return 1;
  size_t length;
  unsigned int min_code;
  unsigned int code;
  if ((c & 0xE0) == 0xC0) {
    length = 2, min_code = 0x80, code = c & 0x1F;
  } else if ((c & 0xF0) == 0xE0) {
    length = 3, min_code = 0x800, code = c & 0x0F;
  } else if ((c & 0xF8) == 0xF0) {
    length = 4, min_code = 0x10000, code = c & 0x07;
  } else {
    return 0;
  }
  if (i + length > text.size()) return 0;
  for (size_t k = 1; k < length; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) return 0;
    code = (code << 6) | (byte(i + k) & 0x3F);
  }
  if (code < min_code || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) return 0;
  return length;
}

}  // namespace

bool IsValidUtf8(std::string_view text) {
  for (size_t i = 0; i < text.size();) {
    size_t n = Utf8SequenceLength(text, i);
    if (n == 0) return false;
    i += n;
  }
  return true;
}

std::string SanitizeUtf8(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size();) {
    size_t n = Utf8SequenceLength(text, i);
    if (n == 0) {
      out += "\xEF\xBF\xBD";
      ++i;
    } else {
      out.append(text.substr(i, n));
      i += n;
    }
  }
  return out;
}

void LineColumnOf(std::string_view text, size_t offset, int* line, int* column) {
  offset = std::min(offset, text.size());
  int l = 1;
  size_t line_start = 0;
  for (size_t i = 0; i < offset; ++i) {
    if (text[i] == '\n') {
      ++l;
      line_start = i + 1;
    }
  }
  *line = l;
  *column = static_cast<int>(offset - line_start) + 1;
}

bool LineReader::Next(std::string_view* line) {
  if (pos_ >= text_.size()) return false;
  size_t eol = text_.find('\n', pos_);
  if (eol == std::string_view::npos) eol = text_.size();
  *line = Trim(text_.substr(pos_, eol - pos_));
  pos_ = eol + 1;
  ++line_number_;
  return true;
}

std::string Join(const std::vector<std::string>& parts, std::string_view sep) {
  std::string out;
  for (size_t i = 0; i < parts.size(); ++i) {
    if (i) out += sep;
    out += parts[i];
  }
  return out;
}

std::string_view Trim(std::string_view text) {
  size_t begin = 0, end = text.size();
  while (begin < end && (text[begin] == ' ' || text[begin] == '\t' || text[begin] == '\r' || text[begin] == '\n'))
    ++begin;
  while (end > begin &&
         (text[end - 1] == ' ' || text[end - 1] == '\t' || text[end - 1] == '\r' || text[end - 1] == '\n'))
    --end;
  return text.substr(begin, end - begin);
}

std::string PercentEncodePath(std::string_view path) {
  std::string out;
  const char* hex = "0123456789ABCDEF";
  for (unsigned char c : path) {
    bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                 std::string_view("-._~/").find(static_cast<char>(c)) != std::string_view::npos;
    if (plain) {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

}  // namespace mlgate
