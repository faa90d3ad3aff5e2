#include "checks/lint_check.h"

#include "tests/checks/check_fixture.h"

namespace mlgate {
namespace {

class LintCheckTest : public testing::CheckFixture {
 protected:
  void SetUp() override {
    // The fixture package the reports were made from, so their paths exist here.
    for (const char* f : {"__init__.py", "io.py", "score.py", "clean.py", "style.py"}) {
      dir_.Write(std::string("scoring/") + f, testing::Fixture(std::string("lint/src/scoring/") + f));
    }
    dir_.Write("native/fastpath.c", testing::Fixture("lint/src/native/fastpath.c"));
    for (const char* f : {"bandit.json", "flake8.txt", "mypy.txt", "black.log", "isort.log", "pylint.json",
                          "flawfinder.sarif", "bandit_errors.json", "pip_audit.json", "flake8_clean.txt", "mypy_clean.txt"}) {
      dir_.Write(std::string("reports/") + f, testing::Fixture(std::string("lint/") + f));
    }
  }

  static int Count(const CheckResult& r, const std::string& rule_prefix, bool blocking_only) {
    int n = 0;
    for (const auto& f : r.findings) {
      if (f.rule.compare(0, rule_prefix.size(), rule_prefix) == 0 && (!blocking_only || f.blocking)) ++n;
    }
    return n;
  }
};

TEST_F(LintCheckTest, CountsFindingsAtOrAboveFailOnPerTool) {
  ASSERT_TRUE(Configure("lint", "reports:\n  bandit: reports/bandit.json\n  flake8: reports/flake8.txt\n"
                                "  mypy: reports/mypy.txt\n  black: reports/black.log\n  isort: reports/isort.log\n"
                                "  pylint: reports/pylint.json\n  flawfinder: reports/flawfinder.sarif\n")
                  .empty());
  Status s;
  CheckResult r = Run(&s);
  ASSERT_OK(s);
  EXPECT_EQ(r.status, CheckStatus::kFail);
  // At or above medium: bandit B301+B602, flake8 F401×2+F821, mypy 1, black 1, isort 2,
  // pylint W0611×2+E0602, flawfinder FF1001+FF1016.
  for (auto [name, value] : std::vector<std::pair<std::string, double>>{{"findings.bandit", 2}, {"findings.flake8", 3},
                                                                        {"findings.mypy", 1}, {"findings.black", 1},
                                                                        {"findings.isort", 2}, {"findings.pylint", 3},
                                                                        {"findings.flawfinder", 2}, {"reports_missing", 0}}) {
    const Measurement* m = Find(r, name);
    ASSERT_NE(m, nullptr) << name;
    EXPECT_EQ(m->value, value) << name;
    EXPECT_EQ(m->ok, value == 0) << name;
  }
  EXPECT_EQ(Count(r, "bandit:", false), 5);
  // Every finding by severity, as the tools rated them (fixtures README).
  EXPECT_EQ(Find(r, "findings.bandit.high")->value, 1);
  EXPECT_EQ(Find(r, "findings.bandit.medium")->value, 1);
  EXPECT_EQ(Find(r, "findings.bandit.low")->value, 3);
  EXPECT_TRUE(Find(r, "findings.bandit.low")->informational);
  EXPECT_EQ(Find(r, "findings.flake8.low")->value, 7);
  EXPECT_EQ(Find(r, "findings.pylint.low")->value, 9);
  EXPECT_EQ(Find(r, "findings.bandit.critical"), nullptr);
  EXPECT_EQ(Count(r, "bandit:", true), 2);
  EXPECT_EQ(r.summary, "14 findings at or above medium from 7 tools (bandit 2, flake8 3, mypy 1, black 1, isort 2, "
                       "pylint 3, flawfinder 2)");
  // Black's and isort's absolute paths from the temporary checkout map to the repository.
  for (const auto& f : r.findings) {
    if (f.rule == "black:would-reformat") {
      EXPECT_EQ(f.path, "scoring/style.py");
    }
    if (f.rule == "bandit:B602") {
      EXPECT_EQ(f.path, "scoring/io.py");
      EXPECT_EQ(f.line, 13);
      EXPECT_EQ(f.severity, Severity::kHigh);
    }
  }
  EXPECT_EQ(Count(r, "lint:", false), 0);  // nothing stale, nothing missing
}

// Pull-request mode with only_changed: the findings on lines the pull request added count,
// and those without a line; the rest are left out and counted.
TEST_F(LintCheckTest, OnlyChangedJudgesTheFindingsOnAddedLines) {
  ChangedLines changed = {{"scoring/score.py", {17, 18, 19}}, {"scoring/style.py", {1}}};
  changed_lines_ = &changed;
  ASSERT_TRUE(Configure("lint", "reports: {flake8: reports/flake8.txt, pip-audit: reports/pip_audit.json}\n"
                                "only_changed: true\n")
                  .empty());
  Status s;
  CheckResult r = Run(&s);
  ASSERT_OK(s);
  EXPECT_EQ(Find(r, "findings.flake8")->value, 1);  // F821 on score.py:18; not F401 on line 2
  EXPECT_EQ(Count(r, "flake8:", false), 1);
  EXPECT_EQ(r.findings.size() - static_cast<size_t>(Count(r, "flake8:", false)),
            static_cast<size_t>(Count(r, "pip-audit:", false)));
  EXPECT_GT(Count(r, "pip-audit:", false), 0);  // dependency findings have no line: still judged
  EXPECT_EQ(Find(r, "findings_outside_changes")->value, 9);
  // Outside pull-request mode the setting changes nothing.
  changed_lines_ = nullptr;
  r = Run(&s);
  EXPECT_EQ(Count(r, "flake8:", false), 10);
  EXPECT_EQ(Find(r, "findings_outside_changes"), nullptr);
}

TEST_F(LintCheckTest, CleanReportsPass) {
  ASSERT_TRUE(Configure("lint", "reports:\n  flake8: reports/flake8_clean.txt\n  mypy: reports/mypy_clean.txt\n").empty());
  Status s;
  CheckResult r = Run(&s);
  ASSERT_OK(s);
  EXPECT_EQ(r.status, CheckStatus::kPass);
  EXPECT_EQ(r.summary, "0 findings at or above medium from 2 tools");
}

TEST_F(LintCheckTest, FailOnPerToolAndMaxFindings) {
  ASSERT_TRUE(Configure("lint", "reports:\n  bandit: reports/bandit.json\n  flake8: reports/flake8.txt\n"
                                "fail_on: {severity: high, tools: {flake8: low}}\nmax_findings: {flake8: 10}\n")
                  .empty());
  Status s;
  CheckResult r = Run(&s);
  ASSERT_OK(s);
  EXPECT_EQ(Find(r, "findings.bandit")->value, 1);  // B602 only
  EXPECT_FALSE(Find(r, "findings.bandit")->ok);
  EXPECT_EQ(Find(r, "findings.flake8")->value, 10);
  EXPECT_TRUE(Find(r, "findings.flake8")->ok);  // within its budget of 10
  EXPECT_EQ(Count(r, "flake8:", true), 0);      // with a budget, single findings do not block
}

TEST_F(LintCheckTest, MissingRequiredReportFailsNamingToolAndPath) {
  ASSERT_TRUE(Configure("lint", "reports:\n  flake8: reports/flake8_clean.txt\n  bandit: reports/nothere.json\n"
                                "  semgrep: reports/semgrep/*.json\nrequire: [bandit]\n")
                  .empty());
  Status s;
  CheckResult r = Run(&s);
  ASSERT_OK(s);
  EXPECT_EQ(r.status, CheckStatus::kFail);
  EXPECT_EQ(Find(r, "reports_missing")->value, 1);
  ASSERT_EQ(Count(r, "lint:report-missing", true), 1);
  EXPECT_EQ(Count(r, "lint:report-missing", false), 2);  // semgrep is not required: noted only
  EXPECT_NE(r.summary.find("no bandit report: nothing matches reports/nothere.json"), std::string::npos) << r.summary;
}

TEST_F(LintCheckTest, GlobReadsEveryMatchingReport) {
  dir_.Write("reports/sarif/a.sarif", testing::Fixture("lint/flawfinder.sarif"));
  dir_.Write("reports/sarif/nested/b.sarif", testing::Fixture("lint/flawfinder.sarif"));
  ASSERT_TRUE(Configure("lint", "reports:\n  flawfinder: \"reports/sarif/**/*.sarif\"\n").empty());
  Status s;
  CheckResult r = Run(&s);
  ASSERT_OK(s);
  EXPECT_EQ(r.evidence.size(), 2u);
  EXPECT_EQ(Find(r, "findings.flawfinder")->value, 4);
}

TEST_F(LintCheckTest, IncompleteOrUnreadableReportIsAnErrorThatKeepsTheRest) {
  ASSERT_TRUE(Configure("lint", "reports:\n  flake8: reports/flake8.txt\n  bandit: reports/bandit_errors.json\n").empty());
  Status s;
  CheckResult r = Run(&s);
  EXPECT_EQ(r.status, CheckStatus::kError);
  EXPECT_NE(s.message().find("reports/bandit_errors.json: the Bandit JSON report is incomplete evidence: bandit could "
                             "not scan scoring/broken.py"),
            std::string::npos)
      << s.message();
  EXPECT_EQ(Find(r, "findings.flake8")->value, 3);  // what could be read is kept
}

TEST_F(LintCheckTest, FindingsOnVanishedFilesMakeTheReportStale) {
  dir_.Write("reports/old_flake8.txt", "old/module.py:3:1: F401 'os' imported but unused\n1\n");
  ASSERT_TRUE(Configure("lint", "reports:\n  flake8: reports/old_flake8.txt\n").empty());
  Status s;
  CheckResult r = Run(&s);
  ASSERT_OK(s);
  ASSERT_EQ(Count(r, "lint:stale-report", true), 1);
  for (const auto& f : r.findings) {
    if (f.rule == "lint:stale-report") {
      EXPECT_EQ(f.message, "reports/old_flake8.txt is stale: it has findings on files that do not exist in this tree "
                           "(old/module.py) — run flake8 on this commit");
    }
  }
}

TEST_F(LintCheckTest, SarifOfAnotherCommitIsStale) {
  dir_.Write("reports/x.sarif", R"({"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "x"}}, "results": [],
    "versionControlProvenance": [{"repositoryUri": "r", "revisionId": "1111111111111111111111111111111111111111"}]}]})");
  git_commit_ = "2222222222222222222222222222222222222222";
  ASSERT_TRUE(Configure("lint", "reports:\n  codeql: reports/x.sarif\n").empty());
  Status s;
  CheckResult r = Run(&s);
  ASSERT_OK(s);
  EXPECT_EQ(r.status, CheckStatus::kFail);
  EXPECT_EQ(Count(r, "lint:stale-report", true), 1);
  git_commit_ = "1111111111111111111111111111111111111111";
  r = Run(&s);
  EXPECT_EQ(r.status, CheckStatus::kPass);
}

