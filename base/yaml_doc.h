// Strict YAML: parses configuration files into a small tree that remembers where
// every node came from (file, line, column), and refuses what yaml-cpp silently accepts:
// duplicate keys, anchors and aliases, YAML 1.1 booleans (off, no, y…), explicit tags,
// several documents, NUL bytes and invalid UTF-8. Numbers are not interpreted here: a
// scalar stays text until params.cc reads it with the type the schema wants.
//
// This file is the only place that catches yaml-cpp exceptions.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace mlgate {

struct SourceLocation {
  std::string file;
  int line = 0;    // 1-based; 0 when unknown
  int column = 0;  // 1-based
  std::string ToString() const;  // "file:line:col"
};

struct YamlNode {
  enum class Kind { kNull, kScalar, kSequence, kMap };
  struct Entry;

  Kind kind = Kind::kNull;
  std::string value;    // scalars
  bool quoted = false;  // a quoted scalar is always a string
  SourceLocation location;
  std::vector<YamlNode> items;  // sequences
  std::vector<Entry> entries;   // maps, in file order

  bool IsMap() const { return kind == Kind::kMap; }
  bool IsScalar() const { return kind == Kind::kScalar; }
  bool IsSequence() const { return kind == Kind::kSequence; }
  // The value of `key` in a map, or nullptr.
  const YamlNode* Find(std::string_view key) const;
  YamlNode* Find(std::string_view key);
  // "a mapping", "a list", "the text \"x\"" — for type errors.
  std::string Describe() const;
};

struct YamlNode::Entry {
  std::string key;
  SourceLocation key_location;
  YamlNode value;
};

struct YamlLimits {
  size_t max_bytes = 1 << 20;
  int max_depth = 64;
  // mlgate's own files refuse YAML 1.1 booleans (off, y, no…); files other tools write with
  // YAML 1.2 readers (DVC's ruamel: `y:` is a plot axis) read them as the text they are.
  bool refuse_yaml11_booleans = true;
};

// Parses one YAML document. `file` is used in locations and messages. An empty document
// (or one holding only comments or "---") is an error: a configuration must say something.
Status ParseYaml(std::string_view text, const std::string& file, YamlNode* root,
                 const YamlLimits& limits = {});

}  // namespace mlgate
