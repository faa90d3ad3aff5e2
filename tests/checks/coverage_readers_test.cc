// Each reader on the real tools' own reports (tests/fixtures/coverage, README there):
// mlgate's totals must equal the figures the tools print for the same data.
#include <gtest/gtest.h>

#include "checks/coverage/coverage_report.h"
#include "tests/testing/test_util.h"

namespace mlgate {
namespace {

std::string Identity(const std::string& p) { return p; }

struct Totals {
  long long lines_valid = 0, lines_covered = 0, branches_valid = 0, branches_covered = 0;
};

Totals Sum(const CoverageReport& r) {
  Totals t;
  for (const auto& f : r.files) {
    t.lines_valid += f.lines_valid;
    t.lines_covered += f.lines_covered;
    t.branches_valid += f.branches_valid;
    t.branches_covered += f.branches_covered;
  }
  return t;
}

CoverageReport ParseFixture(const std::string& name) {
  CoverageReport r;
  std::string bytes = testing::Fixture("coverage/" + name);
  Status s = ParseCoverageReport(bytes, name, Identity, &r);
  EXPECT_TRUE(s.ok()) << s.message();
  return r;
}

// Every reader keeps each executable line (pull-request mode's changed-lines coverage):
// as many as it counts, ascending, the covered ones flagged.
TEST(CoverageReadersTest, EveryFormatKeepsItsExecutableLines) {
  for (const char* name : {"coveragepy_lines.xml", "coveragepy_lines.json", "coveragepy_branch.json", "gcovr.xml",
                           "lcov.info", "jacoco.xml"}) {
    CoverageReport r = ParseFixture(name);
    long long kept = 0, covered = 0;
    for (const auto& f : r.files) {
      for (size_t i = 1; i < f.lines.size(); ++i) EXPECT_LT(f.lines[i - 1].number, f.lines[i].number) << name;
      kept += static_cast<long long>(f.lines.size());
      for (const auto& l : f.lines) covered += l.covered;
    }
    Totals t = Sum(r);
    if (r.format == "coverage.py json") {
      // Its executed_lines may hold a line that is no statement (a module docstring's line
      // 1): the missed ones are exact, the run ones at least what it counts.
      EXPECT_EQ(kept - covered, t.lines_valid - t.lines_covered) << name;
      EXPECT_GE(covered, t.lines_covered) << name;
    } else {
      EXPECT_EQ(kept, t.lines_valid) << name;
      EXPECT_EQ(covered, t.lines_covered) << name;
    }
  }
}

TEST(CoverageReadersTest, CoveragePyCoberturaLinesMatchCoverageReport) {
  CoverageReport r = ParseFixture("coveragepy_lines.xml");
  EXPECT_EQ(r.format, "cobertura");
  EXPECT_EQ(r.producer, "coverage.py 6.5.0");
  Totals t = Sum(r);
  EXPECT_EQ(t.lines_covered, 16);  // coverage report: 22 stmts, 6 miss, 72.7273 %
  EXPECT_EQ(t.lines_valid, 22);
  EXPECT_FALSE(r.has_branches);
  EXPECT_FALSE(r.combined_headline);
  // The report was made under /tmp/fx/py (its <source>); paths stay relative to it.
  EXPECT_EQ(r.files.back().path, "pricing/discount.py");
}

TEST(CoverageReadersTest, CoveragePyCoberturaWithBranchesHasTheCombinedHeadline) {
  CoverageReport r = ParseFixture("coveragepy_branch.xml");
  Totals t = Sum(r);
  EXPECT_EQ(t.lines_covered, 16);
  EXPECT_EQ(t.lines_valid, 22);
  EXPECT_EQ(t.branches_covered, 9);  // coverage json totals: covered_branches 9 of 14
  EXPECT_EQ(t.branches_valid, 14);
  EXPECT_TRUE(r.combined_headline);
  // coverage report --precision=4: 69.4444 %
  EXPECT_NEAR(100.0 * (t.lines_covered + t.branches_covered) / (t.lines_valid + t.branches_valid), 69.4444, 5e-5);
}

TEST(CoverageReadersTest, CoveragePyJsonMatchesItsOwnTotals) {
  CoverageReport lines = ParseFixture("coveragepy_lines.json");
  EXPECT_EQ(lines.format, "coverage.py json");
  Totals t = Sum(lines);
  EXPECT_EQ(t.lines_covered, 16);
  EXPECT_EQ(t.lines_valid, 22);
  CoverageReport branch = ParseFixture("coveragepy_branch.json");
  Totals b = Sum(branch);
  EXPECT_EQ(b.branches_covered, 9);
  EXPECT_EQ(b.branches_valid, 14);
  EXPECT_TRUE(branch.combined_headline);
}

TEST(CoverageReadersTest, GcovrMatchesGcovrSummary) {
  CoverageReport r = ParseFixture("gcovr.xml");
  EXPECT_EQ(r.producer, "gcovr 5.2");
  Totals t = Sum(r);
  EXPECT_EQ(t.lines_covered, 15);  // gcovr -r .: 20 lines, 15 exec, 75 %
  EXPECT_EQ(t.lines_valid, 20);
  EXPECT_EQ(t.branches_covered, 10);  // gcovr --branches: 14 branches, 10 taken
  EXPECT_EQ(t.branches_valid, 14);
  EXPECT_FALSE(r.combined_headline);
}

TEST(CoverageReadersTest, LcovMatchesLcovSummary) {
  CoverageReport r = ParseFixture("lcov.info");
  EXPECT_EQ(r.format, "lcov");
  Totals t = Sum(r);
  EXPECT_EQ(t.lines_covered, 15);  // lcov --summary: 75.0% (15 of 20 lines)
  EXPECT_EQ(t.lines_valid, 20);
  EXPECT_EQ(t.branches_covered, 10);  // 71.4% (10 of 14 branches)
  EXPECT_EQ(t.branches_valid, 14);
}

TEST(CoverageReadersTest, JacocoMatchesItsLineCounter) {
  CoverageReport r = ParseFixture("jacoco.xml");
  EXPECT_EQ(r.format, "jacoco");
  Totals t = Sum(r);
  EXPECT_EQ(t.lines_covered, 10);  // <counter type="LINE" missed="4" covered="10"/>
  EXPECT_EQ(t.lines_valid, 14);
  EXPECT_EQ(t.branches_covered, 2);  // <counter type="BRANCH" missed="2" covered="2"/>
  EXPECT_EQ(t.branches_valid, 4);
  ASSERT_EQ(r.files.size(), 1u);
  EXPECT_EQ(r.files[0].path, "shop/Cart.java");
}

TEST(CoverageReadersTest, GcovrMethodLinesAreNotCountedTwice) {
  // Newer gcovr repeats each line under <methods>; only class/lines/line counts.
  const char* xml = R"(<?xml version='1.0'?>
<coverage version="gcovr 7.0"><sources><source>.</source></sources><packages><package name="p"><classes>
<class name="a_c" filename="a.c"><methods><method name="f" signature=""><lines>
<line number="2" hits="1"/><line number="3" hits="0"/></lines></method></methods>
<lines><line number="2" hits="1"/><line number="3" hits="0"/></lines></class>
<class name="a_c2" filename="a.c"><methods/><lines><line number="3" hits="4"/><line number="9" hits="0"/></lines></class>
</classes></package></packages></coverage>)";
  CoverageReport r;
  ASSERT_OK(ParseCoverageReport(xml, "g.xml", Identity, &r));
  ASSERT_EQ(r.files.size(), 1u);
  EXPECT_EQ(r.files[0].lines_valid, 3);    // lines 2, 3, 9 once each (classes merged)
  EXPECT_EQ(r.files[0].lines_covered, 2);  // line 3 covered by the second class
}

TEST(CoverageReadersTest, LcovMergesRepeatedFilesAndParsesBranchNamesWithCommas) {
  const char* info =
      "TN:unit\nSF:/repo/a.c\nDA:1,1\nDA:2,0\nBRDA:2,0,jump to line 5, or not,0\nBRDA:2,0,1,-\nend_of_record\n"
      "TN:integration\nSF:/repo/a.c\nDA:2,3\nDA:3,-1\nBRDA:2,0,jump to line 5, or not,2\nend_of_record\n";
  CoverageReport r;
  ASSERT_OK(ParseCoverageReport(info, "t.info", [](const std::string& p) { return p.substr(6); }, &r));
  ASSERT_EQ(r.files.size(), 1u);
  EXPECT_EQ(r.files[0].path, "a.c");
  EXPECT_EQ(r.files[0].lines_valid, 3);
  EXPECT_EQ(r.files[0].lines_covered, 2);  // 1 and 2 hit; a negative count is not a hit
  EXPECT_EQ(r.files[0].branches_valid, 2);
  EXPECT_EQ(r.files[0].branches_covered, 1);
}

struct BadInput {
  const char* name;
  std::string bytes;
  const char* expected;  // a fragment of the error
};

void PrintTo(const BadInput& input, std::ostream* os) { *os << input.name; }

class CoverageBadInputTest : public ::testing::TestWithParam<BadInput> {};

TEST_P(CoverageBadInputTest, IsAClearErrorNamingTheFile) {
  CoverageReport r;
  Status s = ParseCoverageReport(GetParam().bytes, "reports/coverage.xml", Identity, &r);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.message().rfind("reports/coverage.xml", 0), 0u) << s.message();
  EXPECT_NE(s.message().find(GetParam().expected), std::string::npos) << s.message();
}

