// What the subcommands share: exit codes, the options several of them take, the one way to
// load a policy, and the one way to run the gate and write its reports. Each subcommand is
// a file of cli/ with a Define* function (cli/subcommands.h) that declares its options and
// returns what runs once they are parsed.
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

// Pull-request mode's state: the repository and the base commit the policy is read from.
struct PullRequestMode {
  std::unique_ptr<GitRepo> repo;
  std::unique_ptr<PolicySource> policy;
  PullRequestBase base;
};

// A loaded, validated policy and everything the engine needs to run it. Not movable once
// loaded: `gate` points into `pull_request` and `config`.
struct LoadedPolicy {
  Config config;
  GateOptions gate;
  std::vector<ConfiguredCheck> checks;
  PullRequestMode pull_request;
  LoadedPolicy() = default;
  LoadedPolicy(const LoadedPolicy&) = delete;
  LoadedPolicy& operator=(const LoadedPolicy&) = delete;
};

// How a subcommand wants its policy read.
struct PolicyRequest {
  bool fail_on_warn = false;
  // Pull-request mode: the policy comes from the base commit (--base `base`, or the CI's).
  bool pull_request = false;
  std::string base;
};

// Prints "mlgate: error: MESSAGE" (secrets redacted) and returns kExitCannotRun.
int Fail(const std::string& message);
void AddCommonOptions(CLI::App* cmd, CommonOptions* o);
void AddConfigOption(CLI::App* cmd, std::string* config);
// Loads and validates the policy with mlgate's check table; prints every problem and
// returns false when it is invalid.
bool LoadPolicy(const CommonOptions& common, const PolicyRequest& request, LoadedPolicy* out);
Status WriteFileAtomically(const std::filesystem::path& path, const std::string& bytes);

// Loads the policy of a run (false: it is invalid, the problems printed).
using PolicyLoader = std::function<bool(LoadedPolicy*)>;
// After the gate: `mlgate promote` acts on the decision (report.json's source and bytes);
// its exit code is the command's.
using AfterGate = std::function<int(const Config&, const Decision&, const std::string& report_json)>;
// Runs the gate on the policy `load` gives and writes the reports `o` asks for
// (cli/run_gate.cc); returns the exit code, or `after`'s.
int RunGateAndReport(const CheckOptions& o, const PolicyLoader& load, const AfterGate& after = nullptr);

}  // namespace mlgate::cli
