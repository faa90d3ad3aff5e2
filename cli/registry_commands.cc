// The commands that change or show the registries: promote, rollback, status.
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <iostream>
#include <sstream>

#include "base/data_hash.h"
#include "base/hash.h"
#include "base/json_doc.h"
#include "base/signature.h"
#include "base/text.h"
#include "cli/commands.h"
#include "gate/artifact.h"
#include "gate/workspace.h"
#include "registry/attestation.h"
#include "registry/file_registry.h"
#include "registry/promotion.h"

namespace mlgate::cli {

namespace fs = std::filesystem;

namespace {

// How long a promotion waits for another one of the same model to finish.
constexpr int kLockWaitMs = 120'000;

// The crash tests' hook: MLGATE_TEST_KILL_AT_STEP=N makes the process SIGKILL itself at
// the Nth file-system step of a promotion or rollback (registry writes and the git tag),
// as a power cut would stop it; with N past the last step it prints how many there were.
// It can do nothing a user's own `kill -9` could not.
class StepCounter {
 public:
  StepCounter() {
    const char* at = std::getenv("MLGATE_TEST_KILL_AT_STEP");
    kill_at_ = at ? std::atol(at) : 0;
  }
  ~StepCounter() {
    if (kill_at_ > 0) std::cerr << "mlgate: test hook: " << steps_ << " steps\n";
  }
  void Step() {
    if (kill_at_ > 0 && ++steps_ == kill_at_) ::kill(::getpid(), SIGKILL);
  }
  FileRegistry::StepHook Hook() {
    return [this](const char*) { Step(); };
  }

