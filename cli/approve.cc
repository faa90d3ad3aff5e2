// `mlgate approve`: the command that records a committee member's approval in git.
#include <iostream>

#include "base/process.h"
#include "base/text.h"
#include "checks/approval_check.h"
#include "cli/commands.h"
#include "gate/artifact.h"
#include "gate/workspace.h"

namespace mlgate::cli {

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
  Workspace workspace(config.root, config.max_evidence_bytes, config.max_artifact_bytes);
  std::string absolute;
  ArtifactDigestResult digest;
  Status s = workspace.Resolve(model->artifact, &absolute);
  if (s.ok()) s = ArtifactDigest(absolute, config.max_artifact_bytes, &digest);
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

}  // namespace mlgate::cli
