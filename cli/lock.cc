// `mlgate lock`: the sha256 of the declared files into mlgate.lock (checks/data/lock_file.h),
// as the configured reproducibility check will read them back.
#include <unistd.h>

#include <cstdio>
#include <iostream>
#include <memory>

#include "checks/data/lock_file.h"
#include "checks/reproducibility_check.h"
#include "cli/commands.h"
#include "cli/subcommands.h"
#include "gate/workspace.h"

namespace mlgate::cli {

namespace fs = std::filesystem;

namespace {

int RunLock(const CommonOptions& common, const std::string& output) {
  LoadedPolicy policy;
  if (!LoadPolicy(common, {}, &policy)) return kExitCannotRun;
  const Config& config = policy.config;
  const Check* reproducibility = nullptr;
  for (const auto& c : policy.checks) {
    if (std::string(c.info->id) == "reproducibility") reproducibility = c.check.get();
  }
  LockSpec spec = LockSpecOf(reproducibility);
  if (!output.empty()) spec.lock_file = output;
  std::vector<std::string> artifacts;
  for (const auto& m : config.models) artifacts.push_back(m.artifact);
  Workspace workspace(config.root, config.max_evidence_bytes, config.max_artifact_bytes);
  std::function<void(unsigned long long)> progress;
  if (::isatty(STDERR_FILENO)) {
    progress = [](unsigned long long done) {
      char text[64];
      std::snprintf(text, sizeof text, "\r\x1b[2K  hashed %.2f GB", static_cast<double>(done) / 1e9);
      std::cerr << text << std::flush;
    };
  }
  std::vector<LockEntry> entries;
  Status s = BuildLock(workspace, spec.files, artifacts, progress, &entries);
  if (progress) std::cerr << "\r\x1b[2K" << std::flush;
  if (!s.ok()) return Fail(s.message());
  fs::path path = fs::path(config.root) / spec.lock_file;
  s = WriteFileAtomically(path, RenderLockFile(entries));
  if (!s.ok()) return Fail(s.message());
  unsigned long long bytes = 0;
  for (const auto& e : entries) bytes += e.size;
  std::cout << spec.lock_file << ": " << entries.size() << " file" << (entries.size() == 1 ? "" : "s") << ", " << bytes
            << " bytes locked (sha256); commit it with the change\n";
  return kExitPass;
}

}  // namespace

Handler DefineLock(CLI::App* cmd) {
  struct Options {
    CommonOptions common;
    std::string output;
  };
  auto o = std::make_shared<Options>();
  AddCommonOptions(cmd, &o->common);
  cmd->add_option(
      "--output", o->output,
      "the lock file, relative to mlgate.yaml (default: checks.reproducibility.mlgate_lock, else mlgate.lock)");
  cmd->footer(
      "Locks checks.reproducibility.files (globs), every model's artifact, and requirements*.txt,\n"
      "poetry.lock, uv.lock, environment.yml and Dockerfile when they exist. `mlgate check`\n"
      "re-hashes them and fails on any change.\n\n"
      "Examples:\n  mlgate lock\n  mlgate lock --output locks/mlgate.lock");
  return [o] { return RunLock(o->common, o->output); };
}

}  // namespace mlgate::cli
