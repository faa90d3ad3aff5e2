// `mlgate approve`: the command that records a committee member's approval in git.
#include <iostream>
#include <memory>

#include "base/process.h"
#include "base/text.h"
#include "checks/approval_check.h"
#include "cli/commands.h"
#include "cli/subcommands.h"
#include "gate/artifact.h"
#include "gate/workspace.h"

namespace mlgate::cli {

namespace {

// `mlgate approve MODEL`: an empty commit carrying the approval trailer for the artifact's
// current sha256, signed by git with the caller's configured key (the approval check
// verifies it). The index is left alone: --only with no paths commits nothing staged.
int RunApprove(const CommonOptions& common, const std::string& model_name, const std::string& comment, bool sign) {
  LoadedPolicy policy;
  if (!LoadPolicy(common, {}, &policy)) return kExitCannotRun;
  const Config& config = policy.config;
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
  std::vector<std::string> argv = {git,
                                   "commit",
                                   "--allow-empty",
                                   "--only",
                                   "--quiet",
                                   sign ? "-S" : "--no-gpg-sign",
                                   "-m",
                                   "Approve " + model->name};
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

}  // namespace

Handler DefineApprove(CLI::App* cmd) {
  struct Options {
    CommonOptions common;
    std::string model, comment;
    bool no_sign = false;
  };
  auto o = std::make_shared<Options>();
  AddConfigOption(cmd, &o->common.config);
  cmd->add_option("MODEL", o->model, "the model, as named under models: in mlgate.yaml")->required();
  cmd->add_option("--comment", o->comment, "a paragraph for the commit message (what was reviewed)");
  cmd->add_flag("--no-sign", o->no_sign, "an unsigned commit (counts only where the policy has signatures: optional)");
  cmd->footer(
      "Writes an empty commit whose message ends with\n"
      "  Approve-Model: MODEL@sha256:<the artifact's sha256>\n"
      "signed with your git signing key (git commit -S; for SSH keys: git config gpg.format ssh\n"
      "and user.signingkey). The approval check counts it once you are a committee member whose\n"
      "key allowed_signers lists; a new artifact needs a new approval.\n\n"
      "Examples:\n  mlgate approve tumor-classifier\n"
      "  mlgate approve tumor-classifier --comment \"Reviewed the eval report of run 42\"");
  return [o] { return RunApprove(o->common, o->model, o->comment, !o->no_sign); };
}

}  // namespace mlgate::cli
