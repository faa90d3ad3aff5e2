#include "base/yaml_doc.h"

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/mark.h>
#include <yaml-cpp/parser.h>

#include <set>
#include <sstream>

#include "base/text.h"

namespace mlgate {

std::string SourceLocation::ToString() const {
  if (line <= 0) return file;
  return file + ":" + std::to_string(line) + ":" + std::to_string(column);
}

const YamlNode* YamlNode::Find(std::string_view key) const {
  for (const auto& entry : entries) {
    if (entry.key == key) return &entry.value;
  }
  return nullptr;
}

YamlNode* YamlNode::Find(std::string_view key) {
  for (auto& entry : entries) {
    if (entry.key == key) return &entry.value;
  }
  return nullptr;
}

std::string YamlNode::Describe() const {
  switch (kind) {
    case Kind::kNull: return "an empty value";
    case Kind::kMap: return "a mapping";
    case Kind::kSequence: return "a list";
    case Kind::kScalar: return (quoted ? "the quoted text \"" : "\"") + value + "\"";
  }
  return "a value";
}

namespace {

// Plain scalars YAML 1.1 reads as booleans; yaml-cpp converts them too. We accept only
// true/false so that `enforce: off` can never mean something the author did not intend.
bool IsYaml11Boolean(const std::string& v) {
  static const std::set<std::string> kWords = {"y", "Y", "yes", "Yes", "YES", "n", "N",
                                               "no", "No", "NO", "on", "On", "ON",
                                               "off", "Off", "OFF"};
  return kWords.count(v) > 0;
}

// What the strict builder refuses; thrown inside yaml-cpp's parse and caught in ParseYaml.
struct StrictError {
  SourceLocation where;
  std::string message;
};

class StrictBuilder : public YAML::EventHandler {
 public:
  StrictBuilder(std::string file, int max_depth, bool refuse_yaml11_booleans)
      : file_(std::move(file)), max_depth_(max_depth), refuse_yaml11_booleans_(refuse_yaml11_booleans) {}

  void OnDocumentStart(const YAML::Mark&) override {}
  void OnDocumentEnd() override {}

  void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    CheckAnchor(mark, anchor);
    YamlNode node;
    node.kind = YamlNode::Kind::kNull;
    node.location = At(mark);
    Add(std::move(node));
  }

  void OnAlias(const YAML::Mark& mark, YAML::anchor_t) override {
    Fail(mark, "aliases (*name) are not allowed in mlgate configuration; write the value out");
  }

  void OnAnchor(const YAML::Mark& mark, const std::string&) override {
    Fail(mark, "anchors (&name) are not allowed in mlgate configuration; write the value out");
  }

  void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                const std::string& value) override {
    CheckAnchor(mark, anchor);
    CheckTag(mark, tag);
    YamlNode node;
    node.kind = YamlNode::Kind::kScalar;
    node.value = value;
    node.quoted = tag == "!";
    node.location = At(mark);
    if (refuse_yaml11_booleans_ && !node.quoted && IsYaml11Boolean(value)) {
      Fail(mark, "\"" + value + "\" is a YAML 1.1 boolean that readers disagree on; write true or "
                 "false, or quote it if you mean the text");
    }
    Add(std::move(node));
  }

