// End to end: committee approvals through the built binary, on git repositories made by the
// test, with real SSH keys (ssh-keygen) and real signed commits (git commit -S), approvals
// written by `mlgate approve` itself.
#include <gtest/gtest.h>

#include <filesystem>
#include <functional>
#include <map>

#include "tests/testing/test_util.h"

namespace mlgate {
namespace {

using testing::CliResult;
using testing::RunCommand;

class ApprovalCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // Keys live outside the repository: alice has two, mallory is no member.
    for (const char* key : {"alice", "alice2", "bob", "carol", "mallory"}) {
      std::string err;
      ASSERT_EQ(RunCommand("ssh-keygen -q -t ed25519 -N '' -C " + std::string(key) + " -f '" + keys_.path() + "/" +
                               key + "'",
                           nullptr, &err),
                0)
          << err;
    }
    std::string signers;
    for (auto [member, key] : std::vector<std::pair<std::string, std::string>>{
             {"alice@example.org", "alice"}, {"alice@example.org", "alice2"}, {"bob@example.org", "bob"},
             {"carol@example.org", "carol"}, {"mallory@example.org", "mallory"}}) {
      signers += member + " namespaces=\"git\" " + PublicKey(key);
    }
    repo_.Write(".mlgate/allowed_signers", signers);
    repo_.Write(".mlgate/revoked_keys", "");
    repo_.Write("model.bin", "weights v1\n");
    repo_.Write("train.py", "print('train')\n");
    repo_.Write("mlgate.yaml",
                "version: 1\n"
                "models:\n  classifier: {artifact: model.bin}\n"
                "checks:\n"
                "  approval:\n"
                "    committee: [alice@example.org, bob@example.org, carol@example.org]\n"
                "    quorum: 2\n"
                "    allowed_signers: .mlgate/allowed_signers\n"
                "    revoked_keys: .mlgate/revoked_keys\n"
                "    training_code: [train.py]\n");
    Git("init -q -b main");
    Commit("Dana", "dana@example.org", "add -A");
    Commit("Dana", "dana@example.org", "commit -q -m setup");
  }

  std::string PublicKey(const std::string& key) { return keys_.Read(key + ".pub"); }

  // git as a person, with `key` (a file in keys_) as the SSH signing key when given.
  std::string As(const std::string& name, const std::string& email, const std::string& key = "") {
    std::string env = "GIT_AUTHOR_NAME='" + name + "' GIT_AUTHOR_EMAIL='" + email + "' GIT_COMMITTER_NAME='" + name +
                      "' GIT_COMMITTER_EMAIL='" + email + "' GIT_CONFIG_NOSYSTEM=1 HOME='" + keys_.path() + "'";
    if (!key.empty()) {
      env += " GIT_CONFIG_COUNT=2 GIT_CONFIG_KEY_0=gpg.format GIT_CONFIG_VALUE_0=ssh GIT_CONFIG_KEY_1=user.signingkey "
             "GIT_CONFIG_VALUE_1='" + keys_.path() + "/" + key + "'";
    }
    return env;
  }

  void Git(const std::string& args, const std::string& env = "") {
    std::string err;
    ASSERT_EQ(RunCommand("cd '" + repo_.path() + "' && env " + env + " git " + args, nullptr, &err), 0) << args << err;
  }
  void Commit(const std::string& name, const std::string& email, const std::string& args) { Git(args, As(name, email)); }

  // `mlgate approve classifier` as a member, signed with `key` (unsigned when empty).
  void Approve(const std::string& name, const std::string& email, const std::string& key) {
    CliResult r = testing::RunMlgate(repo_.path(), "approve classifier" + std::string(key.empty() ? " --no-sign" : ""),
                                     As(name, email, key));
    ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
    EXPECT_NE(r.out.find("approved classifier@sha256:"), std::string::npos) << r.out;
  }

