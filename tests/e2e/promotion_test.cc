// End to end: promotion into the example's production registry, through the built binary.
#include "tests/e2e/example_repo.h"

namespace mlgate {
namespace {

using testing::CliResult;
using testing::RunCommand;

class PromotionTest : public testing::ExampleRepoTest {
 protected:
  CliResult Mlgate(const std::string& args) {
    return testing::RunMlgate(repo_.path(), args, "MLGATE_TODAY=2026-11-25 GIT_CONFIG_NOSYSTEM=1 HOME='" + keys_.path() + "'");
  }
  std::string Tags() {
    std::string out, err;
    RunCommand("cd '" + repo_.path() + "' && git tag -l 'mlgate/*'", &out, &err);
    return out;
  }
  std::string registry_ = "registry/production/tumor-classifier";
};

TEST_F(PromotionTest, PromoteRecordsAndIsANoOpTheSecondTime) {
  CliResult r = Mlgate("promote tumor-classifier --to production --quiet");
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("promoted tumor-classifier "), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("recorded as tag mlgate/tumor-classifier/production/1"), std::string::npos) << r.out;
  EXPECT_EQ(Tags(), "mlgate/tumor-classifier/production/1\n");
  std::string version = repo_.Read(registry_ + "/CURRENT");
  ASSERT_EQ(version.size(), 17u);
  version.pop_back();
  EXPECT_EQ(repo_.Read(registry_ + "/" + version + "/artifact"), repo_.Read("models/classifier.joblib"));
  std::string manifest = repo_.Read(registry_ + "/" + version + "/manifest.json");
  EXPECT_NE(manifest.find("\"verdict\": \"pass\""), std::string::npos) << manifest;
  EXPECT_NE(manifest.find("\"accuracy\": 0.986"), std::string::npos) << manifest;
  EXPECT_NE(manifest.find("by Alice <alice@example.org> approves tumor-classifier"), std::string::npos) << manifest;
  // The report the promotion wrote is the one the manifest names.
  std::string digest, err;
  ASSERT_EQ(RunCommand("sha256sum '" + repo_.path() + "/mlgate-report/report.json'", &digest, &err), 0);
  EXPECT_NE(manifest.find("\"report_sha256\": \"" + digest.substr(0, 64) + "\""), std::string::npos) << manifest;

  r = Mlgate("promote tumor-classifier --to production --quiet");
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("is already live in production; nothing to do"), std::string::npos) << r.out;
  EXPECT_EQ(Tags(), "mlgate/tumor-classifier/production/1\n");

  r = Mlgate("status --verify");
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("tumor-classifier in production: " + version + " since "), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("files match the manifest"), std::string::npos) << r.out;
  r = Mlgate("status --format json");
  EXPECT_NE(r.out.find("\"live\": \"" + version + "\""), std::string::npos) << r.out;
}

TEST_F(PromotionTest, AFailingGateLeavesTheRegistryUntouched) {
  EditPolicy("    min_line: 80\n", "    min_line: 99\n");
  CliResult r = Mlgate("promote tumor-classifier --to production");
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_NE(r.out.find("not promoted: the gate failed for production; its registry is unchanged"), std::string::npos)
      << r.out;
  EXPECT_FALSE(repo_.Exists("registry"));
  EXPECT_EQ(Tags(), "");
  r = Mlgate("status");
  EXPECT_NE(r.out.find("tumor-classifier in production: never promoted"), std::string::npos) << r.out;
}

TEST_F(PromotionTest, StatusVerifyCatchesATamperedRegistry) {
  ASSERT_EQ(Mlgate("promote tumor-classifier --to production --quiet").exit_code, 0);
  std::string version = repo_.Read(registry_ + "/CURRENT");
  version.pop_back();
  repo_.Write(registry_ + "/" + version + "/artifact", "not the model");
  CliResult r = Mlgate("status --verify");
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_NE(r.out.find("BROKEN: its artifact's sha256 is now"), std::string::npos) << r.out;
}

TEST_F(PromotionTest, TwoPromotionsAtOnceLeaveOneConsistentRecord) {
  std::string out, err;
  std::string cmd = "cd '" + repo_.path() + "' && export MLGATE_TODAY=2026-11-25 GIT_CONFIG_NOSYSTEM=1 HOME='" +
                    keys_.path() + "'; for i in 1 2; do '" + MLGATE_BINARY +
                    "' promote tumor-classifier --to production --quiet --report out$i > p$i.txt 2>&1 & done; wait";
  ASSERT_EQ(RunCommand(cmd, &out, &err), 0) << err;
  std::string p1 = repo_.Read("p1.txt"), p2 = repo_.Read("p2.txt");
  // One promotes; the other found it live, or found the lock held and said so.
  int promoted = (p1.find("promoted tumor-classifier") != std::string::npos) +
                 (p2.find("promoted tumor-classifier") != std::string::npos);
  EXPECT_EQ(promoted, 1) << p1 << p2;
  EXPECT_EQ(Tags(), "mlgate/tumor-classifier/production/1\n");
  CliResult r = Mlgate("status --verify");
  EXPECT_EQ(r.exit_code, 0) << r.out;
}

