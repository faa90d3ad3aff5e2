// End to end: promotion into the example's production registry, through the built binary.
#include <unistd.h>

#include <algorithm>
#include <fstream>

#include "tests/e2e/example_repo.h"

namespace mlgate {
namespace {

namespace fs = std::filesystem;
using testing::CliResult;
using testing::RunCommand;

class PromotionTest : public testing::ExampleRepoTest {
 protected:
  // With the release key that signs attestations into production, unless `signed_` is off.
  CliResult Mlgate(const std::string& args) {
    return testing::RunMlgate(repo_.path(), args,
                              "MLGATE_TODAY=2026-11-25 GIT_CONFIG_NOSYSTEM=1 HOME='" + keys_.path() + "'" +
                                  (signed_ ? " MLGATE_SIGNING_KEY='" + keys_.path() + "/release'" : ""));
  }
  bool signed_ = true;
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
  EXPECT_NE(r.out.find("\"tag\": \"mlgate/tumor-classifier/production/1\", \"verdict\": \"pass\""), std::string::npos)
      << r.out;
  // The next gate's reports carry the environment's promotion history.
  r = Mlgate("check --quiet --env production");
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  std::string json = repo_.Read("mlgate-report/report.json");
  EXPECT_NE(json.find("\"event\": \"promote\",\n      \"version\": \"" + version + "\""), std::string::npos) << json;
  std::string html = repo_.Read("mlgate-report/report.html");
  EXPECT_NE(html.find("Promotion history (production)"), std::string::npos);
  EXPECT_NE(html.find("mlgate/tumor-classifier/production/1"), std::string::npos);
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

// The attestation: an in-toto Statement any ssh-keygen verifies, checked by status --verify.
TEST_F(PromotionTest, EachVersionCarriesASignedVerificationSummary) {
  signed_ = false;
  CliResult r = Mlgate("promote tumor-classifier --to production --quiet");
  EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
  EXPECT_NE(r.err.find("environments.production requires signed attestations (attestation_signers): give the key "
                       "with MLGATE_SIGNING_KEY or signing_key"),
            std::string::npos)
      << r.err;
  EXPECT_FALSE(repo_.Exists("registry"));
  signed_ = true;
  r = Mlgate("promote tumor-classifier --to production --quiet");
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("attestation attestation.intoto.json (signed, verified for release@example.org)"),
            std::string::npos)
      << r.out;
  std::string version = repo_.Read(registry_ + "/CURRENT");
  version.pop_back();
  std::string dir = repo_.path() + "/" + registry_ + "/" + version;
  // Read back by Python's json: the Statement's fields, about this artifact.
  std::string out, err;
  ASSERT_EQ(RunCommand("python3 -c 'import json,sys; s=json.load(open(sys.argv[1])); p=s[\"predicate\"]; "
                       "print(s[\"_type\"], s[\"predicateType\"], s[\"subject\"][0][\"digest\"][\"sha256\"], "
                       "p[\"verificationResult\"], p[\"verifiedLevels\"][0], p[\"policy\"][\"uri\"], "
                       "len(p[\"inputAttestations\"]) > 10)' '" +
                           dir + "/attestation.intoto.json'",
                       &out, &err),
            0)
      << err;
  std::string sha256;
  ASSERT_EQ(RunCommand("sha256sum '" + repo_.path() + "/models/classifier.joblib'", &sha256, &err), 0);
  EXPECT_EQ(out, "https://in-toto.io/Statement/v1 https://slsa.dev/verification_summary/v1 " + sha256.substr(0, 64) +
                     " PASSED MLGATE_PRODUCTION_GATE mlgate.yaml True\n");
  // Any ssh-keygen checks the signature, as the header of registry/attestation.h says.
  ASSERT_EQ(RunCommand("(ssh-keygen -Y verify -f '" + repo_.path() +
                           "/.mlgate/release_signers' -I release@example.org "
                           "-n mlgate -s '" +
                           dir + "/attestation.intoto.json.sig' < '" + dir + "/attestation.intoto.json')",
                       &out, &err),
            0)
      << out << err;
  r = Mlgate("status --verify");
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("files match the manifest, attestation signed by release@example.org"), std::string::npos)
      << r.out;
  // An edited statement no longer verifies; a removed signature is missed.
  std::string statement = repo_.Read(registry_ + "/" + version + "/attestation.intoto.json");
  repo_.Write(registry_ + "/" + version + "/attestation.intoto.json",
              statement.replace(statement.find("mlgate.yaml"), 11, "lenient.yml"));
  r = Mlgate("status --verify");
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_NE(r.out.find("BROKEN: its attestation's signature does not hold"), std::string::npos) << r.out;
  fs::remove(dir + "/attestation.intoto.json.sig");
  r = Mlgate("status --verify --format json");
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_NE(r.out.find("\"problem\": \"its attestation is not signed, and this registry requires signed ones\""),
            std::string::npos)
      << r.out;
}

// A key the registry's signers do not list is refused before anything is written.
TEST_F(PromotionTest, AKeyTheSignersDoNotListIsRefused) {
  std::string err;
  ASSERT_EQ(RunCommand("ssh-keygen -q -t ed25519 -N '' -C intruder -f '" + keys_.path() + "/intruder'", nullptr, &err),
            0)
      << err;
  CliResult r = testing::RunMlgate(repo_.path(), "promote tumor-classifier --to production --quiet",
                                   "MLGATE_TODAY=2026-11-25 GIT_CONFIG_NOSYSTEM=1 HOME='" + keys_.path() +
                                       "' MLGATE_SIGNING_KEY='" + keys_.path() + "/intruder'");
  EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
  EXPECT_NE(r.err.find("not promoted: its attestation's signature does not hold"), std::string::npos) << r.err;
  EXPECT_EQ(Tags(), "");
  EXPECT_FALSE(repo_.Exists(registry_ + "/CURRENT"));
}

TEST_F(PromotionTest, TwoPromotionsAtOnceLeaveOneConsistentRecord) {
  std::string out, err;
  std::string cmd = "cd '" + repo_.path() + "' && export MLGATE_TODAY=2026-11-25 GIT_CONFIG_NOSYSTEM=1 HOME='" +
                    keys_.path() + "'; for i in 1 2; do '" + MLGATE_BINARY +
                    "' promote tumor-classifier --to production --quiet --report out$i > p$i.txt 2>&1 & done; wait";
  cmd.replace(cmd.find("; for"), 0, " MLGATE_SIGNING_KEY='" + keys_.path() + "/release'");
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
               "checks:\n  metrics:\n" +
                   metrics);
    testing::InitGitRepo(repo.path());
  }
  CliResult mlgate(const std::string& args) {
    return testing::RunMlgate(repo.path(), args, "MLGATE_TODAY=2026-11-25 GIT_CONFIG_NOSYSTEM=1");
  }
  testing::TempDir repo;
};

