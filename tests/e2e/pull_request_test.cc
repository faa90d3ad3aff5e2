// End to end: pull-request mode. The example repository's main branch is the base; a
// branch changes things and `mlgate check --base main` judges it by main's policy.
#include "tests/e2e/example_repo.h"

#include <fstream>
#include <iterator>

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

TEST_F(PullRequestTest, InCiTheBaseComesFromThePullRequestItself) {
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
  // GitLab's merge request pipelines name the base the same way.
  r = Check("", "MLGATE_TODAY=2026-11-25 CI_MERGE_REQUEST_DIFF_BASE_SHA=" + base.substr(0, 40));
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_NE(r.err.find("(CI_MERGE_REQUEST_DIFF_BASE_SHA)"), std::string::npos) << r.err;
  // Without --base or a pull request's variables: an ordinary run, by the branch's own file.
  EXPECT_EQ(Check().exit_code, 0);
}

}  // namespace
}  // namespace mlgate

namespace mlgate {
namespace {

// The changed lines measured as diff-cover measures them, on the repository and report of
// tests/fixtures/diffcover (made by diff-cover 7.4.0 itself: see its README).
TEST(ChangedLinesTest, SameNumbersAsDiffCover) {
  namespace fs = std::filesystem;
  std::string fixture = std::string(MLGATE_SOURCE_DIR) + "/tests/fixtures/diffcover";
  testing::TempDir repo;
  auto git = [&](const std::string& args) {
    std::string err;
    ASSERT_EQ(RunCommand("cd '" + repo.path() + "' && GIT_CONFIG_NOSYSTEM=1 git -c user.name=T -c user.email=t@example.org " +
                             args,
                         nullptr, &err),
              0)
        << args << err;
  };
  fs::copy(fixture + "/base", repo.path(), fs::copy_options::recursive);
  // The policy lives on main (pull-request mode reads it from there); it is no source file.
  repo.Write("mlgate.yaml", "version: 1\nchecks:\n  coverage: {report: coverage.xml, min_changed_lines: 80}\n");
  git("init -q -b main");
  git("add -A");
  git("commit -q -m base");
  git("checkout -q -b feature");
  fs::remove_all(repo.path() + "/pricing");
  fs::remove_all(repo.path() + "/tests");
  fs::copy(fixture + "/head", repo.path(), fs::copy_options::recursive);
  git("add -A");
  git("commit -q -m feature");
  // The report is evidence, not part of the diff diff-cover saw.
  fs::copy_file(fixture + "/coverage.xml", repo.path() + "/coverage.xml");
  CliResult r = testing::RunMlgate(repo.path(), "check --base main --format json", "MLGATE_TODAY=2026-11-25");
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;  // 76.92 % < 80 %
  EXPECT_NE(r.out.find("; changed lines 76.92 % (10 of 13)"), std::string::npos) << r.out;
  std::string json = repo.Read("mlgate-report/report.json");
  EXPECT_NE(json.find("pricing/discount.py: changed lines 7, 13 not covered by the tests"), std::string::npos) << json;
  EXPECT_NE(json.find("pricing/tax.py: changed line 7 not covered by the tests"), std::string::npos) << json;
  // diff-cover's own record of the same: 13 lines, 3 missing, 76 % (truncated).
  std::ifstream in(fixture + "/diffcover.json");
  std::string diffcover((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_NE(diffcover.find("\"total_num_lines\": 13, \"total_num_violations\": 3, \"total_percent_covered\": 76"),
            std::string::npos);
}

}  // namespace
}  // namespace mlgate