// A small repository of its own: model m (model.bin), metrics.json, and a production
// environment with a registry that requires the metrics check configured by `metrics`.
class SmallRegistryTest : public ::testing::Test {
 protected:
  void Make(const std::string& metrics) {
    repo.Write("model.bin", "weights v1\n");
    repo.Write("metrics.json", "{\"accuracy\": 0.9}\n");
    repo.Write("mlgate.yaml",
               "version: 1\nmodels:\n  m: {artifact: model.bin}\n"
               "environments:\n  production: {registry: registry/production, requires: [metrics]}\n"
               "checks:\n  metrics:\n" + metrics);
    testing::InitGitRepo(repo.path());
  }
  CliResult mlgate(const std::string& args) {
    return testing::RunMlgate(repo.path(), args, "MLGATE_TODAY=2026-11-25 GIT_CONFIG_NOSYSTEM=1");
  }
  testing::TempDir repo;
};

// Rollback: two versions promoted, then back and forth.
TEST_F(SmallRegistryTest, RollbackGoesBackToTheEarlierVersionVerifiedAndRecorded) {
  Make("    file: metrics.json\n    thresholds: {accuracy: {min: 0.5}}\n");
  auto commit = [&](const std::string& message) {
    std::string err;
    ASSERT_EQ(RunCommand("cd '" + repo.path() + "' && git -c user.name=T -c user.email=t@example.org commit -qam '" +
                             message + "'",
                         nullptr, &err),
              0)
        << err;
  };
  ASSERT_EQ(mlgate("promote m --to production --quiet").exit_code, 0);
  std::string v1 = repo.Read("registry/production/m/CURRENT");
  v1.pop_back();
  EXPECT_NE(mlgate("rollback m --env production").err.find("no earlier version of m"), std::string::npos);
  repo.Write("model.bin", "weights v2\n");
  commit("retrain");
  ASSERT_EQ(mlgate("promote m --to production --quiet").exit_code, 0);
  std::string v2 = repo.Read("registry/production/m/CURRENT");
  v2.pop_back();
  ASSERT_NE(v1, v2);

  CliResult r = mlgate("rollback m --env production");
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("rolled m in production back to " + v1 + " (was " + v2 + "), recorded as tag "
                       "mlgate/m/production/3"),
            std::string::npos)
      << r.out;
  EXPECT_EQ(repo.Read("registry/production/m/CURRENT"), v1 + "\n");
  EXPECT_EQ(mlgate("rollback m --env production --to " + v1).exit_code, 0);  // already live: nothing to do
  // Forward again by name; a version whose files changed is refused.
  ASSERT_EQ(mlgate("rollback m --env production --to " + v2).exit_code, 0);
  repo.Write("registry/production/m/" + v1 + "/artifact", "tampered\n");
  r = mlgate("rollback m --env production --to " + v1);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("rollback refused: version " + v1 + " no longer matches what was promoted"), std::string::npos)
      << r.err;
  EXPECT_EQ(repo.Read("registry/production/m/CURRENT"), v2 + "\n");
  EXPECT_NE(mlgate("rollback m --env production --to ../x").err.find("is not in"), std::string::npos);
}

// The live version's manifest is the next candidate's baseline (metrics.baseline_registry).
TEST_F(SmallRegistryTest, TheLiveManifestIsTheNextBaseline) {
  Make("    file: metrics.json\n    baseline_registry: registry/production\n"
       "    on_missing_baseline: pass\n    thresholds: {accuracy: {min: 0.5, max_drop: 0.05}}\n");
  CliResult r = mlgate("promote m --to production --quiet");  // the first: no baseline yet
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  repo.Write("model.bin", "weights v2\n");
  repo.Write("metrics.json", "{\"accuracy\": 0.8}\n");
  r = mlgate("promote m --to production");
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_NE(r.out.find("accuracy.drop"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("not promoted"), std::string::npos) << r.out;
  repo.Write("metrics.json", "{\"accuracy\": 0.88}\n");
  r = mlgate("promote m --to production --quiet");
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(repo.Read("mlgate-report/report.json").find("registry/production/m/"), std::string::npos);
}

}  // namespace
}  // namespace mlgate
