// End to end: `mlgate init` on repositories as teams have them — the example without its
// policy, an empty one, and one whose metrics file has hostile names — writes a policy
// that validates and runs at once.
#include <filesystem>

#include "tests/e2e/example_repo.h"

namespace mlgate {
namespace {

using InitTest = testing::ExampleRepoTest;
using testing::CliResult;
using testing::RunMlgate;

TEST_F(InitTest, TheExampleWithoutItsPolicyGetsOneThatPasses) {
  std::filesystem::remove(repo_.path() + "/mlgate.yaml");
  CliResult r = RunMlgate(repo_.path(), "init");
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("coverage, lint, isolation, reproducibility, metrics, schema, docs"), std::string::npos)
      << r.out;
  std::string policy = repo_.Read("mlgate.yaml");
  for (const char* line :
       {"artifact: \"models/classifier.joblib\"", "report: \"reports/coverage.xml\"", "bandit: \"reports/bandit.json\"",
        "train: \"data/train.csv\"", "lock: dvc.lock", "\"accuracy\": { min: 0.986 }",
        "\"latency_ms_per_row\": { max: 0.0038 }", "contract: \"data/contract.yaml\"", "#   approval: {committee:"}) {
    EXPECT_NE(policy.find(line), std::string::npos) << line << "\n" << policy;
  }
  r = RunMlgate(repo_.path(), "validate");
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  r = Check();
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("pass    metrics         5 metrics compared"), std::string::npos) << r.out;
  // A worse model fails against the values init recorded.
  repo_.Write("metrics.json",
              "{\"accuracy\": 0.9, \"f1\": 0.99, \"roc_auc\": 0.999, \"latency_ms_per_row\": 0.001, "
              "\"test_rows\": 143}");
  r = Check();
  EXPECT_EQ(r.exit_code, 1) << r.out;
  // An existing policy is kept unless --force; --print only shows.
  r = RunMlgate(repo_.path(), "init");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("mlgate.yaml exists; `mlgate init --force` replaces it"), std::string::npos) << r.err;
  r = RunMlgate(repo_.path(), "init --print");
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.out.rfind("# A starting policy written by `mlgate init`", 0), 0u);
}

TEST(InitEmptyTest, AnEmptyRepositoryGetsTheListOfWhatToAdd) {
  testing::TempDir repo;
  repo.Write("src/app.py", "print(1)\n");
  CliResult r = RunMlgate(repo.path(), "init");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("no check configured"), std::string::npos) << r.out;
  std::string policy = repo.Read("mlgate.yaml");
  EXPECT_NE(policy.find("#   coverage: {report: coverage.xml}"), std::string::npos) << policy;
  EXPECT_NE(policy.find("#   models: {NAME: {artifact: PATH}}"), std::string::npos) << policy;
  // It parses; the gate then fails closed, having nothing to judge.
  EXPECT_EQ(RunMlgate(repo.path(), "validate").exit_code, 0);
  EXPECT_EQ(RunMlgate(repo.path(), "check").exit_code, 1);
}

TEST(InitHostileTest, NamesFromFilesAreQuotedSafely) {
  testing::TempDir repo;
  repo.Write("metrics.json", "{\"a\\\"b: {min: 0}\\n#\": 0.5, \"tab\\there\": 2, \"ok\": 1}");
  CliResult r = RunMlgate(repo.path(), "init");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::string policy = repo.Read("mlgate.yaml");
  EXPECT_NE(policy.find("\"a\\\"b: {min: 0}\\x0A#\": { min: 0.5 }"), std::string::npos) << policy;
  EXPECT_NE(policy.find("\"tab\\x09here\": { min: 2 }"), std::string::npos) << policy;
  CliResult v = RunMlgate(repo.path(), "validate");
  EXPECT_EQ(v.exit_code, 0) << v.out << v.err;
  EXPECT_EQ(RunMlgate(repo.path(), "check").exit_code, 0) << policy;
}

}  // namespace
}  // namespace mlgate
