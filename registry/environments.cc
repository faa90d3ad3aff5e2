#include "registry/environments.h"

#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>

#include "base/json_doc.h"
#include "base/text.h"
#include "gate/workspace.h"
#include "registry/file_registry.h"
#include "registry/promotion.h"

namespace mlgate {

namespace fs = std::filesystem;

std::string RegistryRoot(const Config& config, const EnvironmentSpec& env) {
  return (fs::path(config.root) / env.registry).lexically_normal().string();
}

Status ReadAttestationSigners(const Config& config, const EnvironmentSpec& env, std::string* text) {
  text->clear();
  if (env.attestation_signers.empty()) return Status::OK();
  Workspace workspace(config.root, config.max_evidence_bytes, config.max_artifact_bytes);
  EvidenceFile file;
  Status s = workspace.Read(env.attestation_signers, &file);
  if (!s.ok()) return s.WithContext("environments." + env.name + ".attestation_signers");
  *text = std::string(file.bytes);
  if (Trim(*text).empty()) return Status::InvalidArgument(env.attestation_signers + ": no allowed signers in it");
  return Status::OK();
}

std::vector<PromotionEvent> ReadPromotionHistory(const Config& config, const std::string& environment,
                                                 const std::string& model) {
  const EnvironmentSpec* env = config.FindEnvironment(environment);
  if (!env || env->registry.empty() || !IsSafeName(model)) return {};
  fs::path history = fs::path(RegistryRoot(config, *env)) / model / "HISTORY";
  std::error_code ec;
  if (!fs::is_regular_file(history, ec) || fs::file_size(history, ec) > (4u << 20)) return {};
  std::ifstream in(history, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return ParseHistory(text.str());
}

std::vector<EnvironmentStatus> CollectStatus(const Config& config, const std::string& only, bool verify) {
  std::vector<EnvironmentStatus> rows;
  for (const auto& model : config.models) {
    if (!only.empty() && model.name != only) continue;
    for (const auto& env : config.environments) {
      if (env.registry.empty()) continue;
      EnvironmentStatus row;
      row.model = model.name;
      row.environment = env.name;
      row.verified = verify;
      std::string root = RegistryRoot(config, env);
      std::string manifest, signers;
      VersionHealth health;
      Status s;
      if (fs::exists(fs::path(root) / model.name)) {
        std::unique_ptr<FileRegistry> registry;
        s = FileRegistry::Open(root, model.name, &registry);
        if (s.ok()) s = registry->Current(&row.live);
        if (s.ok() && !row.live.empty()) s = registry->ReadFile(row.live, "manifest.json", &manifest);
        if (s.ok() && !row.live.empty() && verify) s = ReadAttestationSigners(config, env, &signers);
        if (s.ok() && !row.live.empty() && verify) {
          s = InspectVersion(*registry, row.live, signers, config.max_artifact_bytes, &health);
        }
      }
      row.problem = s.ok() ? health.problem : s.message();
      row.signer = health.signer;
      JsonValue m;
      if (!manifest.empty() && ParseJson(manifest, "manifest.json", &m).ok() && m.IsObject()) {
        auto text = [&](const char* key) {
          const JsonValue* v = m.Find(key);
          return v && v->IsString() ? v->text : std::string();
        };
        row.promoted_at = text("promoted_at");
        row.commit = text("source_commit");
        row.tag = text("tag");
        row.verdict = text("verdict");
      }
      rows.push_back(std::move(row));
    }
  }
  return rows;
}

std::string StatusJson(const std::vector<EnvironmentStatus>& rows) {
  auto str = [](const std::string& v) { return v.empty() ? std::string("null") : PythonJsonString(v); };
  std::ostringstream json;
  json << "{\"models\": [";
  for (size_t i = 0; i < rows.size(); ++i) {
    const auto& r = rows[i];
    json << (i ? ", " : "") << "{\"model\": " << str(r.model) << ", \"environment\": " << str(r.environment)
         << ", \"live\": " << str(r.live) << ", \"promoted_at\": " << str(r.promoted_at)
         << ", \"commit\": " << str(r.commit) << ", \"tag\": " << str(r.tag) << ", \"verdict\": " << str(r.verdict)
         << ", \"verified\": " << (r.verified ? (r.problem.empty() ? "true" : "false") : "null")
         << ", \"attestation_signer\": " << str(r.signer) << ", \"problem\": " << str(r.problem) << "}";
  }
  json << "]}";
  return json.str();
}

}  // namespace mlgate
