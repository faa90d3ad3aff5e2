// The commands that act on git and the registries: approve, promote, status.
#include <iostream>
#include <sstream>

#include "checks/approval_check.h"
#include "gate/artifact.h"
#include "gate/cli_commands.h"
#include "gate/data_hash.h"
#include "gate/hash.h"
#include "gate/json_doc.h"
#include "gate/process.h"
#include "gate/promotion.h"
#include "gate/registry.h"
#include "gate/text.h"
#include "gate/workspace.h"

namespace mlgate::cli {

namespace fs = std::filesystem;

namespace {

// The tag recording the next promotion or rollback: mlgate/<model>/<env>/<n>, counting on.
Status NextTag(const GitRepo& repo, const std::string& model, const std::string& env, std::string* tag) {
  std::string prefix = "mlgate/" + model + "/" + env + "/";
  std::vector<std::string> earlier;
  Status s = repo.TagTargets(prefix, &earlier);
  if (s.ok()) *tag = prefix + std::to_string(earlier.size() + 1);
  return s;
}

}  // namespace

// `mlgate approve MODEL`: an empty commit carrying the approval trailer for the artifact's
// current sha256, signed by git with the caller's configured key (the approval check
// verifies it). The index is left alone: --only with no paths commits nothing staged.
int RunApprove(const CommonOptions& common, const std::string& model_name, const std::string& comment, bool sign) {
  Config config;
  GateOptions gate;
  std::vector<ConfiguredCheck> checks;
  if (!LoadPolicy(common, false, &config, &gate, &checks)) return kExitCannotRun;
  const ModelSpec* model = config.FindModel(model_name);
  if (!model) {
    std::vector<std::string> names;
    for (const auto& m : config.models) names.push_back(m.name);
    return Fail("no model \"" + model_name + "\" under models: in " + config.file +
                (names.empty() ? "" : " (models: " + Join(names, ", ") + ")"));
  }
  Workspace workspace(config.root, config.max_evidence_bytes);
  std::string absolute;
  ArtifactDigestResult digest;
  Status s = workspace.Resolve(model->artifact, &absolute);
  if (s.ok()) s = ArtifactDigest(absolute, &digest);
  const std::string& sha256 = digest.sha256;
  if (!s.ok()) return Fail("model " + model->name + ": " + s.message());
  std::string git = FindProgram({"/usr/bin/git", "/usr/local/bin/git", "/bin/git"});
  if (git.empty()) return Fail("git is not installed (Debian package git)");
  std::vector<std::string> argv = {git, "commit", "--allow-empty", "--only", "--quiet", sign ? "-S" : "--no-gpg-sign",
                                   "-m", "Approve " + model->name};
  if (!comment.empty()) argv.insert(argv.end(), {"-m", comment});
  argv.insert(argv.end(), {"-m", std::string(kApprovalTrailer) + ": " + ApprovalTrailerValue(model->name, sha256)});
  ProcessResult git_result;
  s = RunProcess(argv, "", &git_result, config.root);
  if (!s.ok()) return Fail(s.message());
  if (git_result.exit_code != 0) {
    return Fail("git commit failed: " + std::string(Trim(git_result.err + git_result.out)) +
                (sign ? "\n(a signed approval needs a signing key: git config user.signingkey ~/.ssh/id_ed25519.pub "
                        "and gpg.format ssh; --no-sign where the policy has signatures: optional)"
                      : ""));
  }
  std::unique_ptr<GitRepo> repo;
  std::string head;
  if (GitRepo::Open(config.root, &repo).ok()) repo->HeadCommit(&head);
  std::cout << "approved " << model->name << "@sha256:" << sha256.substr(0, 12) << " in commit " << head.substr(0, 12)
            << (sign ? " (signed)" : " (unsigned)") << "; push it so the gate sees it\n";
  return kExitPass;
}

// `mlgate promote MODEL --to ENV`: the gate for ENV; on pass the artifact goes into ENV's
// registry (gate/registry.h: copied, hashed while copied, synced, renamed; CURRENT last),
// recorded by an annotated tag mlgate/<model>/<env>/<n>. On fail nothing changes there.
int RunPromote(const Config& config, const Decision& d, const std::string& report_json) {
  const EnvironmentSpec* env = config.FindEnvironment(d.environment);
  if (d.verdict != "pass") {
    std::cout << "not promoted: the gate failed for " << d.environment << "; its registry is unchanged\n";
    return kExitFail;
  }
  if (!env || env->registry.empty()) {
    return Fail("environments." + d.environment + " has no registry: to promote, give it one (registry: DIR)");
  }
  if (d.model_name.empty() || d.model_sha256.empty()) return Fail("no model artifact was judged; nothing to promote");
  std::string root = (fs::path(config.root) / env->registry).lexically_normal().string();
  std::unique_ptr<FileRegistry> registry;
  std::unique_ptr<FileRegistry::Lock> lock;
  Status s = FileRegistry::Open(root, d.model_name, &registry);
  if (s.ok()) s = registry->Acquire(&lock);
  if (s.ok()) s = registry->CleanLeftovers();
  std::string live;
  if (s.ok()) s = registry->Current(&live);
  if (!s.ok()) return Fail(s.message());
  PromotionFacts facts;
  facts.version = d.model_sha256.substr(0, 16);
  if (live == facts.version) {
    std::cout << d.model_name << " " << facts.version << " is already live in " << d.environment
              << "; nothing to do\n";
    return kExitPass;
  }
  std::unique_ptr<GitRepo> repo;
  s = GitRepo::Open(config.root, &repo);
  if (!s.ok()) return Fail("promotions are recorded in git: " + s.message());
  s = NextTag(*repo, d.model_name, d.environment, &facts.tag);
  if (!s.ok()) return Fail(s.message());
  facts.report_sha256 = Sha256Hex(report_json);
  facts.time = UtcNow();
  std::string artifact = (fs::path(config.root) / d.model_artifact).string();
  ArtifactDigestResult digest;
  s = ArtifactDigest(artifact, &digest);
  facts.size = digest.size;
  std::string version;
  bool existed = false;
  if (s.ok()) s = registry->Publish(artifact, d.model_sha256, {{"manifest.json", RenderManifest(d, facts)}}, &version, &existed);
  // The tag first: a version recorded but not yet live is harmless; a live one unrecorded is not.
  if (s.ok()) s = repo->CreateTag(facts.tag, PromotionTagMessage(d, facts));
  if (s.ok()) s = registry->SetCurrent(version);
  if (!s.ok()) return Fail("promotion stopped: " + s.message() + (live.empty() ? "" : "; " + live + " stays live"));
  std::cout << "promoted " << d.model_name << " " << version << " to " << d.environment << " (" << root << "/"
            << d.model_name << "), recorded as tag " << facts.tag << (live.empty() ? "" : "; was " + live) << "\n";
  return kExitPass;
}

// `mlgate status [MODEL]`: each model's live version per environment with a registry.
int RunStatus(const CommonOptions& common, const std::string& only, bool verify, const std::string& format) {
  Config config;
  GateOptions gate;
  std::vector<ConfiguredCheck> checks;
  if (!LoadPolicy(common, false, &config, &gate, &checks)) return kExitCannotRun;
  if (!only.empty() && !config.FindModel(only)) return Fail("no model \"" + only + "\" under models: in " + config.file);
  bool broken = false;
  std::ostringstream json;
  json << "{\"models\": [";
  bool first_row = true;
  for (const auto& model : config.models) {
    if (!only.empty() && model.name != only) continue;
    for (const auto& env : config.environments) {
      if (env.registry.empty()) continue;
      std::string root = (fs::path(config.root) / env.registry).string();
      std::string live, manifest, problem;
      Status s;
      if (fs::exists(fs::path(root) / model.name)) {
        std::unique_ptr<FileRegistry> registry;
        s = FileRegistry::Open(root, model.name, &registry);
        if (s.ok()) s = registry->Current(&live);
        if (s.ok() && !live.empty()) s = registry->ReadManifest(live, &manifest);
        if (s.ok() && !live.empty() && verify) s = registry->Verify(live, &problem);
      }
      if (!s.ok()) problem = s.message();
      broken = broken || !problem.empty();
      JsonValue m;
      std::string promoted_at, commit, tag;
      if (!manifest.empty() && ParseJson(manifest, "manifest.json", &m).ok() && m.IsObject()) {
        auto text = [&](const char* key) {
          const JsonValue* v = m.Find(key);
          return v && v->IsString() ? v->text : std::string();
        };
        promoted_at = text("promoted_at");
        commit = text("source_commit");
        tag = text("tag");
      }
      if (format == "json") {
        json << (first_row ? "" : ", ") << "{\"model\": " << PythonJsonString(model.name) << ", \"environment\": "
             << PythonJsonString(env.name) << ", \"live\": " << (live.empty() ? "null" : PythonJsonString(live))
             << ", \"promoted_at\": " << PythonJsonString(promoted_at) << ", \"commit\": " << PythonJsonString(commit)
             << ", \"tag\": " << PythonJsonString(tag) << ", \"verified\": " << (verify ? (problem.empty() ? "true" : "false") : "null")
             << ", \"problem\": " << PythonJsonString(problem) << "}";
        first_row = false;
        continue;
      }
      std::cout << model.name << " in " << env.name << ": "
                << (live.empty() ? "never promoted" : live + " since " + promoted_at + " from commit " + commit.substr(0, 12) +
                                                           " (" + tag + ")")
                << (verify && !live.empty() ? (problem.empty() ? ", files match the manifest" : "") : "")
                << (problem.empty() ? "" : ", BROKEN: " + problem) << "\n";
    }
  }
  if (format == "json") std::cout << json.str() << "]}\n";
  return broken ? kExitFail : kExitPass;
}

// `mlgate rollback MODEL --env ENV [--to VERSION]`: CURRENT back to a version already in
// the registry — the named one, else the one promoted most recently before the live one —
// after checking its files still match what was promoted, recorded by its own tag.
int RunRollback(const CommonOptions& common, const std::string& model, const std::string& to) {
  Config config;
  GateOptions gate;
  std::vector<ConfiguredCheck> checks;
  if (!LoadPolicy(common, false, &config, &gate, &checks)) return kExitCannotRun;
  if (!config.FindModel(model)) return Fail("no model \"" + model + "\" under models: in " + config.file);
  const EnvironmentSpec* env = config.FindEnvironment(common.environment);
  if (!env || env->registry.empty()) return Fail("environments." + common.environment + " has no registry");
  std::string root = (fs::path(config.root) / env->registry).lexically_normal().string();
  if (!fs::exists(fs::path(root) / model)) return Fail(model + " was never promoted to " + env->name);
  std::unique_ptr<FileRegistry> registry;
  std::unique_ptr<FileRegistry::Lock> lock;
  std::string live;
  std::vector<std::string> versions;
  Status s = FileRegistry::Open(root, model, &registry);
  if (s.ok()) s = registry->Acquire(&lock);
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
      if (v == live || !registry->ReadManifest(v, &manifest).ok() || !ParseJson(manifest, v, &m).ok()) continue;
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
  std::string problem;
  s = registry->Verify(target, &problem);
  if (!s.ok()) return Fail(s.message());
  if (!problem.empty()) return Fail("rollback refused: version " + target + " no longer matches what was promoted: " + problem);
  std::unique_ptr<GitRepo> repo;
  std::string tag;
  s = GitRepo::Open(config.root, &repo);
  if (s.ok()) s = NextTag(*repo, model, env->name, &tag);
  if (s.ok()) {
    s = repo->CreateTag(tag, "rollback " + model + " to " + target + " in " + env->name +
                                 (live.empty() ? "" : " (was " + live + ")") + "\n\nat " + UtcNow() + "\n");
  }
  if (s.ok()) s = registry->SetCurrent(target);
  if (!s.ok()) return Fail("rollback stopped: " + s.message() + (live.empty() ? "" : "; " + live + " stays live"));
  std::cout << "rolled " << model << " in " << env->name << " back to " << target << " (was " << live
            << "), recorded as tag " << tag << "\n";
  return kExitPass;
}

}  // namespace mlgate::cli
