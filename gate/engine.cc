#include "gate/engine.h"

#include <algorithm>
#include <chrono>
#include <exception>
#include <tuple>

#include "base/git_repo.h"
#include "base/hash.h"
#include "base/text.h"
#include "gate/artifact.h"
#include "gate/line_hash.h"
#include "gate/waiver.h"

namespace mlgate {

namespace {

// The environment whose `requires` decides which checks block; null when every check does.
const EnvironmentSpec* TargetEnvironment(const Config& config, const GateOptions& options, ConfigErrors* errors) {
  if (!options.environment.empty()) {
    const EnvironmentSpec* env = config.FindEnvironment(options.environment);
    if (!env) {
      std::vector<std::string> names;
      for (const auto& e : config.environments) names.push_back(e.name);
      std::string near = SuggestNearest(options.environment, names);
      errors->push_back("--env " + options.environment + ": no such environment in " + config.file +
                        (near.empty() ? "" : " (did you mean \"" + near + "\"?)") +
                        (names.empty() ? "; the policy defines none" : "; defined: " + Join(names, ", ")));
    }
    return env;
  }
  if (config.environments.empty()) return nullptr;
  if (const EnvironmentSpec* production = config.FindEnvironment("production")) return production;
  errors->push_back(config.file +
                    ": the policy defines environments but none is called production; choose one with --env");
  return nullptr;
}

}  // namespace

std::vector<ConfiguredCheck> ConfigureChecks(const std::vector<CheckInfo>& table, const Config& config,
                                             const GateOptions& options, ConfigErrors* errors) {
  std::vector<ConfiguredCheck> out;
  const EnvironmentSpec* env = TargetEnvironment(config, options, errors);
  std::vector<std::string> known;
  known.reserve(table.size());
  for (const auto& info : table) known.push_back(info.id);
  const YamlNode* checks = config.merged.Find("checks");
  for (const auto& id : config.check_ids) {
    const YamlNode* params_node = config.CheckParams(id);
    const CheckInfo* info = FindCheck(table, id);
    SourceLocation where;
    for (const auto& e : checks->entries) {
      if (e.key == id) where = e.key_location;
    }
    if (!info) {
      std::string near = SuggestNearest(id, known);
      errors->push_back(where.ToString() + ": checks." + id + ": unknown check" +
                        (near.empty() ? "" : " (did you mean \"" + near + "\"?)") +
                        "; this mlgate has: " + Join(known, ", "));
      continue;
    }
    ConfiguredCheck c;
    c.info = info;
    c.check = info->create();
    Params params(params_node, "checks." + id, where, errors);
    c.check->Configure(params);
    params.Finish();
    if (env) {
      c.blocking = false;
      for (const auto& r : env->requires_checks) c.blocking = c.blocking || r == id;
    }
    out.push_back(std::move(c));
  }
  if (env) {
    for (const auto& r : env->requires_checks) {
      if (!FindCheck(table, r)) {
        std::string near = SuggestNearest(r, known);
        errors->push_back(env->location.ToString() + ": environments." + env->name + ".requires: unknown check \"" + r +
                          "\"" + (near.empty() ? "" : " (did you mean \"" + near + "\"?)"));
      }
    }
  }
  if (!options.model.empty() && !config.FindModel(options.model)) {
    std::vector<std::string> names;
    for (const auto& m : config.models) names.push_back(m.name);
    errors->push_back("--model " + options.model + ": no such model in " + config.file +
                      (names.empty() ? "" : "; defined: " + Join(names, ", ")));
  }
  return out;
}

// The lines added from the merge base of `base` and HEAD to HEAD, keyed by path relative
// to `root` (the directory of mlgate.yaml, which may be below the repository's top).
Status ChangedSinceBase(const GitRepo& repo, const std::string& base, const std::string& head, const std::string& root,
                        ChangedLines* out) {
  if (head.empty()) return Status::NotFound("HEAD has no commit yet");
  std::string merge_base;
  Status s = repo.MergeBase(base, head, &merge_base);
  ChangedLines all;
  if (s.ok()) s = repo.AddedLines(merge_base, head, &all);
  if (!s.ok()) return s;
  std::string prefix;
  s = repo.RelativeDir(root, &prefix);
  if (!s.ok()) return s;
  if (!prefix.empty()) prefix += "/";
  for (auto& [path, lines] : all) {
    if (path.compare(0, prefix.size(), prefix) == 0) (*out)[path.substr(prefix.size())] = std::move(lines);
  }
  return Status::OK();
}

void KeepFindings(size_t keep, CheckResult* result) {
  auto& findings = result->findings;
  if (findings.size() <= keep) return;
  // The ones that decide first: unwaived blocking, then by severity; file order within.
  auto rank = [](const Finding& f) {
    return std::make_tuple(!(f.blocking && !f.waived), -static_cast<int>(f.severity));
  };
  std::stable_sort(findings.begin(), findings.end(),
                   [&](const Finding& a, const Finding& b) { return rank(a) < rank(b); });
  size_t dropped = findings.size() - keep;
  findings.resize(keep);
  findings.shrink_to_fit();
  result->summary += " (" + std::to_string(dropped) + " more findings not listed: reports keep " +
                     std::to_string(keep) + " a check, the most severe)";
}

Decision RunGate(const Config& config, const std::vector<ConfiguredCheck>& checks, const Workspace& workspace,
                 const GateOptions& options) {
  Decision d;
  d.tool_version = MLGATE_VERSION;
  d.date = options.today.ToString();
  d.fail_on_warn = options.fail_on_warn;
  d.overrides = config.overrides;
  d.policy_files = config.policy_files;

  ConfigErrors already_reported;  // ConfigureChecks validated the environment
  if (const EnvironmentSpec* env = TargetEnvironment(config, options, &already_reported)) d.environment = env->name;

  const ModelSpec* model = !options.model.empty()      ? config.FindModel(options.model)
                           : config.models.size() == 1 ? &config.models[0]
                                                       : nullptr;
  if (model) {
    d.model_name = model->name;
    d.model_artifact = model->artifact;
    std::string absolute;
    if (workspace.Resolve(model->artifact, &absolute).ok()) {
      ArtifactDigestResult digest;
      Status s = ArtifactDigest(absolute, config.max_artifact_bytes, &digest);
      d.model_sha256 = digest.sha256;
      if (!s.ok()) d.errors.push_back("model artifact " + model->artifact + ": " + s.message());
    }
  }

  std::unique_ptr<GitRepo> repo;
  if (GitRepo::Open(workspace.root(), &repo).ok()) {
    std::string head;
    if (repo->HeadCommit(&head).ok()) d.git_commit = head;
  }
  long long commit_time = 0;
  if (repo) repo->HeadCommitTime(&commit_time);
  ChangedLines changed;
  bool have_changed = false;
  if (!options.base.empty()) {
    Status s = repo ? ChangedSinceBase(*repo, options.base, d.git_commit, workspace.root(), &changed)
                    : Status::NotFound("not inside a git repository");
    if (s.ok()) {
      have_changed = true;
    } else {
      d.errors.push_back("pull-request mode: the changed lines cannot be read: " + s.message());
    }
  }

  CheckContext ctx{
      workspace,      options.today, d.environment, d.model_name, d.model_artifact, model ? model->card : "",
      d.model_sha256, d.git_commit,  commit_time,   {},           options.policy,   have_changed ? &changed : nullptr};
  d.git_base = options.base;
  for (const auto& c : checks) {
    if (options.progress) {
      ctx.progress = [&options, id = std::string(c.info->id)](const std::string& what) {
        options.progress(id + ": " + what);
      };
    }
    CheckResult result;
    result.id = c.info->id;
    result.title = c.info->title;
    result.blocking = c.blocking;
    result.status = CheckStatus::kPass;
    auto start = std::chrono::steady_clock::now();
    Status s;
    try {
      s = c.check->Run(ctx, &result);
    } catch (const std::exception& e) {
      s = Status::Internal(std::string("the check failed unexpectedly: ") + e.what() + " (please report this)");
    } catch (...) {
      s = Status::Internal("the check failed unexpectedly (please report this)");
    }
    result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (options.progress) options.progress("");  // done: clear the line
    if (!s.ok()) {
      result.status = CheckStatus::kError;
      result.summary = s.message();
    }
    d.checks.push_back(std::move(result));
  }

  d.waivers = ApplyWaivers(config.waivers, d.model_sha256, options.today, &d.checks);
  for (size_t i = 0; i < d.checks.size(); ++i) checks[i].check->CountAfterWaivers(&d.checks[i]);
  for (auto& result : d.checks) {
    ResolveStatus(&result);
    KeepFindings(kMaxFindingsKept, &result);
  }
  if (d.checks.empty()) {
    d.errors.push_back(
        "the policy evaluates zero checks; configure at least one under checks: — "
        "a gate that checks nothing does not pass");
  }
  ResolveVerdict(&d);
  AddLineHashes(workspace, &d);
  if (options.history && !d.environment.empty() && !d.model_name.empty()) {
    d.promotions = options.history(d.environment, d.model_name);
  }
  if (options.policy) d.pending_policy_changes = PendingPolicyChanges(*options.policy, config.root);
  return d;
}

}  // namespace mlgate
