// What the subcommands share (cli/cli.cc defines it): exit codes, options, loading and
// validating the policy, and the commands that act on git and the registries
// (cli/approve.cc: approve; cli/registry_commands.cc: promote, rollback, status).
#pragma once

#include <CLI/CLI.hpp>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "base/git_repo.h"
#include "gate/config.h"
#include "gate/engine.h"
#include "gate/policy_source.h"
#include "gate/pull_request.h"
#include "gate/result.h"

namespace mlgate::cli {

constexpr int kExitPass = 0;
constexpr int kExitFail = 1;
constexpr int kExitCannotRun = 2;

struct CommonOptions {
  std::string config;
  std::string model;
  std::string environment;
};

struct CheckOptions {
  std::string report_dir = "mlgate-report";
  std::string formats = "json,junit,md,html,sarif,codequality";
  bool fail_on_warn = false;
  bool quiet = false;
  std::string color = "auto";
  bool junit_strict = false;
  std::string base;  // --base: pull-request mode
};

// Pull-request mode's state, alive for the whole run: the repository and the base commit
// the policy is read from.
struct PullRequestMode {
  std::unique_ptr<GitRepo> repo;
  std::unique_ptr<PolicySource> policy;
  PullRequestBase base;
};

// Prints "mlgate: error: MESSAGE" and returns kExitCannotRun.
int Fail(const std::string& message);
void AddCommonOptions(CLI::App* cmd, CommonOptions* o);
// Loads and validates the policy; prints every problem and returns false when it is invalid.
// With `pr`, pull-request mode (--base `base_flag`, or the CI's) reads it from the base.
bool LoadPolicy(const CommonOptions& common, bool fail_on_warn, Config* config, GateOptions* gate,
                std::vector<ConfiguredCheck>* checks, const std::string& base_flag = "", PullRequestMode* pr = nullptr);
Status WriteFileAtomically(const std::filesystem::path& path, const std::string& bytes);

// After the gate: `mlgate promote` acts on the decision (report.json's source and bytes);
// its exit code is the command's.
using AfterGate = std::function<int(const Config&, const Decision&, const std::string& report_json)>;

// cli/registry_commands.cc: promote (`from`: the environment whose live version is copied;
// empty: the repository's artifact), status, rollback.
// Loads the policy of a run (false: it is invalid, the problems printed).
using PolicyLoader = std::function<bool(Config*, GateOptions*, std::vector<ConfiguredCheck>*, PullRequestMode*)>;
// Runs the gate on the policy `load` gives and writes the reports `o` asks for (cli/cli.cc);
// returns the exit code, or `after`'s.
int RunGateAndReport(const CheckOptions& o, const PolicyLoader& load, const AfterGate& after = nullptr);

// cli/drift.cc: `mlgate drift` — the drift check alone, on files named on the command line.
int RunDrift(const CommonOptions& common, const CheckOptions& o, const std::string& reference,
             const std::string& current);

// cli/init.cc: `mlgate init` — a starting mlgate.yaml from what the repository holds.
int RunInit(const std::string& dir, bool force, bool print);

// The directory of an environment's registry.
std::string RegistryRoot(const Config& config, const EnvironmentSpec& env);
// Puts the judged environment's HISTORY for the model into the decision (for the reports).
void AddPromotionHistory(const Config& config, Decision* decision);

// Where each model is live, per environment with a registry (what `mlgate status` shows).
struct EnvironmentStatus {
  std::string model, environment, live, promoted_at, commit, tag, verdict, signer;
  bool verified = false;  // the files and attestation were checked (problem says how they fared)
  std::string problem;    // empty when it holds (or was not checked)
};
std::vector<EnvironmentStatus> CollectStatus(const Config& config, const std::string& only, bool verify);
// {"models": [...]}, the shape `mlgate status --format json` prints.
std::string StatusJson(const std::vector<EnvironmentStatus>& rows);

// cli/serve.cc: `mlgate serve` — the read-only dashboard over a reports directory.
int RunServe(const CommonOptions& common, const std::string& reports, const std::string& listen);

int RunPromote(const Config& config, const Decision& d, const std::string& report_json, const std::string& from);
int RunStatus(const CommonOptions& common, const std::string& only, bool verify, const std::string& format);
int RunRollback(const CommonOptions& common, const std::string& model, const std::string& to);
int RunApprove(const CommonOptions& common, const std::string& model_name, const std::string& comment, bool sign);

}  // namespace mlgate::cli