  // Replaces HEAD's commit by its raw text changed by `edit` (signature headers kept as
  // they are), as someone rewriting history by hand would.
  void RewriteHead(const std::function<void(std::string*)>& edit) {
    std::string raw, err, id;
    ASSERT_EQ(RunCommand("cd '" + repo_.path() + "' && git cat-file commit HEAD", &raw, &err), 0) << err;
    edit(&raw);
    repo_.Write("rewritten.txt", raw);
    ASSERT_EQ(RunCommand("cd '" + repo_.path() + "' && git hash-object -t commit -w rewritten.txt", &id, &err), 0) << err;
    std::filesystem::remove(repo_.path() + "/rewritten.txt");
    Git("update-ref refs/heads/main " + id.substr(0, 40));
  }

  CliResult Check(const std::string& today = "2026-11-25") {
    return testing::RunMlgate(repo_.path(), "check --format json", "MLGATE_TODAY=" + today);
  }

  // The messages of the report's approval findings.
  std::string Findings() { return repo_.Read("mlgate-report/report.json"); }

  testing::TempDir keys_, repo_;
};

TEST_F(ApprovalCliTest, TwoSignedMembersMeetTheQuorum) {
  Approve("Alice", "alice@example.org", "alice");
  Approve("Bob", "bob@example.org", "bob");
  CliResult r = Check();
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("pass    approval        2 of 2 required approvals of classifier@sha256:"), std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("(alice@example.org, bob@example.org)"), std::string::npos) << r.out;
}

