#include "registry/transaction.h"

#include <algorithm>
#include <filesystem>
#include <memory>
#include <vector>

#include "base/git_repo.h"
#include "base/hash.h"
#include "base/json_doc.h"
#include "base/signature.h"
#include "base/text.h"
#include "gate/artifact.h"
#include "registry/attestation.h"
#include "registry/environments.h"
#include "registry/promotion.h"

namespace mlgate {

namespace fs = std::filesystem;

namespace {

// How long a transaction waits for another one on the same model to finish.
constexpr int kLockWaitMs = 120'000;

// A model's registry in one environment, opened, locked and cleaned of leftovers, with its
// live version read: the first half of every transaction.
struct OpenedRegistry {
  std::unique_ptr<FileRegistry> registry;
  std::unique_ptr<FileRegistry::Lock> lock;
  std::string live;
};

Status OpenLocked(const std::string& root, const std::string& model, bool create, const FileRegistry::StepHook& step,
                  const std::function<void(long)>& waiting, OpenedRegistry* out) {
  // Reading an environment that never had this model must not create it.
  if (!create && !fs::exists(fs::path(root) / model))
    return Status::NotFound(model + " was never promoted into " + root);
  Status s = FileRegistry::Open(root, model, &out->registry);
  if (s.ok()) {
    out->registry->set_step_hook(step);
    s = out->registry->Acquire(&out->lock, kLockWaitMs, waiting);
  }
  if (s.ok()) s = out->registry->CleanLeftovers();
  if (s.ok()) s = out->registry->Current(&out->live);
  return s;
}

// The tag recording the next promotion or rollback: mlgate/<model>/<env>/<n>, counting on.
Status NextTag(const GitRepo& repo, const std::string& model, const std::string& env, std::string* tag) {
  std::string prefix = "mlgate/" + model + "/" + env + "/";
  std::vector<std::string> earlier;
  Status s = repo.TagTargets(prefix, &earlier);
  if (s.ok()) *tag = prefix + std::to_string(earlier.size() + 1);
  return s;
}

// The second half of every transaction: the tag first (a version recorded but not yet live
// is harmless; a live one unrecorded is not), then HISTORY, then CURRENT.
Status RecordAndSwitch(const GitRepo& repo, FileRegistry* registry, const FileRegistry::StepHook& step,
                       const std::string& event, const std::string& version, const std::string& previous,
                       const std::string& tag, const std::string& tag_message, const std::string& commit,
                       const std::string& time) {
  if (step) step("tag");
  Status s = repo.CreateTag(tag, tag_message);
  if (s.ok()) s = registry->AppendHistory(HistoryLine(event, version, previous, tag, commit, time));
  if (s.ok()) s = registry->SetCurrent(version);
  return s;
}

// The key attestations into `env` are signed with: the caller's, else signing_key
// (relative to mlgate.yaml's directory); empty: none.
std::string SigningKey(const Config& config, const EnvironmentSpec& env, const std::string& callers) {
  if (!callers.empty()) return callers;
  if (env.signing_key.empty() || fs::path(env.signing_key).is_absolute()) return env.signing_key;
  return (fs::path(config.root) / env.signing_key).string();
}

// `--from ENV`: the live version of ENV's registry is what gets copied, once it holds
// (files and attestation) and is the very artifact the gate judged. Sets *source, or
// refuses in *change.
Status SourceFromRegistry(const Config& config, const std::string& from, const Decision& d, std::string* source,
                          RegistryChange* change) {
  const EnvironmentSpec* env = config.FindEnvironment(from);
  if (!env || env->registry.empty()) {
    return Status::InvalidArgument("--from " + from + ": no such environment with a registry in " + config.file);
  }
  std::string root = RegistryRoot(config, *env), signers, live;
  std::unique_ptr<FileRegistry> registry;
  Status s = ReadAttestationSigners(config, *env, &signers);
  if (s.ok() && !fs::exists(fs::path(root) / d.model_name)) {
    s = Status::NotFound(d.model_name + " was never promoted into " + root);
  }
  if (s.ok()) s = FileRegistry::Open(root, d.model_name, &registry);
  if (s.ok()) s = registry->Current(&live);
  if (!s.ok()) return s.WithContext("--from " + from);
  if (live.empty()) return Status::NotFound("--from " + from + ": no version of " + d.model_name + " is live there");
  VersionHealth health;
  s = InspectVersion(*registry, live, signers, config.max_artifact_bytes, &health);
  if (!s.ok()) return s.WithContext("--from " + from);
  change->outcome = RegistryChange::Outcome::kRefused;
  if (!health.problem.empty()) {
    change->refusal = from + "'s live version " + live + " does not hold: " + health.problem;
    return Status::OK();
  }
  if (health.sha256 != d.model_sha256) {
    change->refusal = from + "'s live version is sha256 " + health.sha256.substr(0, 16) + "…, but the gate judged " +
                      d.model_artifact + " at " + d.model_sha256.substr(0, 16) + "…; promote that artifact to " + from +
                      " first, or promote from the repository";
    return Status::OK();
  }
  change->outcome = RegistryChange::Outcome::kDone;
  *source = registry->ArtifactPath(live);
  return Status::OK();
}

}  // namespace

Status Promote(const Config& config, const Decision& d, const std::string& report_json, const PromotionRequest& request,
               RegistryChange* change) {
  *change = RegistryChange{};
  change->model = d.model_name;
  change->environment = d.environment;
  const EnvironmentSpec* env = config.FindEnvironment(d.environment);
  if (d.verdict != "pass") {
    change->outcome = RegistryChange::Outcome::kRefused;
    change->refusal = "the gate failed for " + d.environment + "; its registry is unchanged";
    return Status::OK();
  }
  if (!env || env->registry.empty()) {
    return Status::InvalidArgument("environments." + d.environment +
                                   " has no registry: to promote, give it one (registry: DIR)");
  }
  if (d.model_name.empty() || d.model_sha256.empty()) {
    return Status::InvalidArgument("no model artifact was judged; nothing to promote");
  }
  if (request.from == d.environment) return Status::InvalidArgument("--from and --to are both " + request.from);
  std::string source = (fs::path(config.root) / d.model_artifact).string();
  if (!request.from.empty()) {
    Status s = SourceFromRegistry(config, request.from, d, &source, change);
    if (!s.ok() || change->outcome == RegistryChange::Outcome::kRefused) return s;
  }
  std::string signers, key = SigningKey(config, *env, request.signing_key);
  Status s = ReadAttestationSigners(config, *env, &signers);
  if (!s.ok()) return s;
  if (!signers.empty() && key.empty()) {
    return Status::InvalidArgument("environments." + env->name +
                                   " requires signed attestations (attestation_signers): give the key "
                                   "with MLGATE_SIGNING_KEY or signing_key");
  }
  change->root = RegistryRoot(config, *env);
  OpenedRegistry opened;
  s = OpenLocked(change->root, d.model_name, /*create=*/true, request.step, request.waiting, &opened);
  if (!s.ok()) return s;
  change->previous = opened.live;
  PromotionFacts facts;
  facts.version = d.model_sha256.substr(0, 16);
  if (opened.live == facts.version) {
    change->outcome = RegistryChange::Outcome::kAlreadyLive;
    change->version = facts.version;
    return Status::OK();
  }
  std::unique_ptr<GitRepo> repo;
  s = GitRepo::Open(config.root, &repo);
  if (!s.ok()) return s.WithContext("promotions are recorded in git");
  s = NextTag(*repo, d.model_name, d.environment, &facts.tag);
  if (!s.ok()) return s;
  facts.report_sha256 = Sha256Hex(report_json);
  facts.time = UtcNow();
  ArtifactDigestResult digest;
  s = ArtifactDigest(source, config.max_artifact_bytes, &digest);
  if (!s.ok()) return s;
  facts.size = digest.size;
  std::vector<std::pair<std::string, std::string>> files = {{"manifest.json", RenderManifest(d, facts)},
                                                            {kAttestationFile, RenderAttestation(d, facts)}};
  if (!key.empty()) {
    std::string signature;
    s = SignWithSshKey(files[1].second, key, kAttestationNamespace, &signature);
    if (!s.ok()) return s;
    files.emplace_back(kAttestationSignatureFile, signature);
    change->signed_attestation = true;
    // Checked before anything is written: a key the registry's signers do not list would
    // publish a version that fails its own verification.
    if (!signers.empty()) {
      AttestationCheck check;
      s = CheckAttestation({files[1].second, signature}, d.model_sha256, signers, &check);
      if (!s.ok()) return s;
      if (!check.problem.empty()) {
        return Status::InvalidArgument("not promoted: " + check.problem + " (" + env->attestation_signers + ")");
      }
      change->signer = check.signer;
    }
  }
  bool existed = false;
  s = opened.registry->Publish(source, d.model_sha256, files, &change->version, &existed);
  if (s.ok()) {
    s = RecordAndSwitch(*repo, opened.registry.get(), request.step, "promote", change->version, opened.live, facts.tag,
                        PromotionTagMessage(d, facts), d.git_commit, facts.time);
  }
  if (!s.ok()) {
    return Status::IOError("promotion stopped: " + s.message() +
                           (opened.live.empty() ? "" : "; " + opened.live + " stays live"));
  }
  change->tag = facts.tag;
  return Status::OK();
}

namespace {

// The version promoted most recently before the live one, by the time each manifest records;
// empty when there is none.
std::string VersionBefore(const FileRegistry& registry, const std::vector<std::string>& versions,
                          const std::string& live) {
  std::string target, latest;
  for (const auto& v : versions) {
    std::string manifest;
    JsonValue m;
    if (v == live || !registry.ReadFile(v, "manifest.json", &manifest).ok() || !ParseJson(manifest, v, &m).ok()) {
      continue;
    }
    const JsonValue* at = m.IsObject() ? m.Find("promoted_at") : nullptr;
    std::string when = at && at->IsString() ? at->text : "";
    if (target.empty() || when > latest) {
      target = v;
      latest = when;
    }
  }
  return target;
}

}  // namespace

Status Rollback(const Config& config, const RollbackRequest& request, RegistryChange* change) {
  *change = RegistryChange{};
  change->model = request.model;
  change->environment = request.environment;
  if (!config.FindModel(request.model)) {
    return Status::InvalidArgument("no model \"" + request.model + "\" under models: in " + config.file);
  }
  const EnvironmentSpec* env = config.FindEnvironment(request.environment);
  if (!env || env->registry.empty()) {
    return Status::InvalidArgument("environments." + request.environment + " has no registry");
  }
  change->root = RegistryRoot(config, *env);
  std::string signers;
  Status s = ReadAttestationSigners(config, *env, &signers);
  OpenedRegistry opened;
  if (s.ok()) s = OpenLocked(change->root, request.model, /*create=*/false, request.step, {}, &opened);
  std::vector<std::string> versions;
  if (s.ok()) s = opened.registry->Versions(&versions);
  if (!s.ok()) return s;
  change->previous = opened.live;
  std::string target = request.to;
  if (target.empty()) {
    target = VersionBefore(*opened.registry, versions, opened.live);
    if (target.empty()) {
      return Status::NotFound("no earlier version of " + request.model + " in " + change->root + " to roll back to");
    }
  } else if (std::find(versions.begin(), versions.end(), target) == versions.end()) {
    return Status::NotFound("version " + target + " is not in " + change->root + "/" + request.model +
                            " (versions: " + Join(versions, ", ") + ")");
  }
  change->version = target;
  if (target == opened.live) {
    change->outcome = RegistryChange::Outcome::kAlreadyLive;
    return Status::OK();
  }
  VersionHealth health;
  s = InspectVersion(*opened.registry, target, signers, config.max_artifact_bytes, &health);
  if (!s.ok()) return s;
  if (!health.problem.empty()) {
    return Status::Corruption("rollback refused: version " + target +
                              " no longer matches what was promoted: " + health.problem);
  }
  std::unique_ptr<GitRepo> repo;
  std::string head, now = UtcNow();
  s = GitRepo::Open(config.root, &repo);
  if (s.ok()) s = NextTag(*repo, request.model, env->name, &change->tag);
  if (s.ok()) {
    repo->HeadCommit(&head);
    s = RecordAndSwitch(*repo, opened.registry.get(), request.step, "rollback", target, opened.live, change->tag,
                        "rollback " + request.model + " to " + target + " in " + env->name +
                            (opened.live.empty() ? "" : " (was " + opened.live + ")") + "\n\nat " + now + "\n",
                        head, now);
  }
  if (!s.ok()) {
    return Status::IOError("rollback stopped: " + s.message() +
                           (opened.live.empty() ? "" : "; " + opened.live + " stays live"));
  }
  return Status::OK();
}

}  // namespace mlgate
