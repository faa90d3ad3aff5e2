#include "gate/params.h"

#include <algorithm>

#include "base/text.h"

namespace mlgate {

Params::Params(const YamlNode* node, std::string path, SourceLocation owner, ConfigErrors* errors)
    : node_(node), path_(std::move(path)), owner_(std::move(owner)), errors_(errors) {
  if (node_ && node_->kind == YamlNode::Kind::kNull) node_ = nullptr;
  if (node_ && !node_->IsMap()) {
    Error(node_->location, path_ + ": expected a mapping of settings, got " + node_->Describe());
    node_ = nullptr;
  }
}

void Params::Error(const SourceLocation& where, const std::string& message) {
  errors_->push_back(where.ToString() + ": " + message);
}

bool Params::Has(const std::string& key) const { return node_ && node_->Find(key); }

const YamlNode* Params::Get(const std::string& key) {
  known_.push_back(key);
  if (!node_) return nullptr;
  const YamlNode* v = node_->Find(key);
  if (v && v->kind == YamlNode::Kind::kNull) return nullptr;
  return v;
}

void Params::Allow(const std::string& key) { known_.push_back(key); }

std::string Params::String(const std::string& key, bool required, const std::string& fallback) {
  const YamlNode* v = Get(key);
  if (!v) {
    if (required) Error(location(), Key(key) + ": required key is missing; add `" + key + ": ...`");
    return fallback;
  }
  if (!v->IsScalar()) {
    Error(v->location, Key(key) + ": expected text, got " + v->Describe());
    return fallback;
  }
  return v->value;
}

std::vector<std::string> Params::StringList(const std::string& key, bool required) {
  const YamlNode* v = Get(key);
  std::vector<std::string> out;
  if (!v) {
    if (required) Error(location(), Key(key) + ": required key is missing; add `" + key + ": [...]`");
    return out;
  }
  if (v->IsScalar()) return {v->value};
  if (!v->IsSequence()) {
    Error(v->location, Key(key) + ": expected a list of text, got " + v->Describe());
    return out;
  }
  for (const auto& item : v->items) {
    if (!item.IsScalar()) {
      Error(item.location, Key(key) + ": expected text in the list, got " + item.Describe());
      continue;
    }
    out.push_back(item.value);
  }
  return out;
}

std::optional<double> ReadNumber(const YamlNode& node, const std::string& key, ConfigErrors* errors) {
  auto fail = [&](const std::string& why) {
    errors->push_back(node.location.ToString() + ": " + key + ": " + why);
    return std::nullopt;
  };
  if (!node.IsScalar()) return fail("expected a number, got " + node.Describe());
  if (node.quoted) return fail("expected a number, got the quoted text \"" + node.value + "\"; remove the quotes");
  std::optional<double> value = ParseStrictNumber(node.value);
  if (!value) {
    return fail("expected a finite decimal number, got \"" + node.value +
                "\" (NaN, infinity, hex and '_' separators are not accepted)");
  }
  return value;
}

std::optional<double> Params::Number(const std::string& key, double min, double max) {
  const YamlNode* v = Get(key);
  if (!v) return std::nullopt;
  std::optional<double> value = ReadNumber(*v, Key(key), errors_);
  if (!value) return std::nullopt;
  if (!(*value >= min && *value <= max)) {
    Error(v->location, Key(key) + ": " + FormatNumber(*value) + " is out of range; expected a number from " +
                           FormatNumber(min) + " to " + FormatNumber(max));
    return std::nullopt;
  }
  return value;
}

double Params::Number(const std::string& key, double min, double max, double fallback) {
  return Number(key, min, max).value_or(fallback);
}

bool Params::Bool(const std::string& key, bool fallback) {
  const YamlNode* v = Get(key);
  if (!v) return fallback;
  if (v->IsScalar() && !v->quoted && (v->value == "true" || v->value == "false")) return v->value == "true";
  Error(v->location, Key(key) + ": expected true or false, got " + v->Describe());
  return fallback;
}

std::string Params::Enum(const std::string& key, const std::vector<std::string>& allowed,
                         const std::string& fallback) {
  const YamlNode* v = Get(key);
  if (!v) return fallback;
  if (v->IsScalar()) {
    for (const auto& a : allowed) {
      if (v->value == a) return a;
    }
  }
  std::string message = Key(key) + ": expected one of " + Join(allowed, ", ") + ", got " + v->Describe();
  if (v->IsScalar()) {
    std::string near = SuggestNearest(v->value, allowed);
    if (!near.empty()) message += " (did you mean \"" + near + "\"?)";
  }
  Error(v->location, message);
  return fallback;
}

std::optional<Date> Params::DateParam(const std::string& key, bool required) {
  const YamlNode* v = Get(key);
  if (!v) {
    if (required) Error(location(), Key(key) + ": required key is missing; add `" + key + ": YYYY-MM-DD`");
    return std::nullopt;
  }
  std::optional<Date> d = v->IsScalar() ? ParseDate(v->value) : std::nullopt;
  if (!d) Error(v->location, Key(key) + ": expected a date YYYY-MM-DD, got " + v->Describe());
  return d;
}

std::optional<Threshold> Params::ThresholdParam(const std::string& key, double min, double max) {
  const YamlNode* v = Get(key);
  if (!v) return std::nullopt;
  if (!v->IsMap()) {
    std::optional<double> value = Number(key, min, max);
    if (!value) return std::nullopt;
    return Threshold{*value, std::nullopt, std::nullopt};
  }
  Params phased(v, Key(key), v->location, errors_);
  std::optional<double> value = phased.Number("value", min, max);
  std::optional<double> stricter = phased.Number("stricter", min, max);
  std::optional<Date> effective_on = phased.DateParam("effective_on", stricter.has_value());
  if (!phased.Has("value")) phased.Error(v->location, Key(key) + ".value: required key is missing");
  if (phased.Has("effective_on") && !phased.Has("stricter")) {
    phased.Error(v->location, Key(key) + ": effective_on needs `stricter:`, the value enforced from that date");
  }
  phased.Finish();
  if (!value) return std::nullopt;
  return Threshold{*value, stricter, effective_on};
}

Params Params::Child(const std::string& key) {
  const YamlNode* v = Get(key);
  return Params(v, Key(key), location(), errors_);
}

const YamlNode* Params::Raw(const std::string& key) { return Get(key); }

void Params::Finish() {
  if (!node_) return;
  for (const auto& entry : node_->entries) {
    bool known = false;
    for (const auto& k : known_) known = known || k == entry.key;
    if (known) continue;
    std::string message = Key(entry.key) + ": unknown key";
    std::string near = SuggestNearest(entry.key, known_);
    if (!near.empty()) {
      message += " (did you mean \"" + near + "\"?)";
    } else {
      std::vector<std::string> keys = known_;
      std::sort(keys.begin(), keys.end());
      keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
      message += "; known keys here: " + Join(keys, ", ");
    }
    Error(entry.key_location, message);
  }
}

}  // namespace mlgate
