// End to end: the lint check through the built binary, on a git repository made from the
// example (whose committed reports come from the real tools; see make_evidence.sh).
#include "tests/e2e/example_repo.h"

namespace mlgate {
namespace {

using LintCliTest = testing::ExampleRepoTest;
using testing::CliResult;

// A Bandit report with one finding on the example's own code, as bandit writes it.
const char kBanditFinding[] = R"({
  "errors": [],
  "generated_at": "2026-11-25T03:07:28Z",
  "metrics": {"_totals": {"SEVERITY.HIGH": 1.0}},
  "results": [
    {
      "code": "22     with open(path, \"w\", encoding=\"utf-8\") as f:\n",
      "col_offset": 4,
      "filename": "/home/runner/work/tumor/tumor/src/tumor/evaluate.py",
      "issue_confidence": "HIGH",
      "issue_severity": "HIGH",
      "issue_text": "Probable insecure usage of temp file/directory.",
      "line_number": 22,
      "line_range": [22],
      "more_info": "https://bandit.readthedocs.io/en/latest/plugins/b108_hardcoded_tmp_directory.html",
      "test_id": "B108",
      "test_name": "hardcoded_tmp_directory"
    }
  ]
})";

TEST_F(LintCliTest, TheExamplesRealReportsPass) {
  CliResult r = Check();
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("pass    lint            0 findings at or above medium from 6 tools"), std::string::npos) << r.out;
  std::string json = repo_.Read("mlgate-report/report.json");
  for (const char* tool : {"flake8", "pylint", "mypy", "bandit", "black", "isort"}) {
    EXPECT_NE(json.find(std::string("\"name\": \"findings.") + tool + "\""), std::string::npos) << tool;
    EXPECT_NE(json.find(std::string("\"path\": \"reports/")), std::string::npos) << tool;
  }
  // Pylint's conventions are low: in the report, not blocking.
  EXPECT_NE(json.find("\"rule\": \"pylint:C0116\""), std::string::npos);
}

TEST_F(LintCliTest, AFindingFailsWithItsLocationInJunitAndIsWaivable) {
  repo_.Write("reports/bandit.json", kBanditFinding);
  CliResult r = Check();
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_NE(r.out.find("findings.bandit 1, required <= 0"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("high bandit:B108: src/tumor/evaluate.py:22:5: Probable insecure usage"), std::string::npos) << r.out;
  std::string json = repo_.Read("mlgate-report/report.json");
  // The CI runner's absolute path is mapped to the repository.
  size_t at = json.find("\"rule\": \"bandit:B108\"");
  ASSERT_NE(at, std::string::npos) << json;
  std::string finding = json.substr(at, json.find('}', at) - at);
  EXPECT_NE(finding.find("\"path\": \"src/tumor/evaluate.py\""), std::string::npos) << finding;
  EXPECT_NE(finding.find("\"line\": 22"), std::string::npos) << finding;
  EXPECT_NE(finding.find("\"column\": 5"), std::string::npos) << finding;
  pugi::xml_document doc;
  pugi::xml_node suites = Junit(&doc);
  EXPECT_STRNE(suites.attribute("failures").value(), "0");
  std::string junit = repo_.Read("mlgate-report/junit.xml");
  EXPECT_NE(junit.find("bandit:B108"), std::string::npos) << junit;
  EXPECT_NE(junit.find("src/tumor/evaluate.py:22:5: high: Probable insecure usage"), std::string::npos) << junit;
  EXPECT_NE(junit.find("file=\"src/tumor/evaluate.py\" line=\"22\""), std::string::npos) << junit;

  repo_.Write("mlgate.yaml", repo_.Read("mlgate.yaml") +
                                 "waivers:\n  - check: lint\n    rule: bandit:B108\n    path: src/tumor/*.py\n"
                                 "    reason: the path is a test fixture, not a temp file\n"
                                 "    approved_by: alice@example.org\n    expires: 2027-01-31\n");
  r = Check();
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  json = repo_.Read("mlgate-report/report.json");
  EXPECT_NE(json.find("\"waived\": true"), std::string::npos);
  EXPECT_NE(json.find("\"waiver\": \"the path is a test fixture, not a temp file (approved by alice@example.org)\""), std::string::npos);
}

TEST_F(LintCliTest, AMissingRequiredReportFailsNamingTheTool) {
  std::filesystem::remove(repo_.path() + "/reports/mypy.txt");
  CliResult r = Check();
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.out.find("no mypy report: nothing matches reports/mypy.txt"), std::string::npos) << r.out;
}

TEST_F(LintCliTest, AnUnreadableReportBlocksAndNamesTheFile) {
  repo_.Write("reports/mypy.txt", "src/tumor/train.py:2: error: Skipping analyzing \"joblib\"  [import]\n");
  CliResult r = Check();
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.out.find("error   lint"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("reports/mypy.txt: no mypy summary line"), std::string::npos) << r.out;
  repo_.Write("reports/mypy.txt", repo_.Read("reports/bandit.json"));
  r = Check();
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.out.find("reports/mypy.txt: holds Bandit JSON, not a report of mypy"), std::string::npos) << r.out;
}

TEST_F(LintCliTest, ExplainDocumentsTheSeverityMapping) {
  CliResult r = testing::RunMlgate(repo_.path(), "explain lint");
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NE(r.out.find("Bandit         its severity, one step lower when its confidence is LOW"), std::string::npos);
}

// docs/THREATS.md §3 item 18: a report of 200 000 findings still fails the gate with every one
// counted, while the reports keep the 1000 most severe and say how many more there were.
TEST_F(LintCliTest, AFloodOfFindingsIsCountedButNotAllListed) {
  std::string results;
  for (int i = 0; i < 200000; ++i) {
    results += std::string(i ? "," : "") + "{\"code\": \"x\", \"col_offset\": 0, \"filename\": \"src/tumor/train.py\", "
               "\"issue_confidence\": \"HIGH\", \"issue_severity\": \"" + (i == 199999 ? "HIGH" : "LOW") +
               "\", \"issue_text\": \"t\", \"line_number\": " + std::to_string(i % 50 + 1) +
               ", \"line_range\": [1], \"more_info\": \"\", \"test_id\": \"B" + std::to_string(100 + i % 7) +
               "\", \"test_name\": \"n\"}";
  }
  repo_.Write("reports/bandit.json", "{\"errors\": [], \"generated_at\": \"2026-11-25T03:07:28Z\", \"metrics\": {}, "
                                     "\"results\": [" + results + "]}");
  CliResult r = Check();
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  // The example's other lint reports add a few findings of their own.
  EXPECT_NE(r.out.find("more findings not listed: reports keep 1000 a check"), std::string::npos) << r.out;
  std::string json = repo_.Read("mlgate-report/report.json");
  size_t listed = 0;
  for (size_t at = json.find("\"rule\": \"bandit:"); at != std::string::npos; at = json.find("\"rule\": \"bandit:", at + 1)) ++listed;
  EXPECT_GT(listed, 900u);
  EXPECT_LE(listed, 1000u);
  EXPECT_NE(json.find("\"severity\": \"high\""), std::string::npos);  // the one high finding is among them
  EXPECT_LT(json.size(), 4u << 20);
}

}  // namespace
}  // namespace mlgate
