// Each lint reader on its real tool's output (tests/fixtures/lint, README there): the exact
// findings the tool reported, on mlgate's severity scale; and every reader's bad input.
#include <gtest/gtest.h>

#include <map>

#include "checks/lint/lint_paths.h"
#include "checks/lint/lint_report.h"
#include "tests/testing/test_util.h"

namespace mlgate {
namespace {

LintReport ParseFixture(const std::string& name, const std::string& tool) {
  LintReport r;
  Status s = ParseLintReport(testing::Fixture("lint/" + name), name, tool, &r);
  EXPECT_TRUE(s.ok()) << s.message();
  return r;
}

Status ParseText(const std::string& text, const std::string& tool, LintReport* r) {
  return ParseLintReport(text, "reports/x", tool, r);
}

// "RULE@path:line:col/severity" for each finding, in report order.
std::vector<std::string> Keys(const LintReport& r) {
  std::vector<std::string> out;
  for (const auto& f : r.findings) {
    out.push_back(f.rule + "@" + f.path + ":" + std::to_string(f.line) + ":" + std::to_string(f.column) + "/" +
                  SeverityName(f.severity));
  }
  return out;
}

std::map<std::string, int> BySeverity(const LintReport& r) {
  std::map<std::string, int> out;
  for (const auto& f : r.findings) ++out[SeverityName(f.severity)];
  return out;
}

TEST(LintReadersTest, BanditJsonExactFindings) {
  LintReport r = ParseFixture("bandit.json", "bandit");
  EXPECT_EQ(r.format, "Bandit JSON");
  EXPECT_EQ(Keys(r), (std::vector<std::string>{
                         "B404@scoring/io.py:2:0/low", "B403@scoring/io.py:3:0/low", "B301@scoring/io.py:9:0/medium",
                         "B602@scoring/io.py:13:0/high", "B101@scoring/io.py:17:0/low"}));
  EXPECT_TRUE(r.incomplete.empty());
  ASSERT_TRUE(r.generated_unix.has_value());
}

TEST(LintReadersTest, BanditErrorsMakeTheReportIncomplete) {
  LintReport r = ParseFixture("bandit_errors.json", "bandit");
  ASSERT_EQ(r.incomplete.size(), 1u);
  EXPECT_EQ(r.incomplete[0], "bandit could not scan scoring/broken.py: syntax error while parsing AST from file");
}

TEST(LintReadersTest, BanditLowConfidenceLowersSeverity) {
  LintReport r;
  ASSERT_OK(ParseText(R"({"errors": [], "generated_at": "2026-11-25T03:07:28Z", "metrics": {}, "results": [
    {"filename": "a.py", "test_id": "B602", "issue_severity": "HIGH", "issue_confidence": "LOW",
     "issue_text": "shell", "line_number": 3, "col_offset": 4}]})", "bandit", &r));
  EXPECT_EQ(Keys(r), std::vector<std::string>{"B602@a.py:3:5/medium"});
}

TEST(LintReadersTest, Flake8DefaultTextWithCount) {
  LintReport r = ParseFixture("flake8.txt", "flake8");
  EXPECT_EQ(r.findings.size(), 10u);
  EXPECT_EQ(Keys(r)[0], "F401@scoring/score.py:2:1/medium");
  EXPECT_EQ(Keys(r)[1], "F821@scoring/score.py:18:20/high");
  EXPECT_EQ(Keys(r)[2], "E501@scoring/__init__.py:1:80/low");
  EXPECT_EQ(r.findings[1].message, "undefined name 'totl'");
  EXPECT_EQ(BySeverity(r), (std::map<std::string, int>{{"high", 1}, {"medium", 2}, {"low", 7}}));
}

TEST(LintReadersTest, Flake8PylintFormatGivesTheSameFindingsWithoutColumns) {
  LintReport text = ParseFixture("flake8.txt", "flake8");
  LintReport pylint_style = ParseFixture("flake8_pylint.txt", "flake8");
  ASSERT_EQ(pylint_style.findings.size(), text.findings.size());
  for (size_t i = 0; i < text.findings.size(); ++i) {
    EXPECT_EQ(pylint_style.findings[i].rule, text.findings[i].rule);
    EXPECT_EQ(pylint_style.findings[i].line, text.findings[i].line);
    EXPECT_EQ(pylint_style.findings[i].message, text.findings[i].message);
  }
}

TEST(LintReadersTest, Flake8CleanRunWithCountIsNoFindings) {
  EXPECT_TRUE(ParseFixture("flake8_clean.txt", "flake8").findings.empty());
}

TEST(LintReadersTest, Flake8CountMustMatchTheLines) {
  LintReport r;
  Status s = ParseText("a.py:1:1: F401 'os' imported but unused\n2\n", "flake8", &r);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("flake8 counted 2 problems but the report lists 1"), std::string::npos) << s.message();
}