// A SavedModel-like directory `model/` with `files` files, judged and promoted through a
// sandbox registry into production.
class DirectoryArtifactTest : public SmallRegistryTest {
 protected:
  void MakeDirectory(int files, const std::string& tag) {
    for (int i = 0; i < files; ++i) {
      repo.Write("model/variables/part-" + std::to_string(100 + i), tag + " weights part " + std::to_string(i) + "\n");
    }
    repo.Write("model/saved_model.pb", "graph " + tag + "\n");
    repo.Write("metrics.json", "{\"accuracy\": 0.9}\n");
    repo.Write("mlgate.yaml",
               "version: 1\nmodels:\n  m: {artifact: model}\n"
               "environments:\n  sandbox: {registry: registry/sandbox}\n"
               "  production: {registry: registry/production, requires: [metrics]}\n"
               "checks:\n  metrics:\n    file: metrics.json\n    thresholds: {accuracy: {min: 0.5}}\n");
  }
  std::string Live(const std::string& env) {
    std::string v = repo.Exists("registry/" + env + "/m/CURRENT") ? repo.Read("registry/" + env + "/m/CURRENT") : "";
    if (!v.empty()) v.pop_back();
    return v;
  }
};

TEST_F(DirectoryArtifactTest, ADirectoryGoesFromSandboxToProductionAsJudged) {
  MakeDirectory(3, "v1");
  testing::InitGitRepo(repo.path());
  // Nothing in the sandbox yet.
  CliResult r = mlgate("promote m --to production --from sandbox --quiet");
  EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
  EXPECT_NE(r.err.find("--from sandbox: m was never promoted into"), std::string::npos) << r.err;
  ASSERT_EQ(mlgate("promote m --to sandbox --quiet").exit_code, 0);
  r = mlgate("promote m --to production --from sandbox --quiet");
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find(", from sandbox), recorded as tag mlgate/m/production/1"), std::string::npos) << r.out;
  EXPECT_EQ(Live("production"), Live("sandbox"));
  EXPECT_EQ(repo.Read("registry/production/m/" + Live("production") + "/artifact/variables/part-101"),
            "v1 weights part 1\n");
  std::string history = repo.Read("registry/production/m/HISTORY");
  EXPECT_NE(history.find("{\"event\":\"promote\",\"version\":\"" + Live("production") +
                         "\",\"previous\":null,\"tag\":\"mlgate/m/production/1\""),
            std::string::npos)
      << history;
  EXPECT_EQ(mlgate("status --verify").exit_code, 0);

  // The repository moves on; the sandbox still holds the old model: not what was judged.
  MakeDirectory(3, "v2");
  r = mlgate("promote m --to production --from sandbox --quiet");
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_NE(r.out.find("not promoted: sandbox's live version is sha256 "), std::string::npos) << r.out;
  // The sandbox's copy tampered with: refused, production unchanged.
  std::string live = Live("production");
  ASSERT_EQ(mlgate("promote m --to sandbox --quiet").exit_code, 0);
  repo.Write("registry/sandbox/m/" + Live("sandbox") + "/artifact/saved_model.pb", "graph evil\n");
  r = mlgate("promote m --to production --from sandbox --quiet");
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_NE(r.out.find("not promoted: sandbox's live version " + Live("sandbox") +
                       " does not hold: its artifact's "
                       "sha256 is now"),
            std::string::npos)
      << r.out;
  EXPECT_EQ(Live("production"), live);
}

