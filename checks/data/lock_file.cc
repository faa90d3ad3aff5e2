#include "checks/data/lock_file.h"

#include <rapidjson/prettywriter.h>
#include <rapidjson/stringbuffer.h>

#include <algorithm>

#include "base/data_hash.h"
#include "base/json_doc.h"
#include "base/text.h"

namespace mlgate {

const std::vector<std::string>& DefaultEnvironmentFiles() {
  static const std::vector<std::string> kFiles = {"requirements*.txt", "poetry.lock", "uv.lock", "environment.yml",
                                                   "Dockerfile"};
  return kFiles;
}

Status DeclaredFiles(const Workspace& workspace, const std::vector<std::string>& patterns,
                     const std::vector<std::string>& artifacts, std::vector<std::string>* out) {
  out->clear();
  for (const auto& pattern : patterns) {
    std::vector<std::string> found;
    Status s = workspace.Glob(pattern, &found);
    if (!s.ok()) return s;
    if (found.empty()) {
      return Status::NotFound("checks.reproducibility.files: \"" + pattern +
                              "\" matches no file; a declared file is missing (or fix the pattern)");
    }
    out->insert(out->end(), found.begin(), found.end());
  }
  for (const auto& artifact : artifacts) {
    if (!workspace.Exists(artifact)) return Status::NotFound(artifact + ": the model artifact is missing");
    std::vector<std::string> found;
    Status s = workspace.Glob(artifact, &found);
    if (s.ok() && found.empty()) s = workspace.Glob(artifact + "/**", &found);  // a directory artifact
    if (!s.ok()) return s;
    if (found.empty()) return Status::InvalidArgument(artifact + ": the model artifact holds no file");
    out->insert(out->end(), found.begin(), found.end());
  }
  for (const auto& pattern : DefaultEnvironmentFiles()) {
    std::vector<std::string> found;
    Status s = workspace.Glob(pattern, &found);
    if (!s.ok()) return s;
    out->insert(out->end(), found.begin(), found.end());
  }
  std::sort(out->begin(), out->end());
  out->erase(std::unique(out->begin(), out->end()), out->end());
  return Status::OK();
}

Status BuildLock(const Workspace& workspace, const std::vector<std::string>& patterns,
                 const std::vector<std::string>& artifacts, const std::function<void(unsigned long long)>& progress,
                 std::vector<LockEntry>* out) {
  std::vector<std::string> files;
  Status s = DeclaredFiles(workspace, patterns, artifacts, &files);
  if (!s.ok()) return s;
  std::vector<std::string> absolute(files.size());
  for (size_t i = 0; i < files.size(); ++i) {
    s = workspace.Resolve(files[i], &absolute[i]);
    if (!s.ok()) return s;
  }
  std::vector<FileHash> hashes = HashFiles(absolute, HashAlgorithm::kSha256, 0, progress, workspace.max_hashed_bytes());
  out->clear();
  for (size_t i = 0; i < files.size(); ++i) {
    if (!hashes[i].status.ok()) return hashes[i].status.WithContext(files[i]);
    out->push_back({files[i], hashes[i].hex, hashes[i].size});
  }
  return Status::OK();
}

std::string RenderLockFile(const std::vector<LockEntry>& entries) {
  rapidjson::StringBuffer buffer;
  rapidjson::PrettyWriter<rapidjson::StringBuffer> w(buffer);
  w.SetIndent(' ', 2);
  w.StartObject();
  w.Key("version");
  w.Int(1);
  w.Key("algorithm");
  w.String("sha256");
  w.Key("files");
  w.StartArray();
  std::vector<LockEntry> sorted = entries;
  std::sort(sorted.begin(), sorted.end(), [](const LockEntry& a, const LockEntry& b) { return a.path < b.path; });
  for (const auto& e : sorted) {
    w.StartObject();
    w.Key("path");
    w.String(e.path.c_str(), static_cast<rapidjson::SizeType>(e.path.size()));
    w.Key("sha256");
    w.String(e.sha256.c_str(), static_cast<rapidjson::SizeType>(e.sha256.size()));
    w.Key("size");
    w.Uint64(e.size);
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
  return std::string(buffer.GetString(), buffer.GetSize()) + "\n";
}

Status ParseLockFile(std::string_view text, const std::string& file, std::vector<LockEntry>* out) {
  JsonValue root;
  Status s = ParseJson(text, file, &root);
  if (!s.ok()) return s;
  const JsonValue* version = root.IsObject() ? root.Find("version") : nullptr;
  if (!version || !version->IsNumber() || version->number != 1) {
    return Status::Corruption(file + ": not an mlgate.lock of version 1; write it again with `mlgate lock`");
  }
  const JsonValue* algorithm = root.Find("algorithm");
  if (!algorithm || !algorithm->IsString() || algorithm->text != "sha256") {
    return Status::Corruption(file + ": algorithm must be \"sha256\"");
  }
  const JsonValue* files = root.Find("files");
  if (!files || !files->IsArray()) return Status::Corruption(file + ": files: expected an array");
  for (size_t i = 0; i < files->items.size(); ++i) {
    const JsonValue& f = files->items[i];
    std::string where = file + ": files[" + std::to_string(i) + "]";
    const JsonValue* path = f.IsObject() ? f.Find("path") : nullptr;
    const JsonValue* sha = f.IsObject() ? f.Find("sha256") : nullptr;
    const JsonValue* size = f.IsObject() ? f.Find("size") : nullptr;
    if (!path || !path->IsString() || path->text.empty()) return Status::Corruption(where + ".path: expected a path");
    if (!sha || !sha->IsString() || sha->text.size() != 64 ||
        sha->text.find_first_not_of("0123456789abcdef") != std::string::npos) {
      return Status::Corruption(where + ".sha256: expected 64 lower-case hex digits");
    }
    std::optional<long long> bytes = size && size->IsNumber() && size->integral ? ExactCount(size->number) : std::nullopt;
    if (!bytes) return Status::Corruption(where + ".size: expected a non-negative integer");
    out->push_back({path->text, sha->text, static_cast<unsigned long long>(*bytes)});
  }
  return Status::OK();
}

}  // namespace mlgate
