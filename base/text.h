// Small text utilities shared by the configuration, the checks and the reporters.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mlgate {

// The candidate nearest to `word` by edit distance, when it is near enough to be a likely
// typo ("coverge" -> "coverage"); empty otherwise.
std::string SuggestNearest(std::string_view word, const std::vector<std::string>& candidates);

// Glob match over '/'-separated paths: '*' and '?' stay within one segment, '**' spans
// segments ("src/**/test_*.py"). No brace or class syntax: policies stay readable.
bool GlobMatch(std::string_view pattern, std::string_view path);

// Strict decimal number: [-+]?digits[.digits][e[-+]digits], finite. Rejects hex, '_'
// separators, ".nan"/".inf", surrounding blanks and values that overflow to infinity.
std::optional<double> ParseStrictNumber(std::string_view text);

// `v` as a count: a whole number from 0 to 2^53 (where doubles still count exactly), or
// nullopt for a fraction, a negative, NaN or more. The way from a parsed double to an
// integer: casting one out of the integer's range is undefined behaviour.
std::optional<long long> ExactCount(double v);

// Shortest text that reads back as the same double (for reports and messages).
std::string FormatNumber(double value);

// Replaces each invalid UTF-8 sequence with U+FFFD so every writer gets valid text.
std::string SanitizeUtf8(std::string_view text);

// A '/'-separated path as a relative URI reference (RFC 3986): bytes other than letters,
// digits, "-._~" and "/" percent-encoded ("my data/x.csv" -> "my%20data/x.csv").
std::string PercentEncodePath(std::string_view path);
bool IsValidUtf8(std::string_view text);

// 1-based line and column of a byte offset in `text`.
void LineColumnOf(std::string_view text, size_t offset, int* line, int* column);

// Walks a text buffer line by line ('\n'-separated; a trailing '\r' and blanks trimmed),
// counting 1-based line numbers for error messages.
class LineReader {
 public:
  explicit LineReader(std::string_view text) : text_(text) {}
  // The next line, trimmed; false at the end of the text.
  bool Next(std::string_view* line);
  int line_number() const { return line_number_; }

 private:
  std::string_view text_;
  size_t pos_ = 0;
  int line_number_ = 0;
};

std::string Join(const std::vector<std::string>& parts, std::string_view sep);
std::string_view Trim(std::string_view text);

}  // namespace mlgate