TEST_F(ApprovalCliTest, NoApprovalFailsAndSaysWhatToRun) {
  CliResult r = Check();
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_NE(r.out.find("no approval of classifier@sha256:"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("runs `mlgate approve classifier`"), std::string::npos) << r.out;
}

TEST_F(ApprovalCliTest, AForgedAuthorWithoutSignatureDoesNotCount) {
  Approve("Alice", "alice@example.org", "alice");
  Approve("Bob", "bob@example.org", "");  // mallory could have typed bob's name
  CliResult r = Check();
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_NE(Findings().find("does not count: not signed; an author name or email alone proves nothing"),
            std::string::npos);
  EXPECT_NE(r.out.find("1 of 2 required approvals"), std::string::npos) << r.out;
}

TEST_F(ApprovalCliTest, ASignatureByAnotherMembersKeyDoesNotCount) {
  Approve("Alice", "alice@example.org", "alice");
  Approve("Bob", "bob@example.org", "mallory");  // bob's name, mallory's key
  EXPECT_EQ(Check().exit_code, 1);
  EXPECT_NE(Findings().find("signed with a key allowed_signers binds to mallory@example.org, not to the author "
                            "bob@example.org"),
            std::string::npos)
      << Findings();
}

TEST_F(ApprovalCliTest, AKeyNoAllowedSignerNamesDoesNotCount) {
  std::string err;
  ASSERT_EQ(RunCommand("ssh-keygen -q -t ed25519 -N '' -f '" + keys_.path() + "/stranger'", nullptr, &err), 0) << err;
  Approve("Alice", "alice@example.org", "alice");
  Approve("Bob", "bob@example.org", "stranger");
  EXPECT_EQ(Check().exit_code, 1);
  EXPECT_NE(Findings().find("signed by a key no allowed_signers entry names as valid today"), std::string::npos)
      << Findings();
}

TEST_F(ApprovalCliTest, AnApprovalOfThePreviousArtifactDoesNotCount) {
  Approve("Alice", "alice@example.org", "alice");
  Approve("Bob", "bob@example.org", "bob");
  repo_.Write("model.bin", "weights v2\n");
  Commit("Dana", "dana@example.org", "commit -q -am retrain");
  CliResult r = Check();
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_NE(Findings().find(", another artifact than the current sha256:"), std::string::npos) << Findings();
  EXPECT_NE(r.out.find("0 of 2 required approvals"), std::string::npos) << r.out;
}

TEST_F(ApprovalCliTest, SelfApprovalDoesNotCount) {
  repo_.Write("train.py", "print('train better')\n");
  Commit("Alice", "alice@example.org", "commit -q -am tune");
  Approve("Alice", "alice@example.org", "alice");
  Approve("Bob", "bob@example.org", "bob");
  EXPECT_EQ(Check().exit_code, 1);
  EXPECT_NE(Findings().find("self-approval: alice@example.org changed train.py in "), std::string::npos) << Findings();
}

TEST_F(ApprovalCliTest, AnOldApprovalExpires) {
  Approve("Alice", "alice@example.org", "alice");
  Approve("Bob", "bob@example.org", "bob");
  EXPECT_EQ(Check().exit_code, 0);
  CliResult r = Check("2031-01-01");  // years later: past max_age_days (90)
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_NE(Findings().find("days ago; approvals count for 90 days (max_age_days)"), std::string::npos) << Findings();
}

TEST_F(ApprovalCliTest, OnePersonWithTwoKeysCountsOnce) {
  Approve("Alice", "alice@example.org", "alice");
  Approve("Alice", "alice@example.org", "alice2");
  CliResult r = Check();
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_NE(r.out.find("1 of 2 required approvals"), std::string::npos) << r.out;
}

TEST_F(ApprovalCliTest, ARevokedKeyNeverCounts) {
  Approve("Alice", "alice@example.org", "alice");
  Approve("Bob", "bob@example.org", "bob");
  repo_.Write(".mlgate/revoked_keys", PublicKey("bob"));
  CliResult r = Check();
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_NE(Findings().find("signed by a revoked key (SHA256:"), std::string::npos) << Findings();
}

TEST_F(ApprovalCliTest, ACommitWithTwoSignaturesIsRefused) {
  Approve("Alice", "alice@example.org", "alice");
  Approve("Bob", "bob@example.org", "bob");
  // Rewrite bob's approval with its gpgsig header twice (git itself does not refuse this).
  RewriteHead([](std::string* raw) {
    size_t begin = raw->find("gpgsig ");
    size_t end = raw->find("-----END SSH SIGNATURE-----", begin);
    ASSERT_NE(end, std::string::npos) << *raw;
    end = raw->find('\n', end) + 1;
    raw->insert(end, raw->substr(begin, end - begin));
  });
  EXPECT_EQ(Check().exit_code, 1);
  EXPECT_NE(Findings().find("the commit carries 2 signatures; git signs with one"), std::string::npos) << Findings();
}

TEST_F(ApprovalCliTest, ATamperedApprovalDoesNotVerify) {
  Approve("Alice", "alice@example.org", "alice");
  Approve("Bob", "bob@example.org", "bob");
  // Bob's signed commit with its message edited after signing: the signature stays, the
  // data it signed is gone.
  RewriteHead([](std::string* raw) {
    size_t at = raw->find("Approve classifier");
    ASSERT_NE(at, std::string::npos) << *raw;
    raw->replace(at, 18, "Approve classifiers");
  });
  EXPECT_EQ(Check().exit_code, 1);
  EXPECT_NE(Findings().find("does not count: the signature does not verify for bob@example.org"), std::string::npos)
      << Findings();
}

TEST_F(ApprovalCliTest, AKeyPastItsValidityDoesNotCount) {
  Approve("Alice", "alice@example.org", "alice");
  Approve("Bob", "bob@example.org", "bob");
  // Bob's key was valid until 2020 only: judged today, not at the commit's (chosen) date.
  std::string signers = repo_.Read(".mlgate/allowed_signers");
  size_t at = signers.find("bob@example.org namespaces=\"git\"");
  ASSERT_NE(at, std::string::npos);
  signers.replace(at, 32, "bob@example.org namespaces=\"git\",valid-before=\"20200101\"");
  repo_.Write(".mlgate/allowed_signers", signers);
  CliResult r = Check();
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_NE(r.out.find("1 of 2 required approvals"), std::string::npos) << r.out;
  EXPECT_NE(Findings().find("by Bob <bob@example.org> does not count: signed by a key no allowed_signers entry names "
                            "as valid today"),
            std::string::npos)
      << Findings();
}

// OpenPGP signatures (git's default format): the committee's public keys in gpg_keyring.
TEST_F(ApprovalCliTest, OpenPgpSignaturesCountByTheKeyringsUserIds) {
  std::string home = keys_.path() + "/gnupg", err;
  std::filesystem::create_directories(home);
  std::filesystem::permissions(home, std::filesystem::perms::owner_all);
  auto gpg = [&](const std::string& args, std::string* out = nullptr) {
    ASSERT_EQ(RunCommand("gpg --batch --quiet --homedir '" + home + "' " + args, out, &err), 0) << args << err;
  };
  gpg("--passphrase '' --quick-gen-key 'Carol <carol@example.org>' ed25519 sign never");
  gpg("--passphrase '' --quick-gen-key 'Mallory <mallory@example.org>' ed25519 sign never");
  std::string keyring;
  gpg("--export --armor carol@example.org", &keyring);  // mallory's key is not the committee's
  repo_.Write(".mlgate/committee.asc", keyring);
  repo_.Write("mlgate.yaml", repo_.Read("mlgate.yaml") + "    gpg_keyring: .mlgate/committee.asc\n");
  auto approve_gpg = [&](const std::string& name, const std::string& email, const std::string& key) {
    CliResult r = testing::RunMlgate(repo_.path(), "approve classifier",
                                     As(name, email) + " GNUPGHOME='" + home +
                                         "' GIT_CONFIG_COUNT=1 GIT_CONFIG_KEY_0=user.signingkey GIT_CONFIG_VALUE_0=" + key);
    ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  };
  Approve("Alice", "alice@example.org", "alice");
  approve_gpg("Carol", "carol@example.org", "carol@example.org");
  approve_gpg("Bob", "bob@example.org", "mallory@example.org");  // bob's name, a key outside the keyring
  CliResult r = Check();
  RunCommand("gpgconf --homedir '" + home + "' --kill all", nullptr, nullptr);
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("2 of 2 required approvals of classifier@sha256:"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("(alice@example.org, carol@example.org)"), std::string::npos) << r.out;
  std::string findings = Findings();
  EXPECT_NE(findings.find("by Carol <carol@example.org> approves classifier, signed with OpenPGP "), std::string::npos)
      << findings;
  EXPECT_NE(findings.find("by Bob <bob@example.org> does not count: signed by a key the gpg_keyring does not hold"),
            std::string::npos)
      << findings;
}

TEST_F(ApprovalCliTest, AnUntrustworthyHistoryIsAnErrorThatBlocks) {
  Approve("Alice", "alice@example.org", "alice");
  Approve("Bob", "bob@example.org", "bob");
  // A shallow clone: the history the approvals need is missing.
  testing::TempDir clone;
  std::string err;
  ASSERT_EQ(RunCommand("git clone -q --depth 1 'file://" + repo_.path() + "' '" + clone.path() + "/r'", nullptr, &err), 0)
      << err;
  CliResult r = testing::RunMlgate(clone.path() + "/r", "check --format json", "MLGATE_TODAY=2026-11-25");
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_NE(r.out.find("cannot verify: the repository is a shallow clone"), std::string::npos) << r.out;
  // Grafts and replace refs rewrite the history locally.
  repo_.Write(".git/info/grafts", "");
  r = Check();
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_NE(r.out.find("info/grafts rewrites the history locally"), std::string::npos) << r.out;
  std::filesystem::remove(repo_.path() + "/.git/info/grafts");
  Git("replace -f HEAD HEAD~1");
  r = Check();
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_NE(r.out.find("cannot verify: refs/replace/"), std::string::npos) << r.out;
}

TEST_F(ApprovalCliTest, ApproveExplainsAMissingModelOrSigningKey) {
  CliResult r = testing::RunMlgate(repo_.path(), "approve churn", As("Alice", "alice@example.org", "alice"));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("no model \"churn\" under models: in"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("(models: classifier)"), std::string::npos) << r.err;
  r = testing::RunMlgate(repo_.path(), "approve classifier", As("Alice", "alice@example.org"));
  EXPECT_EQ(r.exit_code, 2) << r.out;
  EXPECT_NE(r.err.find("git commit failed"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace mlgate