TEST(LintReadersTest, PylintTextAndJsonAgree) {
  LintReport text = ParseFixture("pylint.txt", "pylint");
  LintReport json = ParseFixture("pylint.json", "pylint");
  EXPECT_EQ(text.format, "Pylint text");
  EXPECT_EQ(json.format, "Pylint JSON");
  EXPECT_EQ(BySeverity(text), (std::map<std::string, int>{{"high", 1}, {"medium", 2}, {"low", 9}}));
  EXPECT_EQ(Keys(text), Keys(json));
  EXPECT_EQ(Keys(text)[3], "E0602@scoring/score.py:18:20/high");
  EXPECT_EQ(json.findings[3].message, "Undefined variable 'totl' (undefined-variable)");
}

TEST(LintReadersTest, MypyTextWithSummary) {
  LintReport r = ParseFixture("mypy.txt", "mypy");
  EXPECT_EQ(Keys(r), std::vector<std::string>{"return-value@scoring/score.py:12:0/medium"});
  EXPECT_EQ(r.findings[0].message, "Incompatible return value type (got \"int\", expected \"str\")");
  EXPECT_TRUE(ParseFixture("mypy_clean.txt", "mypy").findings.empty());
}

TEST(LintReadersTest, MypyJsonLines) {
  LintReport r = ParseFixture("mypy.jsonl", "mypy");
  EXPECT_EQ(r.format, "mypy JSON lines");
  EXPECT_EQ(Keys(r), (std::vector<std::string>{"return-value@scoring/score.py:12:16/medium",
                                               "annotation-unchecked@scoring/score.py:16:1/info"}));
}

TEST(LintReadersTest, MypyWithoutSummaryOrWithWrongCountIsRefused) {
  LintReport r;
  Status s = ParseText("a.py:3: error: Name \"x\" is not defined  [name-defined]\n", "mypy", &r);
  EXPECT_NE(s.message().find("no mypy summary line"), std::string::npos) << s.message();
  s = ParseText("a.py:3: error: Name \"x\" is not defined  [name-defined]\nFound 2 errors in 1 file (checked 1 source file)\n",
                "mypy", &r);
  EXPECT_NE(s.message().find("summary counts 2 errors but the report lists 1"), std::string::npos) << s.message();
}

TEST(LintReadersTest, BlackLogs) {
  LintReport r = ParseFixture("black.log", "black");
  ASSERT_EQ(r.findings.size(), 1u);
  EXPECT_EQ(r.findings[0].rule, "would-reformat");
  EXPECT_EQ(r.findings[0].severity, Severity::kMedium);
  EXPECT_EQ(r.findings[0].path.substr(r.findings[0].path.size() - 17), "/scoring/style.py");
  EXPECT_TRUE(ParseFixture("black_clean.log", "black").findings.empty());
  Status s = ParseText("would reformat a.py\n", "black", &r);
  EXPECT_NE(s.message().find("not a complete Black log"), std::string::npos) << s.message();
}

TEST(LintReadersTest, IsortVerboseAndQuietLogs) {
  LintReport verbose = ParseFixture("isort.log", "isort");
  LintReport quiet = ParseFixture("isort_quiet.log", "isort");
  ASSERT_EQ(verbose.findings.size(), 2u);
  EXPECT_EQ(quiet.findings.size(), 2u);
  EXPECT_EQ(verbose.findings[1].path.substr(verbose.findings[1].path.size() - 17), "/scoring/style.py");
}

TEST(LintReadersTest, FlawfinderSarifUsesRuleLevels) {
  LintReport r = ParseFixture("flawfinder.sarif", "flawfinder");
  EXPECT_EQ(r.format, "SARIF 2.1.0");
  EXPECT_EQ(r.producer, "Flawfinder 2.0.19");
  EXPECT_EQ(Keys(r), (std::vector<std::string>{"FF1013@native/fastpath.c:6:3/low", "FF1001@native/fastpath.c:7:3/high",
                                               "FF1016@native/fastpath.c:8:3/high"}));
}

