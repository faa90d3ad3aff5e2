// The CI integrations shipped with mlgate (.github/actions/mlgate, the example workflow,
// ci/gitlab) agree with the binary: inputs the steps read are declared, defaults are the
// CLI's, report paths are the files the reporters write, and the action's gate step, run
// as GitHub would run it, gates the example and sets its outputs.
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "base/yaml_doc.h"
#include "cli/commands.h"
#include "reporters/reporter.h"
#include "tests/e2e/example_repo.h"

namespace mlgate {
namespace {

std::string Source(const std::string& relative) {
  std::ifstream in(std::string(MLGATE_SOURCE_DIR) + "/" + relative, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

YamlNode Parse(const std::string& text, const std::string& name) {
  YamlNode root;
  YamlLimits limits;
  limits.refuse_yaml11_booleans = false;
  Status s = ParseYaml(text, name, &root, limits);
  EXPECT_TRUE(s.ok()) << s.message();
  return root;
}

TEST(CiTemplatesTest, TheActionDeclaresWhatItReadsWithTheClisDefaults) {
  std::string text = Source(".github/actions/mlgate/action.yml");
  YamlNode action = Parse(text, "action.yml");
  const YamlNode* inputs = action.Find("inputs");
  ASSERT_NE(inputs, nullptr);
  std::set<std::string> declared;
  for (const auto& e : inputs->entries) declared.insert(e.key);
  std::regex use(R"(\$\{\{\s*inputs\.([A-Za-z0-9_-]+)\s*\}\})");
  for (auto it = std::sregex_iterator(text.begin(), text.end(), use); it != std::sregex_iterator(); ++it) {
    EXPECT_TRUE(declared.count((*it)[1])) << (*it)[1];
  }
  EXPECT_EQ(inputs->Find("formats")->Find("default")->value, cli::CheckOptions().formats);
  EXPECT_EQ(inputs->Find("report-dir")->Find("default")->value, cli::CheckOptions().report_dir);
  EXPECT_EQ(action.Find("runs")->Find("using")->value, "composite");
  // ${{ }} is never pasted into a script: inputs reach `run` through the environment.
  for (const auto& step : action.Find("runs")->Find("steps")->items) {
    if (const YamlNode* run = step.Find("run")) {
      EXPECT_EQ(run->value.find("${{"), std::string::npos) << run->value;
    }
  }
  std::string workflow = Source(".github/workflows/gate-example.yml");
  EXPECT_NE(workflow.find("uses: ./.github/actions/mlgate"), std::string::npos);
  EXPECT_TRUE(std::filesystem::exists(std::string(MLGATE_SOURCE_DIR) + "/scripts/example_repo.sh"));
}

TEST(CiTemplatesTest, TheGitlabTemplateKeepsTheReportsTheReportersWrite) {
  std::string text = Source("ci/gitlab/mlgate.gitlab-ci.yml");
  size_t split = text.find("\n---\n");
  ASSERT_NE(split, std::string::npos);
  YamlNode spec = Parse(text.substr(0, split), "spec");
  YamlNode jobs = Parse(text.substr(split + 5), "jobs");
  ASSERT_NE(spec.Find("spec"), nullptr);
  const YamlNode* reports = jobs.Find("mlgate")->Find("artifacts")->Find("reports");
  ASSERT_NE(reports, nullptr);
  EXPECT_EQ(reports->Find("junit")->value, "mlgate-report/" + std::string(FindReporter("junit")->file_name));
  EXPECT_EQ(reports->Find("codequality")->value,
            "mlgate-report/" + std::string(FindReporter("codequality")->file_name));
  std::regex use(R"(\$\[\[\s*inputs\.([A-Za-z0-9_-]+)\s*\]\])");
  std::string body = text.substr(split);
  for (auto it = std::sregex_iterator(body.begin(), body.end(), use); it != std::sregex_iterator(); ++it) {
    EXPECT_NE(spec.Find("spec")->Find("inputs")->Find((*it)[1].str()), nullptr) << (*it)[1];
  }
}

using CiActionTest = testing::ExampleRepoTest;

// The action's gate step, as the runner runs it (bash, inputs in the environment).
TEST_F(CiActionTest, TheGateStepGatesTheExampleAndSetsItsOutputs) {
  YamlNode action = Parse(Source(".github/actions/mlgate/action.yml"), "action.yml");
  std::string script;
  for (const auto& step : action.Find("runs")->Find("steps")->items) {
    if (step.Find("id") && step.Find("id")->value == "gate") script = step.Find("run")->value;
  }
  ASSERT_FALSE(script.empty());
  testing::TempDir runner;
  std::string step = runner.Write("step.sh", script);
  std::string output = runner.Write("github_output", "");
  std::string out, err;
  int rc = testing::RunCommand(
      "cd '" + repo_.path() + "' && env -u GITHUB_STEP_SUMMARY GITHUB_ACTIONS=true GITHUB_OUTPUT='" + output +
          "' MLGATE_TODAY=2026-11-25 MLGATE_BIN='" + MLGATE_BINARY +
          "' CONFIG= MODEL= BASE= FORMATS=json,junit,sarif REPORT_DIR=gate-reports bash -e '" + step + "'",
      &out, &err);
  EXPECT_EQ(rc, 0) << out << err;
  EXPECT_TRUE(repo_.Exists("gate-reports/results.sarif"));
  EXPECT_FALSE(repo_.Exists("gate-reports/summary.md"));  // not asked for
  std::string outputs = runner.Read("github_output");
  EXPECT_NE(outputs.find("\npass\n"), std::string::npos) << outputs;
  EXPECT_NE(outputs.find("\ngate-reports\n"), std::string::npos) << outputs;
}

}  // namespace
}  // namespace mlgate
