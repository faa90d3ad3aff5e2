#include "base/json_doc.h"

#include <rapidjson/error/en.h>
#include <rapidjson/reader.h>

#include <cmath>
#include <unordered_set>

#include "base/text.h"

namespace mlgate {

const JsonValue* JsonValue::Find(std::string_view key) const {
  for (const auto& member : members) {
    if (member.key == key) return &member.value;
  }
  return nullptr;
}

namespace {

class TreeBuilder : public rapidjson::BaseReaderHandler<rapidjson::UTF8<>, TreeBuilder> {
 public:
  explicit TreeBuilder(const JsonLimits& limits) : limits_(limits) {}

  bool Null() { return Add(JsonValue{}); }
  bool Bool(bool b) {
    JsonValue v;
    v.kind = JsonValue::Kind::kBool;
    v.boolean = b;
    return Add(std::move(v));
  }
  bool Int(int i) { return Integer(static_cast<double>(i)); }
  bool Uint(unsigned u) { return Integer(static_cast<double>(u)); }
  bool Int64(int64_t i) { return Integer(static_cast<double>(i)); }
  bool Uint64(uint64_t u) { return Integer(static_cast<double>(u)); }
  bool Double(double d) {
    if (!std::isfinite(d)) return Refuse("number is not finite");
    JsonValue v;
    v.kind = JsonValue::Kind::kNumber;
    v.number = d;
    return Add(std::move(v));
  }
  bool RawNumber(const char*, rapidjson::SizeType, bool) { return Refuse("raw numbers unsupported"); }
  bool String(const char* s, rapidjson::SizeType length, bool) {
    JsonValue v;
    v.kind = JsonValue::Kind::kString;
    v.text.assign(s, length);
    return Add(std::move(v));
  }
  bool StartObject() { return Open(JsonValue::Kind::kObject); }
  bool Key(const char* s, rapidjson::SizeType length, bool) {
    Frame& top = stack_.back();
    top.pending_key.assign(s, length);
    if (!top.keys.insert(top.pending_key).second) {
      return Refuse("duplicate key \"" + top.pending_key + "\"; a report must name each key once");
    }
    return true;
  }
  bool EndObject(rapidjson::SizeType) { return Close(); }
  bool StartArray() { return Open(JsonValue::Kind::kArray); }
  bool EndArray(rapidjson::SizeType) { return Close(); }

  const std::string& refusal() const { return refusal_; }
  JsonValue TakeRoot() { return std::move(root_); }

 private:
  struct Frame {
    JsonValue value;
    std::string pending_key;
    std::unordered_set<std::string> keys;
  };

  bool Refuse(std::string why) {
    refusal_ = std::move(why);
    return false;
  }

  bool Integer(double d) {
    JsonValue v;
    v.kind = JsonValue::Kind::kNumber;
    v.number = d;
    v.integral = true;
    return Add(std::move(v));
  }

  bool Open(JsonValue::Kind kind) {
    if (static_cast<int>(stack_.size()) >= limits_.max_depth) {
      return Refuse("nesting deeper than " + std::to_string(limits_.max_depth) + " levels");
    }
    Frame frame;
    frame.value.kind = kind;
    stack_.push_back(std::move(frame));
    return true;
  }

  bool Close() {
    JsonValue v = std::move(stack_.back().value);
    stack_.pop_back();
    return Add(std::move(v));
  }

  bool Add(JsonValue v) {
    if (++count_ > limits_.max_values) {
      return Refuse("more than " + std::to_string(limits_.max_values) + " values");
    }
    if (stack_.empty()) {
      root_ = std::move(v);
      return true;
    }
    Frame& top = stack_.back();
    if (top.value.kind == JsonValue::Kind::kArray) {
      top.value.items.push_back(std::move(v));
    } else {
      top.value.members.push_back({std::move(top.pending_key), std::move(v)});
    }
    return true;
  }

  JsonLimits limits_;
  std::vector<Frame> stack_;
  JsonValue root_;
  size_t count_ = 0;
  std::string refusal_;
};

}  // namespace

Status ParseJson(std::string_view text, const std::string& file, JsonValue* root,
                 const JsonLimits& limits) {
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  if (Trim(text).empty()) return Status::Corruption(file + ": is empty; expected a JSON document");
  TreeBuilder builder(limits);
  rapidjson::Reader reader;
  rapidjson::MemoryStream memory(text.data(), text.size());
  rapidjson::EncodedInputStream<rapidjson::UTF8<>, rapidjson::MemoryStream> stream(memory);
  constexpr unsigned kFlags = rapidjson::kParseIterativeFlag | rapidjson::kParseValidateEncodingFlag |
                              rapidjson::kParseStopWhenDoneFlag;
  rapidjson::ParseResult result = reader.Parse<kFlags>(stream, builder);
  if (result.IsError()) {
    int line, column;
    LineColumnOf(text, result.Offset(), &line, &column);
    std::string why = !builder.refusal().empty() ? builder.refusal()
                                                 : rapidjson::GetParseError_En(result.Code());
    return Status::Corruption(file + ":" + std::to_string(line) + ":" + std::to_string(column) +
                              ": invalid JSON: " + why);
  }
  // kParseStopWhenDoneFlag lets us report trailing garbage ourselves, with its position.
  size_t end = stream.Tell();
  std::string_view rest = Trim(text.substr(std::min(end, text.size())));
  if (!rest.empty()) {
    int line, column;
    LineColumnOf(text, text.size() - rest.size(), &line, &column);
    return Status::Corruption(file + ":" + std::to_string(line) + ":" + std::to_string(column) +
                              ": invalid JSON: text after the end of the document");
  }
  *root = builder.TakeRoot();
  return Status::OK();
}

}  // namespace mlgate