TEST(LintReadersTest, RuffJsonAndSarifFromRuffsOwnSnapshots) {
  LintReport json = ParseFixture("ruff.json", "ruff");
  LintReport sarif = ParseFixture("ruff.sarif", "ruff");
  EXPECT_EQ(Keys(json), (std::vector<std::string>{"F401@/fib.py:1:8/medium", "F841@/fib.py:6:5/medium",
                                                  "F821@/undef.py:1:4/high", "F821@/fib.py:12:16/high"}));
  ASSERT_EQ(sarif.findings.size(), 3u);
  EXPECT_EQ(sarif.findings[2].rule, "F821");
  EXPECT_EQ(sarif.findings[2].path, "[URI]");  // the snapshot's redaction of the path
  EXPECT_EQ(sarif.findings[2].severity, Severity::kHigh);  // every Ruff SARIF result is level error
}

TEST(LintReadersTest, PipAuditFindingsAndUnauditedPackages) {
  LintReport r = ParseFixture("pip_audit.json", "pip-audit");
  EXPECT_EQ(Keys(r), (std::vector<std::string>{"PYSEC-2021-76@:0:0/high", "not-audited@:0:0/low",
                                               "PYSEC-2021-852@:0:0/high", "PYSEC-2019-128@:0:0/high"}));
  EXPECT_NE(r.findings[0].message.find("aiohttp 3.6.2: PYSEC-2021-76"), std::string::npos);
  EXPECT_NE(r.findings[0].message.find("fixed in 3.7.4"), std::string::npos);
  EXPECT_NE(r.findings[2].message.find("no fixed version known"), std::string::npos);
}

TEST(LintReadersTest, SafetyTwoAndThree) {
  LintReport two = ParseFixture("safety2.json", "safety");
  EXPECT_EQ(two.format, "Safety 2.x JSON");
  EXPECT_EQ(Keys(two), std::vector<std::string>{"25853@:0:0/high"});
  LintReport three = ParseFixture("safety3.json", "safety");
  EXPECT_EQ(three.format, "Safety 3.0 JSON");
  EXPECT_EQ(three.revision, "83165f661fd606d6791ca0f4d843bc9381e327d3");
  EXPECT_EQ(Keys(three), (std::vector<std::string>{"51340@test_requirements.txt:0:0/high",
                                                   "25714@test_requirements.txt:0:0/high",
                                                   "33076@test_requirements.txt:0:0/critical",
                                                   "33074@test_requirements.txt:0:0/low"}));
}

TEST(LintReadersTest, SarifSecuritySeveritySuppressionsAndBases) {
  LintReport r;
  ASSERT_OK(ParseText(R"({"version": "2.1.0", "runs": [{
      "tool": {"driver": {"name": "CodeQL", "semanticVersion": "2.15.0",
               "rules": [{"id": "py/sql-injection", "properties": {"security-severity": "8.8"}},
                         {"id": "py/unused", "defaultConfiguration": {"level": "note"}}]}},
      "originalUriBaseIds": {"%SRCROOT%": {"uri": "file:///home/runner/work/app/app/"}},
      "versionControlProvenance": [{"repositoryUri": "https://x", "revisionId": "abc123"}],
      "invocations": [{"executionSuccessful": true, "endTimeUtc": "2026-11-20T10:00:00Z"}],
      "results": [
        {"ruleId": "py/sql-injection", "level": "error", "message": {"text": "SQL"},
         "locations": [{"physicalLocation": {"artifactLocation": {"uri": "src/db.py", "uriBaseId": "%SRCROOT%"},
                                              "region": {"startLine": 4, "startColumn": 2}}}]},
        {"ruleId": "py/unused", "message": {"text": "unused"}},
        {"ruleId": "py/unused", "message": {"text": "dismissed"}, "suppressions": [{"kind": "external"}]},
        {"ruleId": "py/unused", "kind": "pass", "message": {"text": "fine"}}]}]})",
                      "codeql", &r));
  EXPECT_EQ(Keys(r), (std::vector<std::string>{"py/sql-injection@file:///home/runner/work/app/app/src/db.py:4:2/high",
                                               "py/unused@:0:0/low"}));
  EXPECT_EQ(r.suppressed, 1);
  EXPECT_EQ(r.revision, "abc123");
  EXPECT_EQ(r.generated_unix, ParseUtcTimestamp("2026-11-20T10:00:00Z"));
}