TEST_F(LintCheckTest, MaxAgeAgainstTheCommitTime) {
  // bandit.json records when it was generated; a commit 30 days later makes it stale.
  ASSERT_TRUE(Configure("lint", "reports:\n  bandit: reports/bandit.json\nmax_age: 7d\nfail_on: {severity: critical}\n").empty());
  Status s;
  commit_time_ = 4102444800;  // 2100-01-01
  CheckResult r = Run(&s);
  ASSERT_OK(s);
  EXPECT_EQ(Count(r, "lint:stale-report", true), 1);
  commit_time_ = 1;
  r = Run(&s);
  EXPECT_EQ(r.status, CheckStatus::kPass);
}

TEST_F(LintCheckTest, AOneGigabyteReportIsRefusedBeforeParsing) {
  dir_.WriteSparse("reports/huge.sarif", 1ULL << 30);
  ASSERT_TRUE(Configure("lint", "reports:\n  codeql: reports/huge.sarif\n").empty());
  Status s;
  CheckResult r = Run(&s);
  EXPECT_EQ(r.status, CheckStatus::kError);
  EXPECT_NE(s.message().find("reports/huge.sarif: 1073741824 bytes is over the evidence limit"), std::string::npos)
      << s.message();
}

TEST_F(LintCheckTest, ConfigurationErrors) {
  ConfigErrors e = Configure("lint", "reports: reports/bandit.json\n");
  ASSERT_EQ(e.size(), 1u);
  EXPECT_NE(e[0].find("checks.lint.reports: expected a mapping of tool to report path"), std::string::npos) << e[0];
  e = Configure("lint", "reports:\n  bandt: reports/bandit.json\n");
  ASSERT_EQ(e.size(), 1u);
  EXPECT_NE(e[0].find("mlgate.yaml:2:3: checks.lint.reports.bandt: unknown tool (did you mean \"bandit\"?)"),
            std::string::npos)
      << e[0];
  e = Configure("lint", "reports:\n  bandit: reports/bandit.json\nrequire: [ruff]\n");
  ASSERT_EQ(e.size(), 1u);
  EXPECT_NE(e[0].find("\"ruff\" has no report under reports:"), std::string::npos) << e[0];
  e = Configure("lint", "reports:\n  bandit: reports/bandit.json\nfail_on: {severity: severe}\nmax_age: 7days\n");
  ASSERT_EQ(e.size(), 2u);
  EXPECT_NE(e[0].find("severe"), std::string::npos) << e[0];
  EXPECT_NE(e[1].find("\"7days\" is not a duration"), std::string::npos) << e[1];
  e = Configure("lint", "reports:\n  bandit: reports/bandit.json\nmax_findings: {ruff: 3}\n");
  ASSERT_EQ(e.size(), 1u);
  EXPECT_NE(e[0].find("ruff"), std::string::npos) << e[0];
}

}  // namespace
}  // namespace mlgate
