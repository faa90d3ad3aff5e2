// Loading the policy, the same way for every subcommand, and the small helpers they share.
#include <filesystem>
#include <fstream>
#include <iostream>

#include "base/secrets.h"
#include "checks/check_table.h"
#include "cli/commands.h"
#include "registry/environments.h"

namespace mlgate::cli {

namespace fs = std::filesystem;

int Fail(const std::string& message) {
  std::cerr << "mlgate: error: " << SecretValues::FromEnvironment().Redact(message) << "\n";
  return kExitCannotRun;
}

void AddConfigOption(CLI::App* cmd, std::string* config) {
  cmd->add_option("--config", *config, "policy file (default: mlgate.yaml, searched upwards from here)");
}

void AddCommonOptions(CLI::App* cmd, CommonOptions* o) {
  AddConfigOption(cmd, &o->config);
  cmd->add_option("--model", o->model, "model to judge (default: the only model in the policy)");
  cmd->add_option("--env", o->environment,
                  "target environment whose `requires` list blocks (default: production when defined)");
}

namespace {

// In a pull request the policy is the base commit's (gate/policy_source.h).
bool EnterPullRequestMode(const std::string& path, const std::string& base_flag, LoadedPolicy* out) {
  PullRequestMode& pr = out->pull_request;
  Status s =
      GitRepo::Open(fs::path(path).parent_path().empty() ? "." : fs::path(path).parent_path().string(), &pr.repo);
  bool found = false;
  if (s.ok()) {
    s = FindPullRequestBase(*pr.repo, base_flag, &pr.base, &found);
  } else if (base_flag.empty()) {
    s = Status::OK();  // not a repository and no --base: an ordinary run
  }
  if (!s.ok()) {
    Fail(s.message());
    return false;
  }
  if (!found) return true;
  std::string relative;
  s = pr.repo->RelativeDir(fs::absolute(path).parent_path().string(), &relative);
  if (!s.ok()) {
    Fail(s.message());
    return false;
  }
  pr.policy = PolicySource::BaseCommit(pr.repo.get(), pr.base.id, relative);
  out->gate.policy = pr.policy.get();
  out->gate.base = pr.base.id;
  return true;
}

}  // namespace

bool LoadPolicy(const CommonOptions& common, const PolicyRequest& request, LoadedPolicy* out) {
  std::string path = common.config;
  if (path.empty()) {
    Status s = FindConfig(".", &path);
    if (!s.ok()) {
      Fail(s.message());
      return false;
    }
  }
  GateOptions& gate = out->gate;
  gate.environment = common.environment;
  gate.model = common.model;
  gate.fail_on_warn = request.fail_on_warn;
  gate.today = Today();
  if (request.pull_request && !EnterPullRequestMode(path, request.base, out)) return false;
  ConfigErrors errors;
  Status s = LoadConfig(path, gate.today, &out->config, &errors, gate.policy);
  if (!s.ok()) {
    Fail(s.message() + (s.code() == Status::Code::kNotFound ? "" : "; fix the file and run `mlgate validate`"));
    return false;
  }
  if (errors.empty()) out->checks = ConfigureChecks(AllChecks(), out->config, gate, &errors);
  for (const auto& e : errors) std::cerr << "mlgate: error: " << e << "\n";
  if (!errors.empty()) {
    std::cerr << "mlgate: " << errors.size() << " problem" << (errors.size() == 1 ? "" : "s") << " in the policy; "
              << "nothing was checked. `mlgate explain CHECK` lists each check's settings.\n";
    return false;
  }
  const Config* config = &out->config;
  gate.history = [config](const std::string& environment, const std::string& model) {
    return ReadPromotionHistory(*config, environment, model);
  };
  return true;
}

Status WriteFileAtomically(const fs::path& path, const std::string& bytes) {
  fs::path temp = path;
  temp += ".tmp";
  {
    std::ofstream out(temp, std::ios::binary | std::ios::trunc);
    out << bytes;
    if (!out.flush()) return Status::IOError(temp.string() + ": cannot write");
  }
  std::error_code ec;
  fs::rename(temp, path, ec);
  if (ec) return Status::IOError(path.string() + ": cannot write: " + ec.message());
  return Status::OK();
}

}  // namespace mlgate::cli
