#include "checks/approval_check.h"

#include <algorithm>
#include <map>
#include <set>

#include "base/commit_text.h"
#include "base/git_repo.h"
#include "base/hash.h"
#include "base/signature.h"
#include "base/text.h"

namespace mlgate {

const char kApprovalHelp[] = R"(approval — the validation committee approved this exact model, in git

An approval is a commit reachable from HEAD whose message ends with the trailer
  Approve-Model: <model>@sha256:<artifact sha256>
`mlgate approve MODEL` writes one for the current artifact, signed with your git signing
key (git commit -S). An approval counts only when:
  - its hash is the current artifact's (an approval of an older model does not count);
  - its author is a committee member;
  - with signatures: required, the commit is signed (one signature) by a key bound to that
    same member, valid today and not revoked — an author name or email alone proves
    nothing. SSH keys (git config gpg.format ssh): allowed_signers binds them, checked by
    ssh-keygen; OpenPGP keys: gpg_keyring holds them, checked by gpg, the key's user id
    email naming the member;
  - with forbid_self_approval, the member authored no commit changing the artifact (or its
    .dvc file) or training_code since the model's last promotion (tag mlgate/<model>/...);
  - it is at most max_age_days old.
Distinct members are counted against quorum. Every approval found is listed with why it
counts or not. A shallow clone, .git/info/grafts or refs/replace/ make the check an error:
the history it reads could not be trusted.

Measured: valid_approvals (at least quorum), quorum.

Parameters:
  committee: [EMAIL, ...]     the members (required); with signatures, the principals of
                              allowed_signers
  quorum: 1                   distinct members needed (at most the committee's size)
  signatures: required        required | optional (optional: unsigned approvals count by
                              their author; a signature present must still verify)
  allowed_signers: PATH       ssh-keygen's allowed-signers file (with signatures, this or
                              gpg_keyring is required)
  revoked_keys: PATH          ssh-keygen's revocation file: keys that never count
  gpg_keyring: PATH           the members' OpenPGP public keys (gpg --export --armor)
  forbid_self_approval: true
  training_code: [GLOB]       paths whose authors may not approve (default: none besides
                              the artifact)
  max_age_days: 90

Example:
  checks:
    approval:
      committee: [alice@example.org, bob@example.org, carol@example.org]
      quorum: 2
      allowed_signers: .mlgate/allowed_signers
      training_code: [src/train/**]
)";

void SplitApprovalValue(std::string_view value, std::string* model, std::string* sha256) {
  size_t at = value.rfind('@');
  *model = std::string(value.substr(0, at));
  *sha256 = at != std::string_view::npos && value.compare(at, 8, "@sha256:") == 0 ? std::string(value.substr(at + 8)) : "";
}

std::string ApprovalTrailerValue(const std::string& model, const std::string& sha256) {
  return model + "@sha256:" + sha256;
}

namespace {

struct Approval {
  GitRepo::Commit commit;
  std::string sha256;    // what the trailer approves
  std::string identity;  // the member it counts for, once accepted so far
  std::string key;       // the verified key's fingerprint
  std::string reason;    // why it does not count; empty when it does
};

struct MemberCommit {
  std::string id, author_email;
};

std::string Short(const std::string& id) { return id.substr(0, 12); }

class ApprovalCheck : public Check {
 public:
  void Configure(Params& params) override {
    committee_ = params.StringList("committee", true);
    quorum_ = static_cast<int>(params.Number("quorum", 1, 1000, 1));
    if (!committee_.empty() && quorum_ > static_cast<int>(committee_.size())) {
      params.Error(params.location(), params.path() + ".quorum: " + std::to_string(quorum_) + " is more than the " +
                                          std::to_string(committee_.size()) + " committee members; it could never be met");
    }
    signatures_ = params.Enum("signatures", {"required", "optional"}, "required") == "required";
    allowed_signers_ = params.String("allowed_signers", false);
    revoked_keys_ = params.String("revoked_keys", false);
    gpg_keyring_ = params.String("gpg_keyring", false);
    if (signatures_ && allowed_signers_.empty() && gpg_keyring_.empty()) {
      params.Error(params.location(), params.path() + ": signatures: required needs the members' keys: allowed_signers "
                                                      "(SSH) or gpg_keyring (OpenPGP)");
    }
    forbid_self_approval_ = params.Bool("forbid_self_approval", true);
    training_code_ = params.StringList("training_code", false);
    max_age_days_ = static_cast<long>(params.Number("max_age_days", 1, 3650, 90));
  }

  Status Run(const CheckContext& ctx, CheckResult* result) const override {
    if (ctx.model_name.empty() || ctx.artifact_sha256.empty()) {
      return Status::InvalidArgument("approval: no model to judge; name it with --model, or give models: one entry "
                                     "with its artifact");
    }
    std::unique_ptr<GitRepo> repo;
    Status s = GitRepo::Open(ctx.workspace.root(), &repo);
    if (!s.ok()) return s.WithContext("approval: approvals are git commits");
    s = repo->CheckHistoryTrust();
    if (!s.ok()) return s;
    std::string signers, revoked, keyring;
    if (!allowed_signers_.empty()) s = Evidence(ctx, allowed_signers_, &signers, result);
    if (s.ok() && !revoked_keys_.empty()) s = Evidence(ctx, revoked_keys_, &revoked, result);
    if (s.ok() && !gpg_keyring_.empty()) s = Evidence(ctx, gpg_keyring_, &keyring, result);
    if (!s.ok()) return s;

    // One walk over the history: the commits mentioning the trailer, and (for the
    // self-approval rule) the committee members' own commits since the last promotion.
    std::vector<std::string> promoted;
    s = repo->TagTargets("mlgate/" + ctx.model_name + "/", &promoted);
    if (!s.ok()) return s;
    const std::string needle = std::string(kApprovalTrailer) + ":";
    std::vector<std::string> mentions;
    std::vector<MemberCommit> member_commits;
    s = repo->WalkHistory(promoted, [&](const GitRepo::RawCommit& c) {
      if (c.message.find(needle) != std::string_view::npos) mentions.push_back(c.id);
      if (forbid_self_approval_ && !c.marked && c.parents <= 1) {  // a merge's changes are its parents'
        std::string email = AuthorEmail(c.header);
        if (IsMember(email)) member_commits.push_back({c.id, email});
      }
      return Status::OK();
    });
    if (!s.ok()) return s;
    std::vector<Approval> approvals;
    for (const auto& id : mentions) {
      Approval a;
      s = repo->ReadCommit(id, &a.commit);
      if (!s.ok()) return s;
      for (const auto& [key, value] : a.commit.trailers) {
        if (key != kApprovalTrailer) continue;
        std::string model;
        SplitApprovalValue(value, &model, &a.sha256);
        if (model != ctx.model_name) continue;
        approvals.push_back(std::move(a));
        break;
      }
    }
    std::sort(approvals.begin(), approvals.end(), [](const Approval& x, const Approval& y) {
      return x.commit.time != y.commit.time ? x.commit.time > y.commit.time : x.commit.id < y.commit.id;
    });
    for (auto& a : approvals) {
      s = Judge(ctx, signers, revoked, keyring, &a);
      if (!s.ok()) return s;
    }
    if (forbid_self_approval_) {
      s = FindSelfApprovals(ctx, *repo, member_commits, !promoted.empty(), &approvals);
      if (!s.ok()) return s;
    }
    Report(ctx, approvals, result);
    return Status::OK();
  }

 private:
  // Reads a policy file the check relies on — from the base commit in pull-request mode, so
  // a pull request cannot add its author's key — and records it as evidence.
  static Status Evidence(const CheckContext& ctx, const std::string& path, std::string* bytes, CheckResult* result) {
    if (ctx.policy && ctx.policy->from_base()) {
      Status s = ctx.policy->Read(path, bytes);
      if (!s.ok()) return s.WithContext("approval");
      result->evidence.push_back({path + " (" + ctx.policy->Describe() + ")", Sha256Hex(*bytes), bytes->size()});
      return Status::OK();
    }
    EvidenceFile file;
    Status s = ctx.workspace.Read(path, &file);
    if (!s.ok()) return s.WithContext("approval");
    result->evidence.push_back(file.Record());
    bytes->assign(file.bytes);
    return Status::OK();
  }

  // Sets a->reason when the approval does not count (the first reason found, in the order
  // the help lists them), else a->identity.
  Status Judge(const CheckContext& ctx, const std::string& signers, const std::string& revoked,
               const std::string& keyring, Approval* a) const {
    const GitRepo::Commit& c = a->commit;
    if (a->sha256.size() != 64 || a->sha256.find_first_not_of("0123456789abcdef") != std::string::npos) {
      a->reason = "the trailer is not " + std::string(kApprovalTrailer) + ": MODEL@sha256:<64 hex digits>";
      return Status::OK();
    }
    if (a->sha256 != ctx.artifact_sha256) {
      a->reason = "approves sha256:" + a->sha256.substr(0, 12) + ", another artifact than the current sha256:" +
                  ctx.artifact_sha256.substr(0, 12);
      return Status::OK();
    }
    if (!IsMember(c.author_email)) {
      a->reason = c.author_email + " is not a committee member";
      return Status::OK();
    }
    long age = ctx.today.DaysSinceEpoch() - static_cast<long>(c.time / 86400);
    if (age > max_age_days_) {
      a->reason = "made " + std::to_string(age) + " days ago; approvals count for " + std::to_string(max_age_days_) +
                  " days (max_age_days)";
      return Status::OK();
    }
    if (c.signature_headers > 1) {
      a->reason = "the commit carries " + std::to_string(c.signature_headers) + " signatures; git signs with one";
      return Status::OK();
    }
    if (c.signature.empty()) {
      if (signatures_) {
        a->reason = "not signed; an author name or email alone proves nothing (sign with git commit -S)";
      } else {
        a->identity = c.author_email;
      }
      return Status::OK();
    }
    std::string kind = SignatureKind(c.signature);
    SignatureVerdict verdict;
    Status s;
    if (kind == "ssh") {
      if (allowed_signers_.empty()) {
        a->reason = "an SSH signature, but no allowed_signers file is configured to verify it against";
        return Status::OK();
      }
      s = VerifySshSignature(c.signature, c.signed_data, "git", signers, revoked, &verdict);
    } else if (kind == "gpg") {
      if (gpg_keyring_.empty()) {
        a->reason = "an OpenPGP signature, but no gpg_keyring is configured to verify it against";
        return Status::OK();
      }
      s = VerifyGpgSignature(c.signature, c.signed_data, keyring, &verdict);
    } else {
      a->reason = "a " + (kind.empty() ? std::string("unknown") : kind) +
                  " signature; mlgate verifies SSH (allowed_signers) and OpenPGP (gpg_keyring) signatures";
      return Status::OK();
    }
    if (!s.ok()) return s;
    if (!verdict.valid) {
      a->reason = verdict.reason;
      return Status::OK();
    }
    if (verdict.principal != c.author_email) {
      a->reason = (kind == "ssh" ? "signed with a key allowed_signers binds to " : "signed with the OpenPGP key of ") +
                  verdict.principal + ", not to the author " + c.author_email;
      return Status::OK();
    }
    a->identity = verdict.principal;
    a->key = verdict.key;
    return Status::OK();
  }

  bool IsMember(const std::string& email) const {
    return std::find(committee_.begin(), committee_.end(), email) != committee_.end();
  }

  // Rejects approvals by members who changed the artifact or the training code since the
  // model's last promotion: `commits` are the members' own commits in that span.
  Status FindSelfApprovals(const CheckContext& ctx, const GitRepo& repo, const std::vector<MemberCommit>& commits,
                           bool promoted, std::vector<Approval>* approvals) const {
    std::vector<std::string> watched = training_code_;
    if (!ctx.model_artifact.empty()) {
      watched.push_back(ctx.model_artifact);
      watched.push_back(ctx.model_artifact + ".dvc");
    }
    auto matches = [&](const std::string& path) {
      return std::any_of(watched.begin(), watched.end(), [&](const std::string& g) { return GlobMatch(g, path); });
    };
    std::map<std::string, std::string> changed;  // commit -> the first watched path it changed ("" none)
    for (auto& a : *approvals) {
      if (a.identity.empty()) continue;
      for (const auto& c : commits) {
        if (c.author_email != a.identity) continue;
        auto it = changed.find(c.id);
        if (it == changed.end()) {
          std::vector<std::string> paths;
          Status s = repo.ChangedPaths(c.id, &paths);
          if (!s.ok()) return s;
          auto hit = std::find_if(paths.begin(), paths.end(), matches);
          it = changed.emplace(c.id, hit == paths.end() ? "" : *hit).first;
        }
        if (it->second.empty()) continue;
        a.reason = "self-approval: " + a.identity + " changed " + it->second + " in " + Short(c.id) +
                   (promoted ? " since the last promotion" : "");
        a.identity.clear();
        break;
      }
    }
    return Status::OK();
  }

  void Report(const CheckContext& ctx, const std::vector<Approval>& approvals, CheckResult* result) const {
    std::set<std::string> members;
    int rejected = 0;
    for (const auto& a : approvals) {
      const GitRepo::Commit& c = a.commit;
      std::string who = c.author_name + " <" + c.author_email + ">";
      Finding f;
      f.blocking = false;  // valid_approvals judges; these say why each counts or not
      if (a.reason.empty()) {
        members.insert(a.identity);
        f.rule = "approval:accepted";
        f.severity = Severity::kInfo;
        f.message = "commit " + Short(c.id) + " by " + who + " approves " + ctx.model_name +
                    (a.key.empty() ? " (unsigned; signatures are optional)" : ", signed with " + a.key);
      } else {
        ++rejected;
        f.rule = "approval:rejected";
        f.severity = Severity::kMedium;
        f.message = "commit " + Short(c.id) + " by " + who + " does not count: " + a.reason;
      }
      result->findings.push_back(std::move(f));
    }
    int valid = static_cast<int>(members.size());
    result->measurements.push_back(LimitMeasurement("valid_approvals", valid, Op::kGe, quorum_, ""));
    result->measurements.push_back(InformationalMeasurement("quorum", quorum_, ""));
    std::string what = ctx.model_name + "@sha256:" + ctx.artifact_sha256.substr(0, 12);
    if (approvals.empty()) {
      result->summary = "no approval of " + what + " in the history; a committee member runs `mlgate approve " +
                        ctx.model_name + "`";
      return;
    }
    std::vector<std::string> names(members.begin(), members.end());
    result->summary = std::to_string(valid) + " of " + std::to_string(quorum_) + " required approvals of " + what +
                      (names.empty() ? "" : " (" + Join(names, ", ") + ")");
    if (rejected) {
      // Short of the quorum, the first reason is what the reader needs next.
      auto first = std::find_if(approvals.begin(), approvals.end(), [](const Approval& a) { return !a.reason.empty(); });
      result->summary += "; " + std::to_string(rejected) + " not counted" +
                         (valid < quorum_ ? " (" + Short(first->commit.id) + ": " + first->reason + ")" : "");
    }
  }

  std::vector<std::string> committee_, training_code_;
  int quorum_ = 1;
  bool signatures_ = true;
  std::string allowed_signers_, revoked_keys_, gpg_keyring_;
  bool forbid_self_approval_ = true;
  long max_age_days_ = 90;
};

}  // namespace

std::unique_ptr<Check> NewApprovalCheck() { return std::make_unique<ApprovalCheck>(); }

}  // namespace mlgate
