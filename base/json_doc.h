// Strict JSON for evidence files (metrics, coverage.py JSON, later lint reports). Built on
// RapidJSON's SAX reader with its iterative parser, so no input depth can overflow the
// stack; our handler caps depth and size, rejects duplicate keys (which RapidJSON accepts
// and a hostile report uses to hide a value) and non-finite numbers, and builds a small
// tree of our own. This file is the only place that talks to RapidJSON's reader.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace mlgate {

struct JsonValue {
  enum class Kind { kNull, kBool, kNumber, kString, kArray, kObject };
  struct Member;

  Kind kind = Kind::kNull;
  bool boolean = false;
  double number = 0;
  bool integral = false;  // written without fraction or exponent
  std::string text;       // strings
  std::vector<JsonValue> items;   // arrays
  std::vector<Member> members;    // objects, in file order

  bool IsObject() const { return kind == Kind::kObject; }
  bool IsArray() const { return kind == Kind::kArray; }
  bool IsNumber() const { return kind == Kind::kNumber; }
  bool IsString() const { return kind == Kind::kString; }
  const JsonValue* Find(std::string_view key) const;
};

struct JsonValue::Member {
  std::string key;
  JsonValue value;
};

struct JsonLimits {
  int max_depth = 64;
  size_t max_values = 50'000'000;
};

// Parses `text` (the contents of `file`); errors name file:line:col.
Status ParseJson(std::string_view text, const std::string& file, JsonValue* root,
                 const JsonLimits& limits = {});

}  // namespace mlgate