const std::string kHead = "<coverage version=\"6.5.0\"><packages><package name=\"p\"><classes><class filename=\"a.py\"><lines>";
const std::string kTail = "</lines></class></classes></package></packages></coverage>";

INSTANTIATE_TEST_SUITE_P(
    Hostile, CoverageBadInputTest,
    ::testing::Values(
        BadInput{"empty", "", "is empty"},
        BadInput{"blank", " \n\t\n", "is empty"},
        BadInput{"binary", std::string("\x89PNG\r\n\x1a\n\0\0\0", 11), "not a coverage report"},
        BadInput{"wrong_format", "name,value\na,1\n", "not a coverage report"},
        BadInput{"truncated_xml", kHead + "<line number=\"1\" hits=\"1\"/>", "the file is truncated"},
        BadInput{"truncated_attr", kHead + "<line number=\"1\" hits=\"1", "truncated"},
        BadInput{"billion_laughs", "<?xml version=\"1.0\"?><!DOCTYPE c [<!ENTITY a \"aaaa\">]><coverage/>",
                 "internal subset"},
        BadInput{"nan_hits", kHead + "<line number=\"1\" hits=\"NaN\"/>" + kTail, "expected a non-negative integer"},
        BadInput{"negative_hits", kHead + "<line number=\"1\" hits=\"-3\"/>" + kTail, "non-negative"},
        BadInput{"fraction_hits", kHead + "<line number=\"1\" hits=\"1.5\"/>" + kTail, "non-negative"},
        BadInput{"huge_hits", kHead + "<line number=\"1\" hits=\"99999999999999999999999\"/>" + kTail, "non-negative"},
        BadInput{"dup_attr", kHead + "<line number=\"1\" hits=\"0\" hits=\"1\"/>" + kTail, "duplicate attribute hits"},
        BadInput{"zero_line", kHead + "<line number=\"0\" hits=\"1\"/>" + kTail, "expected a line number"},
        BadInput{"bad_condition", kHead + "<line number=\"1\" hits=\"1\" branch=\"true\" condition-coverage=\"50% (3/2)\"/>" + kTail,
                 "condition-coverage"},
        BadInput{"no_filename", "<coverage><packages><package><classes><class name=\"x\"/></classes></package></packages></coverage>",
                 "without a filename"},
        BadInput{"wrong_root", "<testsuites/>", "not <coverage>"},
        BadInput{"jacoco_bad_count", "<report name=\"r\"><package name=\"p\"><sourcefile name=\"A.java\"><line nr=\"1\" mi=\"x\" ci=\"0\" mb=\"0\" cb=\"0\"/></sourcefile></package></report>",
                 "valid mi count"},
        BadInput{"lcov_no_end", "SF:a.c\nDA:1,1\n", "no end_of_record"},
        BadInput{"lcov_garbage", "SF:a.c\nthis is not lcov\nend_of_record\n", "is not an LCOV record"},
        BadInput{"lcov_bad_count", "SF:a.c\nDA:1,lots\nend_of_record\n", "bad execution count"},
        BadInput{"lcov_nan", "SF:a.c\nDA:1,nan\nend_of_record\n", "bad execution count"},
        BadInput{"json_not_coveragepy", "{\"accuracy\": 0.9}", "no \"files\" object"},
        BadInput{"json_truncated", "{\"files\": {\"a.py\": {\"summary\": {\"num_statements\": 3", "invalid JSON"},
        BadInput{"json_wrong_type", "{\"files\": {\"a.py\": {\"summary\": {\"num_statements\": \"3\", \"covered_lines\": 1}}}}",
                 "not a non-negative integer"},
        BadInput{"json_inconsistent", "{\"files\": {\"a.py\": {\"summary\": {\"num_statements\": 3, \"covered_lines\": 5}}}}",
                 "more covered than measured"},
        BadInput{"json_deep", "{\"files\": " + std::string(100000, '[') , "nesting deeper"}),
    [](const ::testing::TestParamInfo<BadInput>& p) { return std::string(p.param.name); });

}  // namespace
}  // namespace mlgate