TEST(LintReadersTest, SarifRuleByIndexOrNone) {
  LintReport r;
  ASSERT_OK(ParseText(R"({"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "x", "rules": [{"id": "X1"}, {"id": "X2"}]}},
      "results": [{"ruleIndex": 1, "message": {"text": "a"}}, {"ruleIndex": 7, "message": {"text": "b"}}]}]})", "x", &r));
  ASSERT_EQ(r.findings.size(), 2u);
  EXPECT_EQ(r.findings[0].rule, "X2");
  EXPECT_EQ(r.findings[1].rule, "no-rule");
}

TEST(LintReadersTest, SarifFailedRunIsIncomplete) {
  LintReport r;
  ASSERT_OK(ParseText(R"({"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "x"}}, "results": [],
      "invocations": [{"executionSuccessful": false, "toolExecutionNotifications": [
        {"level": "error", "message": {"text": "could not parse a.py"}}]}]}]})", "x", &r));
  EXPECT_EQ(r.incomplete.size(), 2u);
}

// Every reader's bad input ends in a clear error naming the file.
struct BadReport {
  const char* name;
  const char* tool;
  std::string text;
  const char* expected;  // a part of the message
};

// Test names stay printable (ctest discovers them from gtest's listing).
void PrintTo(const BadReport& b, std::ostream* os) { *os << b.name; }

class LintBadInputTest : public ::testing::TestWithParam<BadReport> {};

TEST_P(LintBadInputTest, IsAClearError) {
  LintReport r;
  Status s = ParseLintReport(GetParam().text, "reports/x", GetParam().tool, &r);
  ASSERT_FALSE(s.ok()) << GetParam().name;
  EXPECT_NE(s.message().find("reports/x"), std::string::npos) << s.message();
  EXPECT_NE(s.message().find(GetParam().expected), std::string::npos) << s.message();
}

std::string Truncated(const std::string& name, size_t keep) { return testing::Fixture("lint/" + name).substr(0, keep); }

