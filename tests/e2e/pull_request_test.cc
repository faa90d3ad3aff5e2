// End to end: pull-request mode. The example repository's main branch is the base; a
// branch changes things and `mlgate check --base main` judges it by main's policy.
#include "tests/e2e/example_repo.h"

namespace mlgate {
namespace {

using testing::CliResult;
using testing::RunCommand;

class PullRequestTest : public testing::ExampleRepoTest {
 protected:
  void SetUp() override {
    ExampleRepoTest::SetUp();
    Git("checkout -q -b feature");
  }

  void Git(const std::string& args, const std::string& who = "Pat <pat@example.org>") {
    std::string name = who.substr(0, who.find(" <")), email = who.substr(who.find('<') + 1);
    email.pop_back();
    std::string err;
    ASSERT_EQ(RunCommand("cd '" + repo_.path() + "' && GIT_CONFIG_NOSYSTEM=1 HOME='" + keys_.path() +
                             "' GIT_AUTHOR_NAME='" + name + "' GIT_AUTHOR_EMAIL='" + email + "' GIT_COMMITTER_NAME='" +
                             name + "' GIT_COMMITTER_EMAIL='" + email + "' git -c commit.gpgsign=false " + args,
                         nullptr, &err),
              0)
        << args << err;
  }
};

TEST_F(PullRequestTest, APullRequestLoweringTheThresholdIsJudgedByTheBase) {
  // main demands 99 % (more than the example's 97.78 %); the pull request lowers it to 50.
  Git("checkout -q main");
  EditPolicy("    min_line: 80\n", "    min_line: 99\n");
  Git("commit -q -am 'policy: 99 % line coverage'");
  Git("checkout -q feature");
  Git("merge -q --ff-only main");
  EditPolicy("    min_line: 99\n", "    min_line: 50\n");
  Git("commit -q -am 'relax coverage'");

  CliResult own = Check();  // judged by its own file: passes
  EXPECT_EQ(own.exit_code, 0) << own.out << own.err;
  CliResult r = Check("--base main");
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_NE(r.err.find("pull-request mode: the policy is read from base commit"), std::string::npos) << r.err;
  EXPECT_NE(r.out.find("fail    coverage        line coverage 97.78 % < 99 %"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("pending policy change mlgate.yaml (edited): judged by the base commit's version"),
            std::string::npos)
      << r.out;
  std::string json = repo_.Read("mlgate-report/report.json");
  EXPECT_NE(json.find("\"pending_changes\": [\n      \"mlgate.yaml (edited)\"\n    ]"), std::string::npos) << json;
  EXPECT_EQ(json.find("\"base\": null"), std::string::npos);
  EXPECT_NE(repo_.Read("mlgate-report/summary.md").find("### Pending policy changes"), std::string::npos);
}

TEST_F(PullRequestTest, APullRequestAddingItsAuthorToTheCommitteeDoesNotCount) {
  // Mallory adds herself to the committee and her key to allowed_signers, then approves.
  std::string err;
  ASSERT_EQ(RunCommand("ssh-keygen -q -t ed25519 -N '' -f '" + keys_.path() + "/mallory'", nullptr, &err), 0) << err;
  EditPolicy("committee: [alice@example.org, bob@example.org]",
             "committee: [alice@example.org, bob@example.org, mallory@example.org]");
  repo_.Write(".mlgate/allowed_signers", repo_.Read(".mlgate/allowed_signers") + "mallory@example.org namespaces=\"git\" " +
                                             keys_.Read("mallory.pub"));
  Git("commit -q -am 'add a reviewer'", "Mallory <mallory@example.org>");
  // Bob's approval is dropped from the branch: only alice's and mallory's remain.
  std::string out;
  ASSERT_EQ(RunCommand("cd '" + repo_.path() + "' && git log --format=%H --author=bob", &out, &err), 0) << err;
  Git("rebase -q --onto " + out.substr(0, 40) + "~1 " + out.substr(0, 40));
  CliResult approve = testing::RunMlgate(
      repo_.path(), "approve tumor-classifier",
      "GIT_CONFIG_NOSYSTEM=1 HOME='" + keys_.path() + "' GIT_AUTHOR_NAME=Mallory GIT_AUTHOR_EMAIL=mallory@example.org "
      "GIT_COMMITTER_NAME=Mallory GIT_COMMITTER_EMAIL=mallory@example.org GIT_CONFIG_COUNT=2 "
      "GIT_CONFIG_KEY_0=gpg.format GIT_CONFIG_VALUE_0=ssh GIT_CONFIG_KEY_1=user.signingkey GIT_CONFIG_VALUE_1='" +
          keys_.path() + "/mallory'");
  ASSERT_EQ(approve.exit_code, 0) << approve.err;

  CliResult own = Check();  // by the branch's own rules mallory counts
  EXPECT_NE(own.out.find("pass    approval        2 of 2 required approvals"), std::string::npos) << own.out;
  CliResult r = Check("--base main");
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_NE(r.out.find("fail    approval        1 of 2 required approvals"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("mallory@example.org is not a committee member"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("pending policy change mlgate.yaml (edited)"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("pending policy change .mlgate/allowed_signers (edited)"), std::string::npos) << r.out;
}

TEST_F(PullRequestTest, TheBaseIsAnExactNameOrIdNeverAnExpression) {
  for (const char* bad : {"main~1", "HEAD^", ":/fixture", "main@{1}", "-x", "a..b"}) {
    CliResult r = Check(std::string("--base '") + bad + "'");
    EXPECT_EQ(r.exit_code, 2) << bad << r.out;
    EXPECT_NE(r.err.find("expected a full commit id or a branch or tag name"), std::string::npos) << bad << r.err;
  }
  CliResult r = Check("--base nosuchbranch");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("no such branch or tag (looked for refs/heads/nosuchbranch, refs/remotes/origin/nosuchbranch"),
            std::string::npos)
      << r.err;
  r = Check("--base " + std::string(40, 'a'));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("no such commit in this repository"), std::string::npos) << r.err;
}

TEST_F(PullRequestTest, InGitHubActionsTheBaseComesFromTheEvent) {
  Git("checkout -q main");
  EditPolicy("    min_line: 80\n", "    min_line: 99\n");
  Git("commit -q -am 'policy: 99 %'");
  std::string base, err;
  ASSERT_EQ(RunCommand("cd '" + repo_.path() + "' && git rev-parse HEAD", &base, &err), 0);
  Git("checkout -q feature");
  Git("merge -q --ff-only main");
  EditPolicy("    min_line: 99\n", "    min_line: 50\n");
  Git("commit -q -am 'relax'");
  keys_.Write("event.json", "{\"pull_request\": {\"base\": {\"sha\": \"" + base.substr(0, 40) + "\"}}}");
  CliResult r = Check("", "MLGATE_TODAY=2026-11-25 GITHUB_EVENT_NAME=pull_request GITHUB_EVENT_PATH='" + keys_.path() +
                              "/event.json'");
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_NE(r.err.find("(the GitHub event (pull_request.base.sha))"), std::string::npos) << r.err;
  EXPECT_NE(r.out.find("line coverage 97.78 % < 99 %"), std::string::npos) << r.out;
}

}  // namespace
}  // namespace mlgate
