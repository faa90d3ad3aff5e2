#include "checks/data/dvc_files.h"

#include "base/text.h"
#include "base/yaml_doc.h"

namespace mlgate {

namespace {

constexpr size_t kMaxPipelineFile = 64 << 20;

std::string At(const YamlNode& node) { return node.location.ToString(); }

Status Scalar(const YamlNode& entry, const char* key, std::string* out) {
  const YamlNode* v = entry.Find(key);
  if (!v) return Status::OK();
  if (!v->IsScalar()) return Status::Corruption(At(*v) + ": " + key + ": expected a value, got " + v->Describe());
  *out = v->value;
  return Status::OK();
}

Status Count(const YamlNode& entry, const char* key, long long* out) {
  std::string text;
  Status s = Scalar(entry, key, &text);
  if (!s.ok() || text.empty()) return s;
  std::optional<double> v = ParseStrictNumber(text);
  std::optional<long long> count = v ? ExactCount(*v) : std::nullopt;
  if (!count) {
    return Status::Corruption(At(*entry.Find(key)) + ": " + key + ": expected a whole number, got \"" + text + "\"");
  }
  *out = *count;
  return Status::OK();
}

Status ReadEntries(const YamlNode& stage, const std::string& name, const char* key, bool is_out, DvcLock* out) {
  const YamlNode* list = stage.Find(key);
  if (!list) return Status::OK();
  if (!list->IsSequence()) return Status::Corruption(At(*list) + ": stages." + name + "." + key + ": expected a list");
  for (const auto& item : list->items) {
    if (!item.IsMap()) return Status::Corruption(At(item) + ": stages." + name + "." + key + ": expected a mapping");
    DvcEntry e;
    e.stage = name;
    e.is_out = is_out;
    e.line = item.location.line;
    std::string hash;
    Status s = Scalar(item, "path", &e.path);
    if (s.ok()) s = Scalar(item, "md5", &e.md5);
    if (s.ok()) s = Scalar(item, "hash", &hash);
    if (s.ok()) s = Count(item, "size", &e.size);
    if (s.ok()) s = Count(item, "nfiles", &e.nfiles);
    if (!s.ok()) return s;
    if (e.path.empty()) return Status::Corruption(At(item) + ": stages." + name + "." + key + ": an entry without path");
    if (!hash.empty() && hash != "md5") {
      return Status::Corruption(At(*item.Find("hash")) + ": hash: \"" + hash + "\" is not a hash mlgate knows (md5)");
    }
    e.legacy = hash.empty();
    out->entries.push_back(std::move(e));
  }
  return Status::OK();
}

// DVC's files are YAML 1.2 written by ruamel: `y:` is a key, not a boolean.
Status ParsePipelineYaml(std::string_view text, const std::string& file, YamlNode* root) {
  YamlLimits limits;
  limits.max_bytes = kMaxPipelineFile;
  limits.refuse_yaml11_booleans = false;
  return ParseYaml(text, file, root, limits);
}

}  // namespace

std::string DvcPathBase(const std::string& dvc_file) {
  size_t slash = dvc_file.rfind('/');
  return slash == std::string::npos ? "" : dvc_file.substr(0, slash + 1);
}

Status ParseDvcLock(std::string_view text, const std::string& file, DvcLock* out) {
  YamlNode root;
  Status s = ParsePipelineYaml(text, file, &root);
  if (!s.ok()) return s;
  const YamlNode* schema = root.IsMap() ? root.Find("schema") : nullptr;
  if (!schema) {
    return Status::Corruption(file + ": no schema key; DVC 1's dvc.lock is not supported — run `dvc commit` with DVC 2 or 3");
  }
  if (!schema->IsScalar() || schema->value != "2.0") {
    return Status::Corruption(At(*schema) + ": dvc.lock schema \"" + (schema->IsScalar() ? schema->value : "?") +
                              "\"; mlgate reads schema 2.0 (DVC 2 and 3)");
  }
  const YamlNode* stages = root.Find("stages");
  if (!stages) return Status::OK();
  if (!stages->IsMap()) return Status::Corruption(At(*stages) + ": stages: expected a mapping");
  for (const auto& stage : stages->entries) {
    if (!stage.value.IsMap()) return Status::Corruption(At(stage.value) + ": stages." + stage.key + ": expected a mapping");
    s = ReadEntries(stage.value, stage.key, "deps", false, out);
    if (s.ok()) s = ReadEntries(stage.value, stage.key, "outs", true, out);
    if (!s.ok()) return s;
  }
  return Status::OK();
}

Status ParseDvcYaml(std::string_view text, const std::string& file, std::vector<DvcStage>* out) {
  YamlNode root;
  Status s = ParsePipelineYaml(text, file, &root);
  if (!s.ok()) return s;
  const YamlNode* stages = root.IsMap() ? root.Find("stages") : nullptr;
  if (!stages) return Status::OK();
  if (!stages->IsMap()) return Status::Corruption(At(*stages) + ": stages: expected a mapping");
  for (const auto& e : stages->entries) {
    DvcStage stage;
    stage.name = e.key;
    stage.line = e.key_location.line;
    const YamlNode* body = &e.value;
    if (body->IsMap() && body->Find("do")) body = body->Find("do");  // foreach/matrix
    if (!body->IsMap()) return Status::Corruption(At(e.value) + ": stages." + e.key + ": expected a mapping");
    for (auto [key, list] : {std::pair{"deps", &stage.deps}, std::pair{"outs", &stage.outs}}) {
      const YamlNode* items = body->Find(key);
      if (!items) continue;
      if (!items->IsSequence()) return Status::Corruption(At(*items) + ": stages." + e.key + "." + key + ": expected a list");
      for (const auto& item : items->items) {
        if (item.IsScalar()) {
          list->push_back(item.value);
        } else if (item.IsMap() && item.entries.size() == 1) {  // outs: [{path: {cache: false}}]
          list->push_back(item.entries[0].key);
        } else {
          return Status::Corruption(At(item) + ": stages." + e.key + "." + key + ": expected a path");
        }
      }
    }
    out->push_back(std::move(stage));
  }
  return Status::OK();
}

}  // namespace mlgate