// The crash test of the whole command: `mlgate promote` of a 62-file directory over a
// live one, SIGKILLed at each of its file-system steps in turn (MLGATE_TEST_KILL_AT_STEP:
// the copy, syncs, renames, the git tag, HISTORY, CURRENT). After each kill: status
// --verify passes, CURRENT is the old or the new version, and the next promotion completes.
TEST_F(DirectoryArtifactTest, AKillAtEachOfTwoHundredStepsLeavesTheOldOrTheNewVersionLive) {
  MakeDirectory(62, "v1");
  testing::InitGitRepo(repo.path());
  ASSERT_EQ(mlgate("promote m --to production --quiet").exit_code, 0);
  std::string v1 = Live("production");
  MakeDirectory(62, "v2");
  std::string err;
  ASSERT_EQ(RunCommand("cd '" + repo.path() + "' && git -c user.name=T -c user.email=t@example.org commit -qam v2",
                       nullptr, &err),
            0)
      << err;
  CliResult r = mlgate("check --quiet");
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  // In memory where there is a tmpfs: ~400 promotions' fsyncs would take most of the time
  // on disk, and a killed process (not a power cut) is what this test is about.
  testing::TempDir work(fs::is_directory("/dev/shm") && ::access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "");
  std::string copy = work.path() + "/repo";
  auto in_copy = [&](const std::string& args, const std::string& env = "") {
    return testing::RunMlgate(copy, args, "MLGATE_TODAY=2026-11-25 GIT_CONFIG_NOSYSTEM=1 " + env);
  };
  auto fresh_copy = [&] {
    std::string e;
    ASSERT_EQ(RunCommand("rm -rf '" + copy + "' && cp -a '" + repo.path() + "' '" + copy + "'", nullptr, &e), 0) << e;
  };
  auto live = [&] {
    std::ifstream in(copy + "/registry/production/m/CURRENT");
    std::string v;
    std::getline(in, v);
    return v;
  };
  // How many steps one promotion takes.
  fresh_copy();
  r = in_copy("promote m --to production --quiet", "MLGATE_TEST_KILL_AT_STEP=1000000");
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  std::string v2 = live();
  size_t at = r.err.find("test hook: ");
  ASSERT_NE(at, std::string::npos) << r.err;
  int steps = std::atoi(r.err.c_str() + at + 11);
  ASSERT_GE(steps, 200) << r.err;
  for (int kill_at = 1; kill_at <= steps; ++kill_at) {
    fresh_copy();
    r = in_copy("promote m --to production --quiet", "MLGATE_TEST_KILL_AT_STEP=" + std::to_string(kill_at));
    ASSERT_TRUE(r.exit_code == -1 || r.exit_code == 128 + 9) << kill_at << ": " << r.exit_code << r.out << r.err;
    std::string current = live();
    EXPECT_TRUE(current == v1 || current == v2) << kill_at << ": " << current;
    r = in_copy("status --verify");
    EXPECT_EQ(r.exit_code, 0) << kill_at << ": " << r.out << r.err;
    r = in_copy("promote m --to production --quiet");
    EXPECT_EQ(r.exit_code, 0) << kill_at << ": " << r.out << r.err;
    EXPECT_EQ(live(), v2) << kill_at;
    for (const auto& e : fs::directory_iterator(copy + "/registry/production/m")) {
      EXPECT_NE(e.path().filename().string().rfind(".tmp-", 0), 0u) << kill_at << " left " << e.path();
    }
    if (::testing::Test::HasFailure()) break;  // one broken step says enough
  }
}

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
  EXPECT_NE(r.out.find("rolled m in production back to " + v1 + " (was " + v2 +
                       "), recorded as tag "
                       "mlgate/m/production/3"),
            std::string::npos)
      << r.out;
  EXPECT_EQ(repo.Read("registry/production/m/CURRENT"), v1 + "\n");
  std::string history = repo.Read("registry/production/m/HISTORY");
  EXPECT_NE(history.find("\n{\"event\":\"rollback\",\"version\":\"" + v1 + "\",\"previous\":\"" + v2 +
                         "\",\"tag\":\"mlgate/m/production/3\""),
            std::string::npos)
      << history;
  EXPECT_EQ(std::count(history.begin(), history.end(), '\n'), 3);
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
  Make(
      "    file: metrics.json\n    baseline_registry: registry/production\n"
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
