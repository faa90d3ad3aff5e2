#include "gate/engine.h"

#include <gtest/gtest.h>

#include <stdexcept>

#include "base/hash.h"
#include "tests/testing/test_util.h"

namespace mlgate {
namespace {

class ThrowingCheck : public Check {
 public:
  void Configure(Params&) override {}
  Status Run(const CheckContext&, CheckResult*) const override { throw std::runtime_error("boom"); }
};

class PassingCheck : public Check {
 public:
  void Configure(Params&) override {}
  Status Run(const CheckContext&, CheckResult* r) const override {
    r->measurements.push_back(Measurement{"x", 1, Op::kGe, 0, 0, "", true, false, ""});
    return Status::OK();
  }
};

// Reports progress the way a long-running check does.
class ChattyCheck : public Check {
 public:
  void Configure(Params&) override {}
  Status Run(const CheckContext& ctx, CheckResult*) const override {
    if (ctx.progress) ctx.progress("hashed 1.00 GB");
    return Status::OK();
  }
};

const CheckInfo kThrowing{"throwing", "Throws", "", nullptr};
const CheckInfo kPassing{"passing", "Passes", "", nullptr};

TEST(EngineTest, AnExceptionBecomesABlockingError) {
  testing::TempDir dir;
  Config config;
  config.root = dir.path();
  std::vector<ConfiguredCheck> checks;
  checks.push_back({&kPassing, std::make_unique<PassingCheck>(), true});
  checks.push_back({&kThrowing, std::make_unique<ThrowingCheck>(), true});
  Workspace ws(dir.path(), 1 << 20);
  Decision d = RunGate(config, checks, ws, GateOptions{"", "", false, Date{2026, 11, 25}, {}, nullptr, "", {}});
  ASSERT_EQ(d.checks.size(), 2u);
  EXPECT_EQ(d.checks[0].status, CheckStatus::kPass);
  EXPECT_EQ(d.checks[1].status, CheckStatus::kError);
  EXPECT_EQ(d.checks[1].summary, "the check failed unexpectedly: boom (please report this)");
  EXPECT_EQ(d.verdict, "fail");
  EXPECT_EQ(d.ExitCode(), 1);
}

TEST(EngineTest, ProgressIsNamedByCheckAndClearedAfterIt) {
  testing::TempDir dir;
  Config config;
  config.root = dir.path();
  const CheckInfo chatty{"reproducibility", "Chatty", "", nullptr};
  std::vector<ConfiguredCheck> checks;
  checks.push_back({&chatty, std::make_unique<ChattyCheck>(), true});
  Workspace ws(dir.path(), 1 << 20);
  std::vector<std::string> said;
  GateOptions options{"", "", false, Date{2026, 11, 25}, {}, nullptr, "", {}};
  options.progress = [&said](const std::string& what) { said.push_back(what); };
  RunGate(config, checks, ws, options);
  EXPECT_EQ(said, (std::vector<std::string>{"reproducibility: hashed 1.00 GB", ""}));
}

TEST(EngineTest, ZeroChecksFails) {
  testing::TempDir dir;
  Config config;
  config.root = dir.path();
  Workspace ws(dir.path(), 1 << 20);
  Decision d = RunGate(config, {}, ws, GateOptions{"", "", false, Date{2026, 11, 25}, {}, nullptr, "", {}});
  EXPECT_EQ(d.verdict, "fail");
  ASSERT_EQ(d.errors.size(), 1u);
  EXPECT_NE(d.errors[0].find("zero checks"), std::string::npos);
}

TEST(EngineTest, RecordsTheModelArtifactHashAndCommit) {
  testing::TempDir dir;
  dir.Write("models/m.pkl", "weights");
  testing::InitGitRepo(dir.path());
  Config config;
  config.root = dir.path();
  config.models.push_back({"churn", "models/m.pkl", ""});
  std::vector<ConfiguredCheck> checks;
  checks.push_back({&kPassing, std::make_unique<PassingCheck>(), true});
  Workspace ws(dir.path(), 1 << 20);
  Decision d = RunGate(config, checks, ws, GateOptions{"", "", false, Date{2026, 11, 25}, {}, nullptr, "", {}});
  EXPECT_EQ(d.model_name, "churn");
  EXPECT_EQ(d.model_sha256, Sha256Hex("weights"));
  EXPECT_EQ(d.git_commit.size(), 40u);
  EXPECT_EQ(d.verdict, "pass");
}

TEST(KeepFindingsTest, KeepsTheUnwaivedBlockingAndMostSevereFirst) {
  CheckResult r;
  r.summary = "s";
  for (int i = 0; i < 10; ++i) {
    Finding f;
    f.rule = "r" + std::to_string(i);
    f.severity = i == 7 ? Severity::kCritical : Severity::kLow;
    f.blocking = i % 2 == 1;
    f.waived = i == 1;
    r.findings.push_back(f);
  }
  KeepFindings(3, &r);
  ASSERT_EQ(r.findings.size(), 3u);
  EXPECT_EQ(r.findings[0].rule, "r7");  // blocking, critical
  EXPECT_EQ(r.findings[1].rule, "r3");  // blocking, in file order
  EXPECT_EQ(r.findings[2].rule, "r5");
  EXPECT_EQ(r.summary, "s (7 more findings not listed: reports keep 3 a check, the most severe)");
  KeepFindings(3, &r);  // within the limit: unchanged
  EXPECT_EQ(r.findings.size(), 3u);
}

}  // namespace
}  // namespace mlgate
