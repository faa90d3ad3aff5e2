#include <gtest/gtest.h>

#include <pugixml.hpp>
#include <set>
#include <sstream>

#include "base/json_doc.h"
#include "reporters/reporter.h"
#include "tests/testing/test_util.h"

namespace mlgate {
namespace {

// A decision with every kind of content, and text that tries to break each format out.
Decision SampleDecision() {
  const std::string hostile =
      "</script><img onerror=x> ]]> \x01\x1b[2J ::error::x @org/team | `x` \xFF \xEF\xBF\xBE end";
  Decision d;
  d.tool_version = "0.1.0";
  d.model_name = "churn";
  d.model_artifact = "models/churn.pkl";
  d.model_sha256 = std::string(64, 'a');
  d.git_commit = std::string(40, 'b');
  d.environment = "production";
  d.date = "2026-11-25";
  CheckResult coverage;
  coverage.id = "coverage";
  coverage.title = "Test coverage";
  coverage.blocking = true;
  coverage.status = CheckStatus::kFail;
  coverage.summary = "line coverage 72.73 % < 99 %";
  coverage.measurements.push_back({"line_coverage", 72.72727272727273, Op::kGe, 99, 0, "%", false, false, ""});
  coverage.measurements.push_back(InformationalMeasurement("branch_coverage", 64.28571428571429, "%"));
  coverage.findings.push_back({"coverage:file-below-min", Severity::kMedium, hostile, "src/a.py", 3, 7, true, false, "",
                               "", "5b1ea8b2a1e4a6c1:1"});
  coverage.findings.push_back({"coverage:file-below-min", Severity::kMedium, "b", "src/my b.py", 0, 0, true, true,
                               "generated (approved by alice@example.org)", "2027-01-31", ""});
  coverage.evidence.push_back({"reports/coverage.xml", std::string(64, 'c'), 1234});
  coverage.seconds = 0.0123456;
  d.checks.push_back(coverage);
  CheckResult metrics;
  metrics.id = "metrics";
  metrics.title = "Model metrics";
  metrics.blocking = false;
  metrics.status = CheckStatus::kError;
  metrics.summary = "metric recall named in the policy is missing from metrics.json";
  d.checks.push_back(metrics);
  d.overrides.push_back({"checks.coverage.min_line", "governance", "80", "99", "mlgate.yaml:6:15"});
  d.waivers.push_back({"coverage", "coverage:*", "applied", "2027-01-31", "alice@example.org", "generated", 1});
  d.policy_files.push_back({"mlgate.yaml", std::string(64, 'd'), 200});
  ResolveVerdict(&d);
  return d;
}

std::string Render(WriteReport write, const Decision& d, ReportOptions options = {}) {
  std::ostringstream out;
  Status s = write(d, options, out);
  EXPECT_TRUE(s.ok()) << s.message();
  return out.str();
}

TEST(JsonReporterTest, RoundTripsEveryField) {
  Decision d = SampleDecision();
  std::string json = Render(&WriteJsonReport, d);
  Decision back;
  ASSERT_OK(ReadJsonReport(json, "report.json", &back));
  EXPECT_EQ(back.verdict, "fail");
  EXPECT_EQ(back.model_sha256, d.model_sha256);
  ASSERT_EQ(back.checks.size(), 2u);
  EXPECT_EQ(back.checks[0].measurements[0].value, d.checks[0].measurements[0].value);  // exact, not rounded
  EXPECT_EQ(back.checks[0].findings[0].line, 3);
  EXPECT_TRUE(back.checks[0].measurements[1].informational);
  EXPECT_TRUE(back.checks[0].findings[1].waived);
  EXPECT_EQ(back.checks[0].findings[1].waiver_expires, "2027-01-31");
  EXPECT_EQ(back.checks[1].status, CheckStatus::kError);
  EXPECT_FALSE(back.checks[1].blocking);
  EXPECT_EQ(back.overrides[0].location, "mlgate.yaml:6:15");
  EXPECT_EQ(back.waivers[0].matched, 1);
  EXPECT_EQ(back.checks[0].findings[0].line_hash, "5b1ea8b2a1e4a6c1:1");
  // Writing what was read gives the same bytes: the JSON is a faithful source.
  EXPECT_EQ(Render(&WriteJsonReport, back), json);
}

TEST(JsonReporterTest, ContractFieldsArePresent) {
  std::string json = Render(&WriteJsonReport, SampleDecision());
  for (const char* field : {"\"schema_version\": 1", "\"tool\"", "\"verdict\": \"fail\"", "\"model\"", "\"git\"",
                            "\"environment\": \"production\"", "\"checks\"", "\"measurements\"", "\"findings\"",
                            "\"evidence\"", "\"seconds\"", "\"op\": null", "\"threshold\": null"}) {
    EXPECT_NE(json.find(field), std::string::npos) << field;
  }
}

TEST(JunitReporterTest, IsWellFormedWithCountsAndFailureValues) {
  std::string xml = Render(&WriteJunitReport, SampleDecision());
  pugi::xml_document doc;
  pugi::xml_parse_result parsed = doc.load_string(xml.c_str());
  ASSERT_TRUE(parsed) << parsed.description() << "\n" << xml;
  pugi::xml_node suites = doc.child("testsuites");
  EXPECT_STREQ(suites.attribute("failures").value(), "2");
  EXPECT_STREQ(suites.attribute("errors").value(), "0");  // the erroring check is non-blocking
  pugi::xml_node coverage = suites.find_child_by_attribute("testsuite", "name", "mlgate.coverage");
  EXPECT_STREQ(coverage.attribute("time").value(), "0.012");
  pugi::xml_node line = coverage.find_child_by_attribute("testcase", "name", "line_coverage");
  EXPECT_STREQ(line.child("failure").attribute("message").value(), "measured 72.73 %, required >= 99.00 %");
  pugi::xml_node group = coverage.find_child_by_attribute("testcase", "name", "coverage:file-below-min");
  EXPECT_STREQ(group.attribute("file").value(), "src/a.py");
  EXPECT_STREQ(group.attribute("line").value(), "3");
  EXPECT_STREQ(group.child("failure").attribute("message").value(),
               "1 blocking finding of rule coverage:file-below-min");
  std::string detail = group.child("failure").text().get();
  EXPECT_NE(detail.find("</script>"), std::string::npos);  // escaped in the file, intact when read
  EXPECT_EQ(detail.find('\x01'), std::string::npos);       // forbidden characters dropped
  EXPECT_NE(detail.find("[waived: generated (approved by alice@example.org), expires 2027-01-31]"), std::string::npos);
  pugi::xml_node metrics = suites.find_child_by_attribute("testsuite", "name", "mlgate.metrics");
  EXPECT_NE(std::string(metrics.child("testcase").child("system-out").text().get()).find("warning"), std::string::npos);
}

TEST(JunitReporterTest, StrictModeValidatesAgainstJunit10Xsd) {
  // scripts/setup.sh installs xmllint; a missing tool fails the test rather than hiding it.
  std::string xsd = std::string(MLGATE_SOURCE_DIR) + "/docs/schemas/junit-10.xsd";
  ASSERT_EQ(testing::RunCommand("test -f '" + xsd + "' && command -v xmllint", nullptr, nullptr), 0)
      << xsd << " or xmllint is absent (scripts/setup.sh)";
  testing::TempDir dir;
  ReportOptions strict;
  strict.junit_file_attributes = false;
  dir.Write("junit.xml", Render(&WriteJunitReport, SampleDecision(), strict));
  std::string out, err;
  int rc = testing::RunCommand("xmllint --noout --schema '" + xsd + "' '" + dir.path() + "/junit.xml'", &out, &err);
  EXPECT_EQ(rc, 0) << err;
  // With file/line on (the default) the XSD refuses it, which is why the switch exists.
  dir.Write("loose.xml", Render(&WriteJunitReport, SampleDecision()));
  EXPECT_NE(testing::RunCommand("xmllint --noout --schema '" + xsd + "' '" + dir.path() + "/loose.xml'", &out, &err),
            0);
}

// A real JUnit consumer (Python's junitparser, Debian's python3-junitparser) reads the same
// counts and failures: hostile text does not turn the file into "0 tests".
TEST(JunitReporterTest, JunitparserReadsTheCountsAndFailures) {
  ASSERT_EQ(testing::RunCommand("/usr/bin/python3 -c 'import junitparser'", nullptr, nullptr), 0)
      << "python3-junitparser is absent (scripts/setup.sh)";
  testing::TempDir dir;
  std::string path = dir.Write("junit.xml", Render(&WriteJunitReport, SampleDecision()));
  const char* script =
      "import sys\n"
      "from junitparser import JUnitXml, Failure\n"
      "x = JUnitXml.fromfile(sys.argv[1])\n"
      "cases = [c for s in x for c in s]\n"
      "failed = [c.name for c in cases if any(isinstance(r, Failure) for r in c.result)]\n"
      "print(len(cases), x.failures, x.errors, ','.join(failed))\n";
  dir.Write("read.py", script);
  std::string out, err;
  ASSERT_EQ(testing::RunCommand("/usr/bin/python3 '" + dir.path() + "/read.py' '" + path + "'", &out, &err), 0) << err;
  EXPECT_EQ(out, "4 2 0 line_coverage,coverage:file-below-min\n");
}

TEST(JunitReporterTest, TestCaseNamesAreUniqueWithinASuite) {
  Decision d = SampleDecision();
  CheckResult& metrics = d.checks[1];
  metrics.status = CheckStatus::kPass;
  metrics.measurements.push_back({"latency_ms", 90, Op::kGe, 10, 0, "", true, false, "", false});
  metrics.measurements.push_back({"latency_ms", 90, Op::kLe, 120, 0, "", true, false, "", false});
  pugi::xml_document doc;
  std::string xml = Render(&WriteJunitReport, d);
  ASSERT_TRUE(doc.load_string(xml.c_str()));
  pugi::xml_node suite = doc.child("testsuites").find_child_by_attribute("testsuite", "name", "mlgate.metrics");
  std::vector<std::string> names;
  for (pugi::xml_node c : suite.children("testcase")) names.push_back(c.attribute("name").value());
  EXPECT_EQ(names, (std::vector<std::string>{"latency_ms", "latency_ms (<= 120)"}));
}

TEST(JunitReporterTest, DecisionErrorsShowAsAFailingTest) {
  Decision d;
  d.date = "2026-11-25";
  d.errors.push_back("the policy evaluates zero checks");
  ResolveVerdict(&d);
  pugi::xml_document doc;
  std::string xml = Render(&WriteJunitReport, d);
  ASSERT_TRUE(doc.load_string(xml.c_str()));
  EXPECT_STREQ(doc.child("testsuites").attribute("errors").value(), "1");
  EXPECT_STREQ(doc.child("testsuites").attribute("tests").value(), "1");
}

TEST(MarkdownReporterTest, EscapesUntrustedText) {
  std::string md = Render(&WriteMarkdownReport, SampleDecision());
  EXPECT_NE(md.find("## mlgate: ❌ FAIL — model `churn` for production"), std::string::npos) << md;
  EXPECT_NE(md.find("| coverage | ❌ fail | yes | line coverage 72.73 % &lt; 99 % |"), std::string::npos) << md;
  EXPECT_EQ(md.find("</script>"), std::string::npos);
  EXPECT_EQ(md.find("<img"), std::string::npos);
  EXPECT_EQ(md.find("@org/team"), std::string::npos);  // no mention
  EXPECT_NE(md.find("\\| \\`x\\`"), std::string::npos);
  EXPECT_NE(md.find("| coverage | branch\\_coverage | 64.29 % | not judged (no threshold set) | — |"),
            std::string::npos)
      << md;
  EXPECT_NE(md.find("| checks.coverage.min\\_line | 80 (governance) | 99 | mlgate.yaml:6:15 |"), std::string::npos)
      << md;
  EXPECT_NE(md.find("*waived*: generated (approved by alice@\u200Bexample.org), expires 2027-01-31"),
            std::string::npos);
}

TEST(TerminalReporterTest, PlainWithoutColorAndNoControlCharacters) {
  std::string text = Render(&WriteTerminalSummary, SampleDecision());
  EXPECT_EQ(text.find('\x1b'), std::string::npos);
  EXPECT_EQ(text.find('\x01'), std::string::npos);
  EXPECT_NE(text.find("line_coverage 72.73 %, required >= 99.00 %"), std::string::npos) << text;
  EXPECT_NE(text.find("verdict: FAIL"), std::string::npos);
  ReportOptions color;
  color.color = true;
  EXPECT_NE(Render(&WriteTerminalSummary, SampleDecision(), color).find("\x1b[31m"), std::string::npos);
}

// The SARIF file validates against the official 2.1.0 schema (Debian's python3-jsonschema).
TEST(SarifReporterTest, ValidatesAgainstTheSarif210Schema) {
  std::string schema = std::string(MLGATE_SOURCE_DIR) + "/docs/schemas/sarif-schema-2.1.0.json";
  const char* check =
      "import json, sys, jsonschema; jsonschema.validate(json.load(open(sys.argv[1])), json.load(open(sys.argv[2])))";
  ASSERT_EQ(
      testing::RunCommand("test -f '" + schema + "' && /usr/bin/python3 -c 'import jsonschema'", nullptr, nullptr), 0)
      << schema << " or python3-jsonschema is absent (scripts/setup.sh)";
  testing::TempDir dir;
  dir.Write("results.sarif", Render(&WriteSarifReport, SampleDecision()));
  std::string out, err;
  int rc = testing::RunCommand(
      "/usr/bin/python3 -c '" + std::string(check) + "' '" + dir.path() + "/results.sarif' '" + schema + "'", &out,
      &err);
  EXPECT_EQ(rc, 0) << err;
  // And a file the schema refuses is refused: the check is live.
  dir.Write("bad.sarif", "{\"version\": \"2.1.0\", \"runs\": [{\"tool\": {}}]}");
  EXPECT_NE(testing::RunCommand(
                "/usr/bin/python3 -c '" + std::string(check) + "' '" + dir.path() + "/bad.sarif' '" + schema + "'",
                &out, &err),
            0);
}

// What GitHub code scanning reads: rules, levels, repository-relative percent-encoded URIs,
// regions, the line hash, suppressions for waived findings, the policy file for results
// about no file.
TEST(SarifReporterTest, CarriesWhatCodeScanningReads) {
  JsonValue sarif;
  ASSERT_OK(ParseJson(Render(&WriteSarifReport, SampleDecision()), "results.sarif", &sarif));
  EXPECT_EQ(sarif.Find("version")->text, "2.1.0");
  const JsonValue& run = sarif.Find("runs")->items.at(0);
  EXPECT_EQ(run.Find("tool")->Find("driver")->Find("name")->text, "mlgate");
  EXPECT_EQ(run.Find("automationDetails")->Find("id")->text, "mlgate/churn/");
  std::vector<std::string> rules;
  for (const auto& r : run.Find("tool")->Find("driver")->Find("rules")->items) {
    rules.push_back(r.Find("id")->text);
    EXPECT_FALSE(r.Find("shortDescription")->Find("text")->text.empty());
    EXPECT_FALSE(r.Find("help")->Find("text")->text.empty());
  }
  EXPECT_EQ(rules, (std::vector<std::string>{"coverage:line_coverage", "coverage:file-below-min", "metrics:error"}));
  const auto& results = run.Find("results")->items;
  ASSERT_EQ(results.size(), 4u);  // a failed measurement, two findings, a check that could not run
  auto location = [](const JsonValue& r) { return r.Find("locations")->items.at(0).Find("physicalLocation"); };
  EXPECT_EQ(results[0].Find("ruleId")->text, "coverage:line_coverage");
  EXPECT_EQ(results[0].Find("level")->text, "error");
  EXPECT_EQ(location(results[0])->Find("artifactLocation")->Find("uri")->text, "mlgate.yaml");
  EXPECT_EQ(location(results[0])->Find("region")->Find("startLine")->number, 1);
  EXPECT_EQ(location(results[1])->Find("artifactLocation")->Find("uri")->text, "src/a.py");
  EXPECT_EQ(location(results[1])->Find("artifactLocation")->Find("uriBaseId")->text, "%SRCROOT%");
  EXPECT_EQ(location(results[1])->Find("region")->Find("startLine")->number, 3);
  EXPECT_EQ(location(results[1])->Find("region")->Find("startColumn")->number, 7);
  EXPECT_EQ(results[1].Find("partialFingerprints")->Find("primaryLocationLineHash")->text, "5b1ea8b2a1e4a6c1:1");
  EXPECT_EQ(results[1].Find("suppressions"), nullptr);
  EXPECT_EQ(location(results[2])->Find("artifactLocation")->Find("uri")->text, "src/my%20b.py");
  EXPECT_EQ(location(results[2])->Find("region"), nullptr);  // no line known
  EXPECT_EQ(results[2].Find("suppressions")->items.at(0).Find("justification")->text,
            "generated (approved by alice@example.org) (until 2027-01-31)");
  EXPECT_EQ(results[3].Find("ruleId")->text, "metrics:error");
  EXPECT_EQ(results[3].Find("level")->text, "warning");  // a non-blocking check
}

// GitLab's documented fields, a fingerprint per item, waived findings left out.
TEST(CodeQualityReporterTest, HasGitlabsFieldsAndUniqueFingerprints) {
  Decision d = SampleDecision();
  d.checks[0].findings.push_back(d.checks[0].findings[0]);  // the same problem twice
  JsonValue report;
  ASSERT_OK(ParseJson(Render(&WriteCodeQualityReport, d), "codequality.json", &report));
  ASSERT_TRUE(report.IsArray());
  ASSERT_EQ(report.items.size(), 4u);  // measurement, finding twice, check error; not the waived one
  std::set<std::string> fingerprints;
  for (const auto& item : report.items) {
    for (const char* field : {"description", "check_name", "fingerprint", "severity"}) {
      ASSERT_NE(item.Find(field), nullptr) << field;
      EXPECT_FALSE(item.Find(field)->text.empty()) << field;
    }
    EXPECT_TRUE(
        std::set<std::string>({"info", "minor", "major", "critical", "blocker"}).count(item.Find("severity")->text));
    EXPECT_FALSE(item.Find("location")->Find("path")->text.empty());
    EXPECT_GE(item.Find("location")->Find("lines")->Find("begin")->number, 1);
    fingerprints.insert(item.Find("fingerprint")->text);
  }
  EXPECT_EQ(fingerprints.size(), 4u);
  EXPECT_EQ(report.items[1].Find("location")->Find("path")->text, "src/a.py");
  EXPECT_EQ(report.items[1].Find("severity")->text, "blocker");
  // The fingerprint follows the problem, not its line number or message figures.
  Decision moved = SampleDecision();
  moved.checks[0].findings[0].line = 30;
  moved.checks[0].findings[0].message = "other words";
  JsonValue again;
  ASSERT_OK(ParseJson(Render(&WriteCodeQualityReport, moved), "codequality.json", &again));
  EXPECT_EQ(again.items[1].Find("fingerprint")->text, report.items[1].Find("fingerprint")->text);
}

// One workflow command a line, each a kind GitHub shows; hostile text cannot end the line
// or split a property.
TEST(GithubAnnotationsTest, OneEscapedCommandPerProblem) {
  Decision d = SampleDecision();
  d.checks[0].findings[0].path = "src/a,b:c.py";
  d.checks[0].findings[0].message += "\n::set-output name=pwned::1\r\n%0A \u202Eevil\u2066 \xC2\x9B";
  std::ostringstream out;
  WriteGithubAnnotations(d, out);
  std::vector<std::string> lines;
  std::istringstream in(out.str());
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  ASSERT_EQ(lines.size(), 3u) << out.str();  // the failed measurement, the finding, the error (waived: none)
  EXPECT_EQ(lines[0],
            "::error file=mlgate.yaml,line=1,title=mlgate coverage%3A line_coverage::line_coverage 72.73 %25 "
            "not >= 99.00 %25");  // GitHub shows %25 as %
  EXPECT_EQ(lines[1].rfind("::error file=src/a%2Cb%3Ac.py,line=3,col=7,title=mlgate coverage%3Afile-below-min::", 0),
            0u)
      << lines[1];
  EXPECT_NE(lines[1].find("%0A::set-output name=pwned::1%0D%0A%250A <U+202E>evil<U+2066> <U+009B>"), std::string::npos)
      << lines[1];
  for (const auto& line : lines) {
    for (char c : line) EXPECT_FALSE(static_cast<unsigned char>(c) < 0x20) << line;  // no ESC, no NUL
  }
  EXPECT_EQ(lines[2].rfind("::warning file=mlgate.yaml,line=1,title=mlgate metrics%3A could not run::", 0), 0u);
}

// The page is inert: every text escaped, no script, nothing fetched (the policy forbids
// both); the verdict and each part are there.
TEST(HtmlReporterTest, EscapesEverythingAndFetchesNothing) {
  std::string html = Render(&WriteHtmlReport, SampleDecision());
  EXPECT_EQ(html.rfind("<!doctype html>", 0), 0u);
  EXPECT_NE(html.find("content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\""), std::string::npos);
  for (const char* raw : {"<script", "<img", "\x1b", "\x01", "src=", "href=\"http", "@import", "url("}) {
    EXPECT_EQ(html.find(raw), std::string::npos) << raw;
  }
  EXPECT_NE(html.find("&lt;/script&gt;&lt;img onerror=x&gt; ]]&gt;"), std::string::npos);
  for (const char* part : {"<strong>FAIL</strong>", "line_coverage", "72.73 %", "&gt;= 99.00 %", "✗ not met",
                           "src/a.py:3:7", "class=\"badge waived\"", "until 2027-01-31", "reports/coverage.xml",
                           "checks.coverage.min_line", "mlgate.yaml:6:15"}) {
    EXPECT_NE(html.find(part), std::string::npos) << part;
  }
}

// Drift gets a bar per feature, the drifted ones red; the names are escaped in the SVG.
TEST(HtmlReporterTest, DriftChartMarksTheDriftedFeatures) {
  Decision d = SampleDecision();
  CheckResult drift;
  drift.id = "drift";
  drift.title = "Data drift";
  drift.status = CheckStatus::kFail;
  drift.measurements.push_back(InformationalMeasurement("drift.income", 0.25, ""));
  drift.measurements.push_back(InformationalMeasurement("drift.<b>age</b>", 0.01, ""));
  drift.findings.push_back(MakeFinding("drift:feature", Severity::kMedium, "logs.csv", 0, "income drifted: psi 0.25"));
  d.checks.push_back(drift);
  std::string html = Render(&WriteHtmlReport, d);
  size_t svg = html.find("<svg");
  ASSERT_NE(svg, std::string::npos);
  std::string chart = html.substr(svg, html.find("</svg>", svg) - svg);
  EXPECT_NE(chart.find("income: 0.25 (drifted)"), std::string::npos) << chart;
  EXPECT_NE(chart.find("fill=\"#cf222e\""), std::string::npos);
  EXPECT_NE(chart.find("&lt;b&gt;age&lt;/b&gt;"), std::string::npos);
  EXPECT_EQ(chart.find("<b>"), std::string::npos);
}

// A hostile file name (markup, CDATA's end, a workflow command, a terminal escape, a line
// end) through every writer: each output still parses and carries nothing live (workflow
// commands matter only on stdout, where the annotations go).
TEST(AllReportersTest, HostileFileNamesStayInert) {
  Decision d = SampleDecision();
  const std::string name = "src/<script>x</script>]]>\n::set-output name=a::b \x1b[2J.py";
  d.checks[0].findings[0].path = name;
  for (const auto& info : AllReporters()) {
    std::string out = Render(info.write, d);
    SCOPED_TRACE(info.name);
    if (std::string(info.name) == "junit") {
      pugi::xml_document doc;
      EXPECT_TRUE(doc.load_string(out.c_str()));
    } else if (std::string(info.name) == "json" || std::string(info.name) == "sarif" ||
               std::string(info.name) == "codequality") {
      JsonValue doc;
      EXPECT_TRUE(ParseJson(out, info.file_name, &doc).ok());
    }
    EXPECT_EQ(out.find('\x1b'), std::string::npos);
    // Markup matters where it is markup; inside JSON strings it is text.
    bool markup =
        std::string(info.name) == "html" || std::string(info.name) == "junit" || std::string(info.name) == "md";
    if (markup) {
      EXPECT_EQ(out.find("<script>"), std::string::npos);
    }
  }
  std::ostringstream annotations;
  WriteGithubAnnotations(d, annotations);
  EXPECT_EQ(annotations.str().find("\n::set-output"), std::string::npos);
  EXPECT_EQ(annotations.str().find('\x1b'), std::string::npos);
}

}  // namespace
}  // namespace mlgate