  void OnSequenceStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value) override {
    Open(mark, tag, anchor, YamlNode::Kind::kSequence);
  }
  void OnSequenceEnd() override { Close(); }

  void OnMapStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                  YAML::EmitterStyle::value) override {
    Open(mark, tag, anchor, YamlNode::Kind::kMap);
  }
  void OnMapEnd() override { Close(); }

  bool has_root() const { return has_root_; }
  YamlNode TakeRoot() { return std::move(root_); }

 private:
  struct Frame {
    YamlNode node;
    bool expecting_key = true;  // maps only
    YamlNode pending_key;
    std::set<std::string> keys;
  };

  SourceLocation At(const YAML::Mark& mark) const { return {file_, mark.line + 1, mark.column + 1}; }

  [[noreturn]] void Fail(const YAML::Mark& mark, const std::string& message) {
    throw StrictError{At(mark), message};
  }

  void CheckAnchor(const YAML::Mark& mark, YAML::anchor_t anchor) {
    if (anchor != YAML::NullAnchor) {
      Fail(mark, "anchors (&name) are not allowed in mlgate configuration; write the value out");
    }
  }

  void CheckTag(const YAML::Mark& mark, const std::string& tag) {
    if (!tag.empty() && tag != "?" && tag != "!") {
      Fail(mark, "explicit YAML tags (" + tag + ") are not supported; remove the tag");
    }
  }

  void Open(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
            YamlNode::Kind kind) {
    CheckAnchor(mark, anchor);
    CheckTag(mark, tag);
    if (static_cast<int>(stack_.size()) >= max_depth_) {
      Fail(mark, "nesting deeper than " + std::to_string(max_depth_) + " levels");
    }
    Frame frame;
    frame.node.kind = kind;
    frame.node.location = At(mark);
    stack_.push_back(std::move(frame));
  }

  void Close() {
    YamlNode node = std::move(stack_.back().node);
    stack_.pop_back();
    Add(std::move(node));
  }

  void Add(YamlNode node) {
    if (stack_.empty()) {
      root_ = std::move(node);
      has_root_ = true;
      return;
    }
    Frame& top = stack_.back();
    if (top.node.kind == YamlNode::Kind::kSequence) {
      top.node.items.push_back(std::move(node));
      return;
    }
    if (top.expecting_key) {
      if (node.kind != YamlNode::Kind::kScalar) {
        throw StrictError{node.location, "mapping keys must be plain text, not " + node.Describe()};
      }
      if (!top.keys.insert(node.value).second) {
        throw StrictError{node.location,
                          "duplicate key \"" + node.value + "\"; each key may appear once — remove one of them"};
      }
      top.pending_key = std::move(node);
      top.expecting_key = false;
      return;
    }
    YamlNode::Entry entry;
    entry.key = top.pending_key.value;
    entry.key_location = top.pending_key.location;
    entry.value = std::move(node);
    top.node.entries.push_back(std::move(entry));
    top.expecting_key = true;
  }

  std::string file_;
  int max_depth_;
  bool refuse_yaml11_booleans_;
  std::vector<Frame> stack_;
  YamlNode root_;
  bool has_root_ = false;
};

}  // namespace

Status ParseYaml(std::string_view text, const std::string& file, YamlNode* root,
                 const YamlLimits& limits) {
  if (text.size() > limits.max_bytes) {
    return Status::Limit(file + ": " + std::to_string(text.size()) + " bytes is over the " +
                         std::to_string(limits.max_bytes) + "-byte limit for configuration files");
  }
  if (text.size() >= 2 && ((text[0] == '\xFF' && text[1] == '\xFE') || (text[0] == '\xFE' && text[1] == '\xFF'))) {
    return Status::Corruption(file + ": is UTF-16; save it as UTF-8");
  }
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  if (size_t nul = text.find('\0'); nul != std::string_view::npos) {
    int line, column;
    LineColumnOf(text, nul, &line, &column);
    return Status::Corruption(file + ":" + std::to_string(line) + ":" + std::to_string(column) +
                              ": NUL byte; this is not a text file");
  }
  if (!IsValidUtf8(text)) return Status::Corruption(file + ": is not valid UTF-8; save it as UTF-8");

  std::istringstream stream{std::string(text)};
  StrictBuilder builder(file, limits.max_depth, limits.refuse_yaml11_booleans);
  try {
    YAML::Parser parser(stream);
    if (!parser.HandleNextDocument(builder) || !builder.has_root()) {
      return Status::InvalidArgument(file + ": the file is empty; it needs at least `version: 1`");
    }
    StrictBuilder second(file, limits.max_depth, limits.refuse_yaml11_booleans);
    if (parser.HandleNextDocument(second)) {
      return Status::InvalidArgument(file + ": holds several YAML documents (---); keep one");
    }
  } catch (const StrictError& e) {
    return Status::InvalidArgument(e.where.ToString() + ": " + e.message);
  } catch (const YAML::Exception& e) {
    // yaml-cpp marks are 0-based; an unknown mark is -1.
    std::string where = file;
    if (e.mark.line >= 0) where += ":" + std::to_string(e.mark.line + 1) + ":" + std::to_string(e.mark.column + 1);
    return Status::InvalidArgument(where + ": " + e.msg);
  }
  *root = builder.TakeRoot();
  if (root->kind == YamlNode::Kind::kNull) {
    return Status::InvalidArgument(file + ": the file is empty; it needs at least `version: 1`");
  }
  return Status::OK();
}

}  // namespace mlgate
