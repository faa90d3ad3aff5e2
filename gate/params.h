// Typed access to a check's parameters (a mapping in mlgate.yaml) with validation that
// names the exact place: "mlgate.yaml:14:5: checks.coverage.min_line: expected a number
// from 0 to 100, got \"eighty\"". Every key a check asks for is recorded, so Finish() can
// report the keys nobody asked for, with a "did you mean" for near names.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "base/date.h"
#include "base/yaml_doc.h"

namespace mlgate {

// Where configuration problems are collected, each already formatted for a person.
using ConfigErrors = std::vector<std::string>;

// A threshold with optional phased tightening: `min_line: 80`, or
// `min_line: {value: 80, stricter: 90, effective_on: 2027-03-01}`, which enforces 90 from
// that day and warns before it when 90 would not be met.
struct Threshold {
  double value = 0;
  std::optional<double> stricter;
  std::optional<Date> effective_on;
  // The value in force on `today`.
  double EnforcedOn(const Date& today) const {
    return stricter && effective_on && !(today < *effective_on) ? *stricter : value;
  }
  // The stricter value not yet in force on `today`, if any.
  std::optional<double> UpcomingOn(const Date& today) const {
    if (stricter && effective_on && today < *effective_on) return stricter;
    return std::nullopt;
  }
};

class Params {
 public:
  // `node` may be null (no parameters given); `path` is the dotted name for messages;
  // `owner` is where the mapping itself sits, for "missing required key" errors.
  Params(const YamlNode* node, std::string path, SourceLocation owner, ConfigErrors* errors);

  bool Has(const std::string& key) const;
  std::string String(const std::string& key, bool required, const std::string& fallback = "");
  // A string or a list of strings.
  std::vector<std::string> StringList(const std::string& key, bool required);
  std::optional<double> Number(const std::string& key, double min, double max);
  double Number(const std::string& key, double min, double max, double fallback);
  bool Bool(const std::string& key, bool fallback);
  std::string Enum(const std::string& key, const std::vector<std::string>& allowed,
                   const std::string& fallback);
  std::optional<Threshold> ThresholdParam(const std::string& key, double min, double max);
  std::optional<Date> DateParam(const std::string& key, bool required);
  // A nested mapping, validated with its own Params (remember to Finish it).
  Params Child(const std::string& key);
  // The raw node (for mappings whose keys are user names, e.g. metrics thresholds).
  const YamlNode* Raw(const std::string& key);
  // Marks `key` known without reading it (a key another layer handles).
  void Allow(const std::string& key);

  // Reports keys that were never asked for. Call once, after reading every key.
  void Finish();

  const std::string& path() const { return path_; }
  ConfigErrors* errors() const { return errors_; }
  SourceLocation location() const { return node_ ? node_->location : owner_; }
  void Error(const SourceLocation& where, const std::string& message);

 private:
  const YamlNode* Get(const std::string& key);
  std::string Key(const std::string& key) const { return path_.empty() ? key : path_ + "." + key; }

  const YamlNode* node_;
  std::string path_;
  SourceLocation owner_;
  ConfigErrors* errors_;
  std::vector<std::string> known_;
};

// Reads a number from a scalar node with the strict grammar (no .nan, .inf, 1e999, hex,
// '_', or quoted text). Returns nullopt after recording an error.
std::optional<double> ReadNumber(const YamlNode& node, const std::string& key, ConfigErrors* errors);

}  // namespace mlgate