INSTANTIATE_TEST_SUITE_P(
    AllReaders, LintBadInputTest,
    ::testing::Values(
        BadReport{"empty", "bandit", "", "the report is empty"},
        BadReport{"blank", "flake8", "\n  \n", "the report is empty"},
        BadReport{"truncated_bandit", "bandit", Truncated("bandit.json", 700), "reports/x:"},
        BadReport{"truncated_sarif", "flawfinder", Truncated("flawfinder.sarif", 300), "reports/x:"},
        BadReport{"truncated_pylint_json", "pylint", Truncated("pylint.json", 200), "reports/x:"},
        BadReport{"truncated_flake8", "flake8", Truncated("flake8.txt", 100), "looks truncated"},
        BadReport{"truncated_mypy", "mypy", Truncated("mypy.txt", 60), "looks truncated"},
        BadReport{"ruff_filed_as_bandit", "bandit", testing::Fixture("lint/ruff.json"), "holds Ruff JSON, not a report of bandit"},
        BadReport{"bandit_filed_as_pip_audit", "pip-audit", testing::Fixture("lint/bandit.json"), "holds Bandit JSON"},
        BadReport{"mypy_text_filed_as_flake8", "flake8", testing::Fixture("lint/mypy.txt"), "not a line flake8 writes"},
        BadReport{"flake8_filed_as_mypy", "mypy", testing::Fixture("lint/flake8.txt"), "not a line mypy writes"},
        BadReport{"black_filed_as_isort", "isort", testing::Fixture("lint/black.log"), "no isort SUCCESS or ERROR line"},
        BadReport{"isort_filed_as_black", "black", testing::Fixture("lint/isort.log"), "not a complete Black log"},
        BadReport{"text_for_sarif_tool", "codeql", "a.py:1:1: X1 y\n", "holds plain text"},
        BadReport{"coverage_xml", "ruff", "<?xml version=\"1.0\"?><coverage/>", "holds XML"},
        BadReport{"sarif_2_0", "codeql", R"({"version": "2.0.0", "$schema": "x", "runs": []})", "SARIF version \"2.0.0\""},
        BadReport{"sarif_no_driver", "codeql", R"({"version": "2.1.0", "runs": [{"results": []}]})", "tool.driver: missing"},
        BadReport{"sarif_bad_line", "codeql",
                  R"({"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "x"}}, "results": [{"message": {"text": "m"},
                     "locations": [{"physicalLocation": {"region": {"startLine": -3}}}]}]}]})",
                  "startLine: expected a non-negative integer"},
        BadReport{"bandit_wrong_type", "bandit",
                  R"({"generated_at": "x", "metrics": {}, "results": [{"test_id": "B1", "issue_text": "t", "filename": "a.py",
                     "line_number": "7", "issue_severity": "LOW", "issue_confidence": "LOW"}]})",
                  "results[0].line_number: expected a non-negative integer"},
        BadReport{"ruff_missing_location", "ruff", R"([{"code": "F401", "message": "m", "filename": "a.py", "location": {}}])",
                  "location.row: missing"},
        BadReport{"pip_audit_vulns_not_array", "pip-audit", R"({"dependencies": [{"name": "a", "version": "1", "vulns": {}}]})",
                  "vulns: expected an array"},
        BadReport{"safety_schema_4", "safety", R"({"meta": {"schema_version": "4.0"}, "scan_results": {}})", "schema 4.0"},
        BadReport{"unknown_json", "ruff", R"({"hello": "world"})", "JSON of an unknown layout"},
        BadReport{"empty_array_for_bandit", "bandit", "[]", "an empty JSON array"},
        BadReport{"duplicate_keys", "bandit", R"({"results": [], "results": [], "metrics": {}})", "duplicate"},
        // Found by fuzz/lint: "Found" without a space after the count threw out of the reader.
        BadReport{"mypy_found_without_errors", "mypy", "Found 21\n", "not a line mypy writes: \"Found 21\""},
        BadReport{"nan", "ruff", R"([{"code": "F401", "message": "m", "filename": "a.py", "location": {"row": NaN}}])",
                  "reports/x"},
        BadReport{"deep_nesting", "ruff", std::string(100000, '[') + std::string(100000, ']'), "reports/x"},
        BadReport{"binary", "flake8", std::string("\x7f" "ELF\x02\x01\x01\0\0\0", 10), "not valid UTF-8"},
        BadReport{"invalid_utf8", "pylint", "a.py:1:0: C0114: \xff\xfe\n", "not valid UTF-8"},
        BadReport{"mypy_jsonl_bad_severity", "mypy",
                  "{\"file\": \"a\", \"line\": 1, \"message\": \"m\", \"severity\": \"fatal\"}\n{\"file\": \"a\", \"line\": 1, "
                  "\"message\": \"m\", \"severity\": \"error\"}\n",
                  "severity \"fatal\""}),
    [](const ::testing::TestParamInfo<BadReport>& p) { return std::string(p.param.name); });

TEST(LintPathsTest, NormalizesWhatToolsWrite) {
  EXPECT_EQ(NormalizeToolPath("file:///home/runner/work/app/app/src/a%20b.py"), "/home/runner/work/app/app/src/a b.py");
  EXPECT_EQ(NormalizeToolPath("file://ci-host/builds/app/src/x.py"), "/builds/app/src/x.py");
  EXPECT_EQ(NormalizeToolPath("C:\\agent\\_work\\1\\s\\src\\x.py"), "/agent/_work/1/s/src/x.py");
  EXPECT_EQ(NormalizeToolPath("file:///C:/agent/src/x.py"), "/agent/src/x.py");
  EXPECT_EQ(NormalizeToolPath("./src//./x.py"), "src/x.py");
  EXPECT_EQ(NormalizeToolPath("src%00x.py"), "src%00x.py");  // never decoded into a NUL
}

TEST(LintPathsTest, MapsAnotherMachinesCheckoutBySuffix) {
  testing::TempDir dir;
  dir.Write("src/model/train.py", "x = 1\n");
  Workspace ws(dir.path(), 1 << 20);
  FindingPaths paths(ws);
  EXPECT_EQ(paths.Map("/home/runner/work/app/app/src/model/train.py"), "src/model/train.py");
  EXPECT_EQ(paths.Map(dir.path() + "/src/model/train.py"), "src/model/train.py");
  EXPECT_EQ(paths.Map("src\\model\\train.py"), "src/model/train.py");
  EXPECT_EQ(paths.Map("/elsewhere/gone.py"), "/elsewhere/gone.py");
  EXPECT_FALSE(paths.Exists("/elsewhere/gone.py"));
  EXPECT_TRUE(paths.Exists("src/model/train.py"));
}

}  // namespace
}  // namespace mlgate
