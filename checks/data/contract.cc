#include "checks/data/contract.h"

#include <fast_float/fast_float.h>

#include <algorithm>
#include <map>

#include "base/date.h"
#include "base/text.h"
#include "base/yaml_doc.h"

namespace mlgate {

namespace {

// What the standard library's regex compiler cannot be given safely: it reads numbers
// into a signed long without an overflow check (a back-reference \6666666666666666666 is
// undefined behaviour; found by fuzz/contract) and builds states for each repetition, so
// that nested counts multiply. Empty when the pattern is within bounds.
std::string RegexOutOfBounds(std::string_view pattern) {
  if (pattern.size() > kMaxRegexBytes) return "a pattern of more than " + std::to_string(kMaxRegexBytes) + " bytes";
  unsigned long long product = 1;
  // Whether the last token was a quantifier: then one '?' makes it lazy, but any other
  // quantifier on it nests repetitions, which the backtracking matcher explores
  // exponentially ("I+++++" against two characters outlasted any CI job; fuzz/contract).
  bool after_quantifier = false, after_lazy = false;
  for (size_t i = 0; i < pattern.size(); ++i) {
    const char c = pattern[i];
    const bool quantifier = c == '*' || c == '+' || c == '{' || c == '?';
    if (quantifier && (after_lazy || (after_quantifier && c != '?'))) {
      return "a quantifier on a quantifier (\"" + std::string(pattern.substr(i - 1, 2)) + "\"); write the repetition once";
    }
    after_lazy = quantifier && after_quantifier;
    after_quantifier = quantifier && !after_lazy;
    if (c == '\\' && i + 1 < pattern.size()) {
      size_t digits = 0;
      while (i + 1 + digits < pattern.size() && pattern[i + 1 + digits] >= '0' && pattern[i + 1 + digits] <= '9') ++digits;
      if (digits > 2) return "a back-reference past \\99";
      i += digits ? digits : 1;  // an escaped character, '{' included, is a literal
    } else if (c == '[') {
      // A class: its '+', '*' and '?' are characters. "]" first in it is one too.
      size_t j = i + 1;
      if (j < pattern.size() && pattern[j] == '^') ++j;
      if (j < pattern.size() && pattern[j] == ']') ++j;
      while (j < pattern.size() && pattern[j] != ']') j += pattern[j] == '\\' ? 2 : 1;
      i = std::min(j, pattern.size());
    } else if (c == '{') {
      size_t j = i + 1;
      for (; j < pattern.size() && pattern[j] != '}'; ++j) {
        if (pattern[j] < '0' || pattern[j] > '9') continue;
        unsigned long long n = 0;
        for (; j < pattern.size() && pattern[j] >= '0' && pattern[j] <= '9'; ++j) {
          n = n * 10 + static_cast<unsigned long long>(pattern[j] - '0');
          if (n > kMaxRegexRepetitions) return "a repetition count over " + std::to_string(kMaxRegexRepetitions);
        }
        product *= std::max<unsigned long long>(n, 1);
        if (product > kMaxRegexRepetitions) {
          return "repetition counts that multiply past " + std::to_string(kMaxRegexRepetitions);
        }
        --j;
      }
      i = std::min(j, pattern.size());  // at the '}': the repetition is one quantifier
    }
  }
  return "";
}

// A matcher that gives up (std::regex_error for its complexity or stack) is a mismatch.
bool RegexMatches(const std::regex& regex, std::string_view v) {
  try {
    return std::regex_match(v.begin(), v.end(), regex);
  } catch (const std::regex_error&) {
    return false;
  }
}

}  // namespace

bool IsMissingValue(std::string_view v) {
  return v.empty() || v == "NA" || v == "N/A" || v == "null" || v == "NULL" || v == "None";
}

Status ParseContract(std::string_view text, const std::string& file, Contract* out) {
  YamlNode root;
  Status s = ParseYaml(text, file, &root);
  if (!s.ok()) return s;
  auto error = [&](const YamlNode& at, const std::string& what) { return Status::Corruption(at.location.ToString() + ": " + what); };
  if (!root.IsMap()) return error(root, "a contract is a mapping with columns:");
  for (const auto& e : root.entries) {
    if (e.key != "columns" && e.key != "allow_extra_columns") {
      return Status::Corruption(e.key_location.ToString() + ": unknown key \"" + e.key + "\" (columns, allow_extra_columns)");
    }
  }
  if (const YamlNode* extra = root.Find("allow_extra_columns")) {
    if (!extra->IsScalar() || (extra->value != "true" && extra->value != "false")) return error(*extra, "expected true or false");
    out->allow_extra_columns = extra->value == "true";
  }
  const YamlNode* columns = root.Find("columns");
  if (!columns || !columns->IsMap() || columns->entries.empty()) {
    return error(columns ? *columns : root, "columns: expected a mapping of column name to its rules");
  }
  for (const auto& c : columns->entries) {
    ColumnRule rule;
    rule.name = c.key;
    if (!c.value.IsMap()) return error(c.value, "columns." + c.key + ": expected a mapping such as {type: int}");
    for (const auto& r : c.value.entries) {
      const YamlNode& v = r.value;
      std::string where = "columns." + c.key + "." + r.key;
      auto number = [&](std::optional<double>* dst) -> Status {
        std::optional<double> n = v.IsScalar() && !v.quoted ? ParseStrictNumber(v.value) : std::nullopt;
        if (!n) return error(v, where + ": expected a number");
        *dst = n;
        return Status::OK();
      };
      auto boolean = [&](bool* dst) -> Status {
        if (!v.IsScalar() || (v.value != "true" && v.value != "false")) return error(v, where + ": expected true or false");
        *dst = v.value == "true";
        return Status::OK();
      };
      Status st;
      if (r.key == "type") {
        static const std::map<std::string, ColumnType> kTypes = {{"int", ColumnType::kInt}, {"float", ColumnType::kFloat},
                                                           {"string", ColumnType::kString}, {"bool", ColumnType::kBool},
                                                           {"date", ColumnType::kDate}};
        auto it = v.IsScalar() ? kTypes.find(v.value) : kTypes.end();
        if (it == kTypes.end()) return error(v, where + ": expected int, float, string, bool or date");
        rule.type = it->second;
      } else if (r.key == "nullable") {
        st = boolean(&rule.nullable);
      } else if (r.key == "unique") {
        st = boolean(&rule.unique);
      } else if (r.key == "min") {
        st = number(&rule.min);
      } else if (r.key == "max") {
        st = number(&rule.max);
      } else if (r.key == "max_missing_rate") {
        st = number(&rule.max_missing_rate);
        if (st.ok() && (*rule.max_missing_rate < 0 || *rule.max_missing_rate > 1)) st = error(v, where + ": from 0 to 1");
      } else if (r.key == "allowed") {
        if (!v.IsSequence() || v.items.empty()) return error(v, where + ": expected a list of values");
        for (const auto& item : v.items) {
          if (!item.IsScalar()) return error(item, where + ": expected values");
          rule.allowed.insert(item.value);
        }
      } else if (r.key == "regex") {
        if (!v.IsScalar()) return error(v, where + ": expected a regular expression");
        if (std::string why = RegexOutOfBounds(v.value); !why.empty()) return error(v, where + ": " + why);
        try {
          rule.regex = std::make_shared<const std::regex>(v.value, std::regex::ECMAScript | std::regex::optimize);
        } catch (const std::regex_error& e) {
          return error(v, where + ": not a valid regular expression (" + e.what() + ")");
        }
        rule.regex_text = v.value;
      } else {
        std::string near = SuggestNearest(r.key, {"type", "nullable", "unique", "min", "max", "max_missing_rate",
                                                  "allowed", "regex"});
        return Status::Corruption(r.key_location.ToString() + ": " + where + ": unknown rule" +
                                  (near.empty() ? "" : " (did you mean \"" + near + "\"?)"));
      }
      if (!st.ok()) return st;
    }
    if ((rule.min || rule.max) && rule.type != ColumnType::kInt && rule.type != ColumnType::kFloat) {
      return error(c.value, "columns." + c.key + ": min and max need type int or float");
    }
    out->columns.push_back(std::move(rule));
  }
  return Status::OK();
}


const char* BrokenRule(const ColumnRule& rule, std::string_view v) {
  double number = 0;
  switch (rule.type) {
    case ColumnType::kInt: {
      size_t i = v[0] == '-' || v[0] == '+' ? 1 : 0;
      if (i == v.size() || v.find_first_not_of("0123456789", i) != std::string_view::npos) return "type";
      auto r = fast_float::from_chars(v.data(), v.data() + v.size(), number);
      if (r.ec != std::errc()) return "type";
      break;
    }
    case ColumnType::kFloat: {
      auto r = fast_float::from_chars(v.data(), v.data() + v.size(), number);
      if (r.ec != std::errc() || r.ptr != v.data() + v.size() || number != number) return "type";
      break;
    }
    case ColumnType::kBool:
      if (v != "true" && v != "false" && v != "True" && v != "False" && v != "0" && v != "1") return "type";
      break;
    case ColumnType::kDate:
      if (!ParseDate(v)) return "type";
      break;
    case ColumnType::kString:
      break;
  }
  if (rule.min && number < *rule.min) return "min";
  if (rule.max && number > *rule.max) return "max";
  if (!rule.allowed.empty() && !rule.allowed.count(std::string(v))) return "allowed";
  // libstdc++'s matcher recurses once per character or so: a value much longer than any a
  // pattern is written for would overflow the stack. Past the limit it is a violation.
  if (rule.regex && (v.size() > kMaxRegexValueBytes || !RegexMatches(*rule.regex, v))) return "regex";
  return nullptr;
}

}  // namespace mlgate
