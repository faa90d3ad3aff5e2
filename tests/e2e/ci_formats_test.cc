// End to end: what CI systems read of a gate run — SARIF, Code Quality, JUnit, workflow
// annotations, $GITHUB_OUTPUT and the HTML page — on the example repository, with a finding whose text
// tries to break out of every format.
#include <pugixml.hpp>
#include <sstream>

#include "base/json_doc.h"
#include "tests/e2e/example_repo.h"

namespace mlgate {
namespace {

using CiFormatsTest = testing::ExampleRepoTest;
using testing::CliResult;

// Bandit's report with one finding whose message holds markup, CDATA's end, terminal
// escapes and workflow commands on lines of their own.
const char kHostileBandit[] = R"({
  "errors": [],
  "generated_at": "2026-11-25T03:07:28Z",
  "metrics": {"_totals": {"SEVERITY.HIGH": 1.0}},
  "results": [{
    "code": "22 x\n", "col_offset": 4,
    "filename": "/home/runner/work/tumor/tumor/src/tumor/evaluate.py",
    "issue_confidence": "HIGH", "issue_severity": "HIGH",
    "issue_text": "<script>alert(1)</script> ]]> \u001b[2J\u001b[31mred\n::set-output name=pwned::1\r\n::error::fake %0A",
    "line_number": 22, "line_range": [22], "more_info": "", "test_id": "B108", "test_name": "x"
  }]
})";

TEST_F(CiFormatsTest, HostileFindingTextStaysInertInEveryFormat) {
  repo_.Write("reports/bandit.json", kHostileBandit);
  testing::TempDir outputs;
  std::string github_output = outputs.Write("github_output", "");
  CliResult r = Check("", "MLGATE_TODAY=2026-11-25 GITHUB_ACTIONS=true GITHUB_OUTPUT=" + github_output);
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;

  // stdout: commands stopped first, resumed once, then only annotations; nothing the
  // finding says starts a line.
  std::vector<std::string> lines;
  std::istringstream in(r.out);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  ASSERT_FALSE(lines.empty());
  ASSERT_EQ(lines[0].rfind("::stop-commands::", 0), 0u) << r.out;
  std::string token = lines[0].substr(17);
  EXPECT_EQ(token.size(), 32u);
  size_t resumed = 0;
  while (resumed < lines.size() && lines[resumed] != "::" + token + "::") ++resumed;
  ASSERT_LT(resumed, lines.size()) << r.out;
  for (size_t i = 0; i < lines.size(); ++i) {
    EXPECT_NE(lines[i].rfind("::set-output", 0), 0u) << lines[i];
    if (i > resumed) {
      EXPECT_TRUE(lines[i].rfind("::error ", 0) == 0 || lines[i].rfind("::warning ", 0) == 0) << lines[i];
    }
    EXPECT_EQ(lines[i].find('\x1b'), std::string::npos) << lines[i];
  }
  std::string annotations = r.out.substr(r.out.find("::" + token + "::"));
  EXPECT_NE(annotations.find("::error file=src/tumor/evaluate.py,line=22,col=5,title=mlgate bandit%3AB108::"
                             "<script>alert(1)</script> ]]> [2J[31mred%0A::set-output name=pwned::1%0D%0A::error::fake "
                             "%250A"),
            std::string::npos)
      << annotations;
  EXPECT_NE(annotations.find("::error file=mlgate.yaml,line=1,title=mlgate lint%3A findings.bandit::"),
            std::string::npos);
  // $GITHUB_OUTPUT: two heredocs with one random delimiter.
  std::string output = outputs.Read("github_output");
  std::string delimiter = output.substr(9, output.find('\n') - 9);  // after "verdict<<"
  EXPECT_EQ(delimiter.rfind("mlgate_", 0), 0u) << output;
  EXPECT_EQ(output, "verdict<<" + delimiter + "\nfail\n" + delimiter + "\nreport-dir<<" + delimiter +
                        "\nmlgate-report\n" + delimiter + "\n");

  // Every file format still parses, and carries the finding.
  for (const char* file : {"report.json", "results.sarif", "codequality.json"}) {
    JsonValue doc;
    std::string text = repo_.Read("mlgate-report/" + std::string(file));
    EXPECT_TRUE(ParseJson(text, file, &doc).ok()) << file;
    EXPECT_NE(text.find("bandit:B108"), std::string::npos) << file;
  }
  pugi::xml_document junit;
  EXPECT_TRUE(junit.load_file((repo_.path() + "/mlgate-report/junit.xml").c_str()));
  EXPECT_EQ(repo_.Read("mlgate-report/junit.xml").find('\x1b'), std::string::npos);
  EXPECT_EQ(repo_.Read("mlgate-report/summary.md").find("<script>"), std::string::npos);
  std::string html = repo_.Read("mlgate-report/report.html");
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_EQ(html.find('\x1b'), std::string::npos);
  EXPECT_NE(html.find("&lt;script&gt;alert(1)&lt;/script&gt; ]]&gt; [2J[31mred"), std::string::npos);
}

// Outside GitHub Actions nothing of this is printed.
TEST_F(CiFormatsTest, NoWorkflowCommandsElsewhere) {
  repo_.Write("reports/bandit.json", kHostileBandit);
  CliResult r = Check();
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_EQ(r.out.find("::stop-commands::"), std::string::npos);
  EXPECT_EQ(r.out.find("::error "), std::string::npos);
}

// docs/THREATS.md T15: a token of the job's environment, quoted by evidence (a finding's text,
// plain and base64'd as a Basic header), appears in no report, no annotation, no log.
TEST_F(CiFormatsTest, TheEnvironmentsTokensAppearNowhere) {
  const std::string token = "ghp_CanaryCanary0123456789abcdefABCDEF";
  std::string basic, err;
  ASSERT_EQ(testing::RunCommand("(printf 'ci:%s' '" + token + "' | base64 -w0)", &basic, &err), 0);
  std::string bandit = kHostileBandit;
  bandit.replace(bandit.find("<script>"), 8, token + " Authorization: Basic " + basic + " ");
  repo_.Write("reports/bandit.json", bandit);
  repo_.Write("reports/flake8.txt", "src/tumor/train.py:3:1: F401 'x" + token + "' imported but unused\n1\n");
  testing::TempDir outputs;
  std::string github_output = outputs.Write("github_output", "");
  CliResult r = Check("", "MLGATE_TODAY=2026-11-25 GITHUB_ACTIONS=true GITHUB_OUTPUT=" + github_output +
                              " GITHUB_TOKEN=" + token + " CI_JOB_TOKEN=" + token);
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  std::vector<std::pair<std::string, std::string>> outputs_written = {{"stdout", r.out}, {"stderr", r.err}};
  for (const auto& entry : std::filesystem::directory_iterator(repo_.path() + "/mlgate-report")) {
    outputs_written.push_back({entry.path().filename().string(), repo_.Read("mlgate-report/" + entry.path().filename().string())});
  }
  ASSERT_GE(outputs_written.size(), 8u);
  std::string core = basic.substr(4, 24);  // base64 that depends on the token alone
  for (const auto& [name, text] : outputs_written) {
    EXPECT_EQ(text.find(token), std::string::npos) << name;
    EXPECT_EQ(text.find(token.substr(4, 20)), std::string::npos) << name;
    EXPECT_EQ(text.find(core), std::string::npos) << name << ": " << core;
  }
  EXPECT_NE(repo_.Read("mlgate-report/report.json").find("[redacted]"), std::string::npos);
  EXPECT_NE(r.out.find("[redacted]"), std::string::npos) << r.out;
}

}  // namespace
}  // namespace mlgate
