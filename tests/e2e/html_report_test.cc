// End to end: the example's report.html in a real browser (Debian's chromium, headless):
// it loads with no console message — a blocked fetch or script would log one, since the
// page's Content-Security-Policy forbids both — and shows the verdict. The screenshot in
// docs/report-html.png is this page: MLGATE_UPDATE_DOCS=1 makes the test write it there.
#include <filesystem>

#include "tests/e2e/example_repo.h"

namespace mlgate {
namespace {

using HtmlReportTest = testing::ExampleRepoTest;
using testing::CliResult;

const char kChromium[] = "/usr/bin/chromium";

// Chromium headless as the machine allows it (no sandbox as root, no network chatter).
std::string Chromium(const std::string& profile, const std::string& action, const std::string& page) {
  return std::string(kChromium) +
         " --headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking"
         " --disable-component-update --disable-sync --hide-scrollbars --enable-logging=stderr --v=0"
         " --user-data-dir='" +
         profile + "' " + action + " 'file://" + page + "'";
}

std::vector<std::string> ConsoleLines(const std::string& log) {
  std::vector<std::string> out;
  size_t at = 0;
  while ((at = log.find(":CONSOLE", at)) != std::string::npos) {
    size_t begin = log.rfind('\n', at), end = log.find('\n', at);
    out.push_back(
        log.substr(begin == std::string::npos ? 0 : begin + 1, end - (begin == std::string::npos ? 0 : begin + 1)));
    at = end == std::string::npos ? log.size() : end;
  }
  return out;
}

// The example's own SARIF against the official schema, and its JUnit read by junitparser.
TEST_F(HtmlReportTest, TheExamplesSarifAndJunitPassTheirConsumers) {
  std::string schema = std::string(MLGATE_SOURCE_DIR) + "/docs/schemas/sarif-schema-2.1.0.json";
  ASSERT_EQ(Check().exit_code, 0);
  std::string out, err;
  // scripts/setup.sh installs both consumers; a missing one fails here rather than hiding.
  EXPECT_EQ(testing::RunCommand("/usr/bin/python3 -c 'import json, sys, jsonschema; "
                                "jsonschema.validate(json.load(open(sys.argv[1])), json.load(open(sys.argv[2])))' '" +
                                    repo_.path() + "/mlgate-report/results.sarif' '" + schema + "'",
                                &out, &err),
            0)
      << err;
  EXPECT_EQ(testing::RunCommand("/usr/bin/python3 -c 'import sys; from junitparser import JUnitXml; "
                                "x = JUnitXml.fromfile(sys.argv[1]); print(x.tests, x.failures, x.errors)' '" +
                                    repo_.path() + "/mlgate-report/junit.xml'",
                                &out, &err),
            0)
      << err;
  EXPECT_EQ(out.substr(out.find(' ')), " 0 0\n") << out;  // cases counted, none failed
  EXPECT_GT(std::atoi(out.c_str()), 20) << out;
}

TEST_F(HtmlReportTest, TheExamplesReportLoadsCleanlyInChromium) {
  ASSERT_TRUE(std::filesystem::exists(kChromium)) << kChromium << " is absent (scripts/setup.sh)";
  CliResult r = Check();
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  std::string page = repo_.path() + "/mlgate-report/report.html";
  testing::TempDir browser;
  std::string dom, log;
  int rc = testing::RunCommand("timeout 120 " + Chromium(browser.path() + "/profile", "--dump-dom", page), &dom, &log);
  ASSERT_EQ(rc, 0) << log;
  EXPECT_EQ(ConsoleLines(log), std::vector<std::string>{});
  EXPECT_NE(dom.find("<strong>PASS</strong>"), std::string::npos) << dom.substr(0, 2000);
  EXPECT_NE(dom.find("id=\"check-approval\""), std::string::npos);
  EXPECT_EQ(dom.find("<script"), std::string::npos);

  std::string png = browser.path() + "/report-html.png";
  rc = testing::RunCommand("timeout 120 " + Chromium(browser.path() + "/profile2",
                                                     "--window-size=1200,1800 --screenshot='" + png + "'", page),
                           nullptr, &log);
  ASSERT_EQ(rc, 0) << log;
  std::string bytes = browser.Read("report-html.png");
  ASSERT_GT(bytes.size(), 10000u);
  EXPECT_EQ(bytes.substr(0, 8), "\x89PNG\r\n\x1a\n");
  if (const char* update = std::getenv("MLGATE_UPDATE_DOCS"); update && std::string(update) == "1") {
    std::filesystem::copy_file(png, std::string(MLGATE_SOURCE_DIR) + "/docs/report-html.png",
                               std::filesystem::copy_options::overwrite_existing);
  }
}

}  // namespace
}  // namespace mlgate
