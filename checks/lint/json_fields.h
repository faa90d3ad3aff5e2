// Typed field access for the JSON lint readers: each accessor names the exact place of a
// wrong or missing field ("reports/bandit.json: results[3].line_number: expected a
// non-negative integer"), so a malformed report gets a message a person can act on.
#pragma once

#include <string>

#include "base/json_doc.h"
#include "base/status.h"

namespace mlgate {

inline std::string FieldPath(const std::string& where, const char* key) { return where + "." + key; }

// A string field: required, or optional (absent or null gives "").
inline Status TextField(const JsonValue& obj, const char* key, const std::string& where, bool required,
                        std::string* out) {
  const JsonValue* v = obj.IsObject() ? obj.Find(key) : nullptr;
  if (!v || v->kind == JsonValue::Kind::kNull) {
    out->clear();
    if (required) return Status::Corruption(FieldPath(where, key) + ": missing");
    return Status::OK();
  }
  if (!v->IsString()) return Status::Corruption(FieldPath(where, key) + ": expected a string");
  *out = v->text;
  return Status::OK();
}

// A non-negative integer field (line and column numbers, counts); absent or null gives 0.
inline Status IntField(const JsonValue& obj, const char* key, const std::string& where, bool required, int* out) {
  const JsonValue* v = obj.IsObject() ? obj.Find(key) : nullptr;
  if (!v || v->kind == JsonValue::Kind::kNull) {
    *out = 0;
    if (required) return Status::Corruption(FieldPath(where, key) + ": missing");
    return Status::OK();
  }
  if (!v->IsNumber() || !v->integral || v->number < 0 || v->number > 2147483647.0) {
    return Status::Corruption(FieldPath(where, key) + ": expected a non-negative integer");
  }
  *out = static_cast<int>(v->number);
  return Status::OK();
}

// An array field; absent gives an empty array only when not required.
inline Status ArrayField(const JsonValue& obj, const char* key, const std::string& where, bool required,
                         const JsonValue** out) {
  static const JsonValue kEmpty = [] {
    JsonValue v;
    v.kind = JsonValue::Kind::kArray;
    return v;
  }();
  const JsonValue* v = obj.IsObject() ? obj.Find(key) : nullptr;
  if (!v || (!required && v->kind == JsonValue::Kind::kNull)) {
    *out = &kEmpty;
    if (required) return Status::Corruption(FieldPath(where, key) + ": missing");
    return Status::OK();
  }
  if (!v->IsArray()) return Status::Corruption(FieldPath(where, key) + ": expected an array");
  *out = v;
  return Status::OK();
}

inline std::string Index(const std::string& where, size_t i) { return where + "[" + std::to_string(i) + "]"; }

}  // namespace mlgate