 private:
  long kill_at_ = 0;
  long steps_ = 0;
};

// The tag recording the next promotion or rollback: mlgate/<model>/<env>/<n>, counting on.
Status NextTag(const GitRepo& repo, const std::string& model, const std::string& env, std::string* tag) {
  std::string prefix = "mlgate/" + model + "/" + env + "/";
  std::vector<std::string> earlier;
  Status s = repo.TagTargets(prefix, &earlier);
  if (s.ok()) *tag = prefix + std::to_string(earlier.size() + 1);
  return s;
}

// The environment's allowed signers for attestations (empty when it names none).
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

// The key attestations into `env` are signed with: $MLGATE_SIGNING_KEY (how a CI secret
// arrives), else signing_key (relative to mlgate.yaml's directory); empty: none.
std::string SigningKey(const Config& config, const EnvironmentSpec& env) {
  const char* from_env = std::getenv("MLGATE_SIGNING_KEY");
  if (from_env && *from_env) return from_env;
  if (env.signing_key.empty() || fs::path(env.signing_key).is_absolute()) return env.signing_key;
  return (fs::path(config.root) / env.signing_key).string();
}

// Opens a model's registry in an environment, for reading only: never creates it.
Status OpenExisting(const std::string& root, const std::string& model, std::unique_ptr<FileRegistry>* registry) {
  if (!fs::exists(fs::path(root) / model)) return Status::NotFound(model + " was never promoted into " + root);
  return FileRegistry::Open(root, model, registry);
}

// `--from ENV`: the live version of ENV's registry is what gets copied, once it holds
// (files and attestation) and is the very artifact the gate judged.
int SourceFromRegistry(const Config& config, const std::string& from, const Decision& d, std::string* source) {
  const EnvironmentSpec* env = config.FindEnvironment(from);
  if (!env || env->registry.empty())
    return Fail("--from " + from + ": no such environment with a registry in " + config.file);
  std::string root = RegistryRoot(config, *env), signers, live;
  std::unique_ptr<FileRegistry> registry;
  Status s = ReadAttestationSigners(config, *env, &signers);
  if (s.ok()) s = OpenExisting(root, d.model_name, &registry);
  if (s.ok()) s = registry->Current(&live);
  if (!s.ok()) return Fail("--from " + from + ": " + s.message());
  if (live.empty()) return Fail("--from " + from + ": no version of " + d.model_name + " is live there");
  VersionHealth health;
  s = InspectVersion(*registry, live, signers, config.max_artifact_bytes, &health);
  if (!s.ok()) return Fail("--from " + from + ": " + s.message());
  if (!health.problem.empty()) {
    std::cout << "not promoted: " << from << "'s live version " << live << " does not hold: " << health.problem << "\n";
    return kExitFail;
  }
  if (health.sha256 != d.model_sha256) {
    std::cout << "not promoted: " << from << "'s live version is sha256 " << health.sha256.substr(0, 16)
              << "…, but the gate judged " << d.model_artifact << " at " << d.model_sha256.substr(0, 16)
              << "…; promote that artifact to " << from << " first, or promote from the repository\n";
    return kExitFail;
  }
  *source = registry->ArtifactPath(live);
  return kExitPass;
}

}  // namespace

// `mlgate promote MODEL --to ENV [--from ENV]`: the gate for ENV; on pass the artifact
// (from the repository, or the --from environment's live version) goes into ENV's registry
// with its manifest and attestation (registry/file_registry.h: copied, hashed while copied, synced,
// renamed; CURRENT last), recorded by an annotated tag mlgate/<model>/<env>/<n> and a
// HISTORY line. On fail nothing changes there.
int RunPromote(const Config& config, const Decision& d, const std::string& report_json, const std::string& from) {
  const EnvironmentSpec* env = config.FindEnvironment(d.environment);
  if (d.verdict != "pass") {
    std::cout << "not promoted: the gate failed for " << d.environment << "; its registry is unchanged\n";
    return kExitFail;
  }
  if (!env || env->registry.empty()) {
    return Fail("environments." + d.environment + " has no registry: to promote, give it one (registry: DIR)");
  }
  if (d.model_name.empty() || d.model_sha256.empty()) return Fail("no model artifact was judged; nothing to promote");
  if (from == d.environment) return Fail("--from and --to are both " + from);
  std::string source = (fs::path(config.root) / d.model_artifact).string();
  if (!from.empty()) {
    int rc = SourceFromRegistry(config, from, d, &source);
    if (rc != kExitPass) return rc;
  }
  std::string signers, key = SigningKey(config, *env);
  Status s = ReadAttestationSigners(config, *env, &signers);
  if (!s.ok()) return Fail(s.message());
  if (!signers.empty() && key.empty()) {
    return Fail("environments." + env->name +
                " requires signed attestations (attestation_signers): give the key "
                "with MLGATE_SIGNING_KEY or signing_key");
  }
  StepCounter steps;
  std::string root = RegistryRoot(config, *env);
  std::unique_ptr<FileRegistry> registry;
  std::unique_ptr<FileRegistry::Lock> lock;
  s = FileRegistry::Open(root, d.model_name, &registry);
  if (s.ok()) {
    registry->set_step_hook(steps.Hook());
    s = registry->Acquire(&lock, kLockWaitMs, [](long pid) {
      std::cerr << "mlgate: waiting for the promotion running as pid " << pid << "\n";
    });
  }
  if (s.ok()) s = registry->CleanLeftovers();
  std::string live;
  if (s.ok()) s = registry->Current(&live);
  if (!s.ok()) return Fail(s.message());
  PromotionFacts facts;
  facts.version = d.model_sha256.substr(0, 16);
  if (live == facts.version) {
    std::cout << d.model_name << " " << facts.version << " is already live in " << d.environment << "; nothing to do\n";
    return kExitPass;
  }
  std::unique_ptr<GitRepo> repo;
  s = GitRepo::Open(config.root, &repo);
  if (!s.ok()) return Fail("promotions are recorded in git: " + s.message());
  s = NextTag(*repo, d.model_name, d.environment, &facts.tag);
  if (!s.ok()) return Fail(s.message());
  facts.report_sha256 = Sha256Hex(report_json);
  facts.time = UtcNow();
  ArtifactDigestResult digest;
  s = ArtifactDigest(source, config.max_artifact_bytes, &digest);
  if (!s.ok()) return Fail(s.message());
  facts.size = digest.size;
  std::vector<std::pair<std::string, std::string>> files = {{"manifest.json", RenderManifest(d, facts)},
                                                            {kAttestationFile, RenderAttestation(d, facts)}};
  std::string signer;
  if (!key.empty()) {
    std::string signature;
    s = SignWithSshKey(files[1].second, key, kAttestationNamespace, &signature);
    if (!s.ok()) return Fail(s.message());
    files.emplace_back(kAttestationSignatureFile, signature);
    // Checked before anything is written: a key the registry's signers do not list would
    // publish a version that fails its own verification.
    AttestationCheck check;
    if (!signers.empty()) {
      s = CheckAttestation({files[1].second, signature}, d.model_sha256, signers, &check);
      if (!s.ok()) return Fail(s.message());
      if (!check.problem.empty()) return Fail("not promoted: " + check.problem + " (" + env->attestation_signers + ")");
    }
    signer = check.signer;
  }
  std::string version;
  bool existed = false;
  s = registry->Publish(source, d.model_sha256, files, &version, &existed);
  // The tag first: a version recorded but not yet live is harmless; a live one unrecorded is not.
  if (s.ok()) {
    steps.Step();
    s = repo->CreateTag(facts.tag, PromotionTagMessage(d, facts));
  }
  if (s.ok()) s = registry->AppendHistory(HistoryLine("promote", version, live, facts.tag, d.git_commit, facts.time));
  if (s.ok()) s = registry->SetCurrent(version);
  if (!s.ok()) return Fail("promotion stopped: " + s.message() + (live.empty() ? "" : "; " + live + " stays live"));
  std::cout << "promoted " << d.model_name << " " << version << " to " << d.environment << " (" << root << "/"
            << d.model_name << (from.empty() ? "" : ", from " + from) << "), recorded as tag " << facts.tag
            << (live.empty() ? "" : "; was " + live) << "\n"
            << "attestation " << kAttestationFile
            << (key.empty()      ? " (unsigned)"
                : signer.empty() ? " (signed)"
                                 : " (signed, verified for " + signer + ")")
            << "\n";
  return kExitPass;
}

// `mlgate status [MODEL]`: each model's live version per environment with a registry;
// with --verify, whether its files and attestation still hold.
std::string RegistryRoot(const Config& config, const EnvironmentSpec& env) {
  return (fs::path(config.root) / env.registry).lexically_normal().string();
}

void AddPromotionHistory(const Config& config, Decision* decision) {
  const EnvironmentSpec* env = config.FindEnvironment(decision->environment);
  if (!env || env->registry.empty() || decision->model_name.empty()) return;
  fs::path history = fs::path(RegistryRoot(config, *env)) / decision->model_name / "HISTORY";
  std::error_code ec;
  if (!fs::is_regular_file(history, ec) || fs::file_size(history, ec) > (4u << 20)) return;
  std::ifstream in(history, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  decision->promotions = ParseHistory(text.str());
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
        if (s.ok() && !row.live.empty() && verify) s = InspectVersion(*registry, row.live, signers, config.max_artifact_bytes, &health);
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

int RunStatus(const CommonOptions& common, const std::string& only, bool verify, const std::string& format) {
  Config config;
  GateOptions gate;
  std::vector<ConfiguredCheck> checks;
  if (!LoadPolicy(common, false, &config, &gate, &checks)) return kExitCannotRun;
  if (!only.empty() && !config.FindModel(only))
    return Fail("no model \"" + only + "\" under models: in " + config.file);
  std::vector<EnvironmentStatus> rows = CollectStatus(config, only, verify);
  bool broken = std::any_of(rows.begin(), rows.end(), [](const EnvironmentStatus& r) { return !r.problem.empty(); });
  if (format == "json") {
    std::cout << StatusJson(rows) << "\n";
    return broken ? kExitFail : kExitPass;
  }
  for (const auto& r : rows) {
    std::cout << r.model << " in " << r.environment << ": "
              << (r.live.empty() ? "never promoted"
                                 : r.live + " since " + r.promoted_at + " from commit " + r.commit.substr(0, 12) +
                                       " (" + r.tag + ", gate " + r.verdict + ")")
              << (verify && !r.live.empty() && r.problem.empty()
                      ? ", files match the manifest" +
                            (r.signer.empty() ? std::string() : ", attestation signed by " + r.signer)
                      : "")
              << (r.problem.empty() ? "" : ", BROKEN: " + r.problem) << "\n";
  }
  return broken ? kExitFail : kExitPass;
}

// `mlgate rollback MODEL --env ENV [--to VERSION]`: CURRENT back to a version already in
// the registry — the named one, else the one promoted most recently before the live one —
// after checking its files and attestation still hold, recorded by its own tag and a
// HISTORY line.
int RunRollback(const CommonOptions& common, const std::string& model, const std::string& to) {
  Config config;
  GateOptions gate;
  std::vector<ConfiguredCheck> checks;
  if (!LoadPolicy(common, false, &config, &gate, &checks)) return kExitCannotRun;
  if (!config.FindModel(model)) return Fail("no model \"" + model + "\" under models: in " + config.file);
  const EnvironmentSpec* env = config.FindEnvironment(common.environment);
  if (!env || env->registry.empty()) return Fail("environments." + common.environment + " has no registry");
  std::string root = RegistryRoot(config, *env), signers;
  StepCounter steps;
  std::unique_ptr<FileRegistry> registry;
  std::unique_ptr<FileRegistry::Lock> lock;
  std::string live;
  std::vector<std::string> versions;
  Status s = ReadAttestationSigners(config, *env, &signers);
  if (s.ok()) s = OpenExisting(root, model, &registry);
  if (s.ok()) {
    registry->set_step_hook(steps.Hook());
    s = registry->Acquire(&lock, kLockWaitMs);
  }
  if (s.ok()) s = registry->CleanLeftovers();
  if (s.ok()) s = registry->Current(&live);
  if (s.ok()) s = registry->Versions(&versions);
  if (!s.ok()) return Fail(s.message());
  std::string target = to;
  if (target.empty()) {
    // The latest promotion before the live one, by the time each manifest records.
    std::string latest;
    for (const auto& v : versions) {
      std::string manifest;
      JsonValue m;
      if (v == live || !registry->ReadFile(v, "manifest.json", &manifest).ok() || !ParseJson(manifest, v, &m).ok()) {
        continue;
      }
      const JsonValue* at = m.IsObject() ? m.Find("promoted_at") : nullptr;
      std::string when = at && at->IsString() ? at->text : "";
      if (target.empty() || when > latest) {
        target = v;
        latest = when;
      }
    }
    if (target.empty()) return Fail("no earlier version of " + model + " in " + root + " to roll back to");
  } else if (std::find(versions.begin(), versions.end(), target) == versions.end()) {
    return Fail("version " + target + " is not in " + root + "/" + model + " (versions: " + Join(versions, ", ") + ")");
  }
  if (target == live) {
    std::cout << model << " " << target << " is already live in " << env->name << "; nothing to do\n";
    return kExitPass;
  }
  VersionHealth health;
  s = InspectVersion(*registry, target, signers, config.max_artifact_bytes, &health);
  if (!s.ok()) return Fail(s.message());
  if (!health.problem.empty()) {
    return Fail("rollback refused: version " + target + " no longer matches what was promoted: " + health.problem);
  }
  std::unique_ptr<GitRepo> repo;
  std::string tag, head, now = UtcNow();
  s = GitRepo::Open(config.root, &repo);
  if (s.ok()) s = NextTag(*repo, model, env->name, &tag);
  if (s.ok()) {
    repo->HeadCommit(&head);
    steps.Step();
    s = repo->CreateTag(tag, "rollback " + model + " to " + target + " in " + env->name +
                                 (live.empty() ? "" : " (was " + live + ")") + "\n\nat " + now + "\n");
  }
  if (s.ok()) s = registry->AppendHistory(HistoryLine("rollback", target, live, tag, head, now));
  if (s.ok()) s = registry->SetCurrent(target);
  if (!s.ok()) return Fail("rollback stopped: " + s.message() + (live.empty() ? "" : "; " + live + " stays live"));
  std::cout << "rolled " << model << " in " << env->name << " back to " << target << " (was " << live
            << "), recorded as tag " << tag << "\n";
  return kExitPass;
}

}  // namespace mlgate::cli
