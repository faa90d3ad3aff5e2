// A data contract: the columns a data file must have and the rules their values follow
// (the `schema` check; the format is in kSchemaHelp, checks/schema_check.cc).
#pragma once

#include <memory>
#include <optional>
#include <regex>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace mlgate {

enum class ColumnType { kInt, kFloat, kString, kBool, kDate };

struct ColumnRule {
  std::string name;
  ColumnType type = ColumnType::kString;
  bool nullable = true;
  bool unique = false;
  std::optional<double> min, max, max_missing_rate;
  std::set<std::string> allowed;
  std::string regex_text;
  std::shared_ptr<const std::regex> regex;
};

struct Contract {
  std::vector<ColumnRule> columns;
  bool allow_extra_columns = false;
};

// Values longer than this are not matched against a column's regex (a violation instead):
// the standard library's matcher needs stack in proportion to the value.
inline constexpr size_t kMaxRegexValueBytes = 4096;
// A contract's regex: at most this long, back-references \1–\99, and repetition counts
// ({n}, {n,m}) that multiply to at most kMaxRegexRepetitions (the compiler makes states
// for each repetition, nested ones multiplied).
inline constexpr size_t kMaxRegexBytes = 512;
inline constexpr unsigned long long kMaxRegexRepetitions = 10000;

Status ParseContract(std::string_view text, const std::string& file, Contract* out);

// Whether a value is missing: empty, NA, N/A, null, NULL or None.
bool IsMissingValue(std::string_view v);

// The first rule a present value breaks ("type", "min", "max", "allowed", "regex"), or
// nullptr when it keeps them all.
const char* BrokenRule(const ColumnRule& rule, std::string_view v);

}  // namespace mlgate
