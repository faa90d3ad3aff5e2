#include "checks/coverage_check.h"

#include "tests/checks/check_fixture.h"

namespace mlgate {
namespace {

class CoverageCheckTest : public testing::CheckFixture {
 protected:
  void SetUp() override {
    dir_.Write("reports/cov.xml", testing::Fixture("coverage/coveragepy_branch.xml"));
  }
};

TEST_F(CoverageCheckTest, PassesAtTheDefaultAndReportsAllThreeFigures) {
  ASSERT_TRUE(Configure("coverage", "report: reports/cov.xml\nmin_line: 70\n").empty());
  Status s;
  CheckResult r = Run(&s);
  ASSERT_OK(s);
  EXPECT_EQ(r.status, CheckStatus::kPass);
  EXPECT_NEAR(Find(r, "line_coverage")->value, 100.0 * 16 / 22, 1e-12);
  EXPECT_EQ(Find(r, "line_coverage")->threshold, 70);
  EXPECT_NEAR(Find(r, "branch_coverage")->value, 100.0 * 9 / 14, 1e-12);
  EXPECT_NEAR(Find(r, "combined_coverage")->value, 100.0 * 25 / 36, 1e-12);
  EXPECT_EQ(r.summary, "line coverage 72.73 % >= 70 % (16 of 22 lines, cobertura (coverage.py 6.5.0))");
  ASSERT_EQ(r.evidence.size(), 1u);
  EXPECT_EQ(r.evidence[0].path, "reports/cov.xml");
  EXPECT_EQ(r.evidence[0].sha256.size(), 64u);
}

TEST_F(CoverageCheckTest, FailsUnderTheDefault80) {
  ASSERT_TRUE(Configure("coverage", "report: reports/cov.xml\n").empty());
  Status s;
  CheckResult r = Run(&s);
  EXPECT_EQ(r.status, CheckStatus::kFail);
  EXPECT_EQ(Find(r, "line_coverage")->threshold, 80);
  EXPECT_FALSE(Find(r, "line_coverage")->ok);
}

TEST_F(CoverageCheckTest, BranchAndCombinedMinimums) {
  ASSERT_TRUE(Configure("coverage", "report: reports/cov.xml\nmin_line: 70\nmin_branch: 65\n").empty());
  Status s;
  EXPECT_EQ(Run(&s).status, CheckStatus::kFail);  // 64.29 % < 65
  ASSERT_TRUE(Configure("coverage", "report: reports/cov.xml\nmin_line: 70\nmin_combined: 69\n").empty());
  EXPECT_EQ(Run(&s).status, CheckStatus::kPass);  // 69.44 %
}

TEST_F(CoverageCheckTest, MinBranchWithoutBranchDataIsAnError) {
  dir_.Write("reports/lines.xml", testing::Fixture("coverage/coveragepy_lines.xml"));
  ASSERT_TRUE(Configure("coverage", "report: reports/lines.xml\nmin_branch: 50\n").empty());
  Status s;
  CheckResult r = Run(&s);
  EXPECT_EQ(r.status, CheckStatus::kError);
  EXPECT_NE(s.message().find("min_branch is set but the report has no branch data"), std::string::npos);
}

TEST_F(CoverageCheckTest, PerFileFloorListsTheFilesBelowIt) {
  dir_.Write("reports/lcov.info", testing::Fixture("coverage/lcov.info"));
  ASSERT_TRUE(Configure("coverage", "report: reports/lcov.info\nmin_line: 70\nmin_file: 90\n").empty());
  Status s;
  CheckResult r = Run(&s);
  ASSERT_OK(s);
  EXPECT_EQ(r.status, CheckStatus::kFail);
  ASSERT_EQ(r.findings.size(), 1u);
  EXPECT_EQ(r.findings[0].rule, "coverage:file-below-min");
  EXPECT_NE(r.findings[0].message.find("line coverage 75.00 % is below the per-file minimum 90 % (15 of 20 lines)"),
            std::string::npos)
      << r.findings[0].message;
}

TEST_F(CoverageCheckTest, ExcludeEverythingLeavesNoEvidence) {
  ASSERT_TRUE(Configure("coverage", "report: reports/cov.xml\nexclude: [\"pricing/**\"]\n").empty());
  Status s;
  CheckResult r = Run(&s);
  EXPECT_EQ(r.status, CheckStatus::kError);
  EXPECT_NE(s.message().find("has no executable lines after excluding 2 files"), std::string::npos) << s.message();
}

TEST_F(CoverageCheckTest, EmptyReportBlocksEvenThoughToolsSay100) {
  dir_.Write("reports/empty.xml",
             "<?xml version=\"1.0\" ?>\n<coverage version=\"6.5.0\" lines-valid=\"0\" line-rate=\"1\"><sources/>"
             "<packages/></coverage>\n");
  ASSERT_TRUE(Configure("coverage", "report: reports/empty.xml\n").empty());
  Status s;
  CheckResult r = Run(&s);
  EXPECT_EQ(r.status, CheckStatus::kError);
  EXPECT_NE(s.message().find("no executable lines"), std::string::npos);
}

TEST_F(CoverageCheckTest, PhasedThresholdWarnsBeforeAndEnforcesFrom) {
  ASSERT_TRUE(Configure("coverage",
                        "report: reports/cov.xml\nmin_line: {value: 70, stricter: 75, effective_on: 2027-03-01}\n")
                  .empty());
  Status s;
  CheckResult before = Run(&s, Date{2027, 2, 28});
  EXPECT_EQ(before.status, CheckStatus::kWarn);
  const Measurement* upcoming = Find(before, "line_coverage.upcoming");
  ASSERT_NE(upcoming, nullptr);
  EXPECT_TRUE(upcoming->advisory);
  EXPECT_EQ(upcoming->note, "enforced from 2027-03-01");
  CheckResult from = Run(&s, Date{2027, 3, 1});
  EXPECT_EQ(from.status, CheckStatus::kFail);
  EXPECT_EQ(Find(from, "line_coverage")->threshold, 75);
}

TEST_F(CoverageCheckTest, MissingReportIsAnErrorNamingIt) {
  ASSERT_TRUE(Configure("coverage", "report: reports/none.xml\n").empty());
  Status s;
  CheckResult r = Run(&s);
  EXPECT_EQ(r.status, CheckStatus::kError);
  EXPECT_EQ(s.message().rfind("coverage report: reports/none.xml: not found", 0), 0u) << s.message();
}

}  // namespace
}  // namespace mlgate
