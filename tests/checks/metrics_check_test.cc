#include "checks/metrics_check.h"

#include "tests/checks/check_fixture.h"

namespace mlgate {
namespace {

class MetricsCheckTest : public testing::CheckFixture {
 protected:
  void SetUp() override {
    dir_.Write("metrics.json", R"({"accuracy": 0.93, "eval": {"f1": 0.81, "auc": 0.95}, "latency_p95_ms": 110,
                                   "model": "rf"})");
  }
};

TEST_F(MetricsCheckTest, MinMaxEqualsOnFlatAndNestedMetrics) {
  ASSERT_TRUE(Configure("metrics", "file: metrics.json\nthresholds:\n  accuracy: {min: 0.9}\n"
                                   "  latency_p95_ms: {max: 120}\n  eval.f1: {min: 0.8}\n"
                                   "  eval.auc: {equals: 0.95, tolerance: 0.001}\n")
                  .empty());
  Status s;
  CheckResult r = Run(&s);
  ASSERT_OK(s);
  EXPECT_EQ(r.status, CheckStatus::kPass);
  ASSERT_EQ(r.measurements.size(), 4u);
  EXPECT_EQ(r.measurements[2].name, "eval.f1");
  EXPECT_DOUBLE_EQ(r.measurements[2].value, 0.81);
  EXPECT_EQ(r.summary, "4 metrics compared");
}

TEST_F(MetricsCheckTest, FailsBelowMinimum) {
  ASSERT_TRUE(Configure("metrics", "file: metrics.json\nthresholds:\n  accuracy: {min: 0.95}\n").empty());
  Status s;
  CheckResult r = Run(&s);
  EXPECT_EQ(r.status, CheckStatus::kFail);
  EXPECT_EQ(r.summary, "1 metric compared, 1 outside the policy");
}

TEST_F(MetricsCheckTest, MissingMetricIsAnErrorNotAPass) {
  ASSERT_TRUE(Configure("metrics", "file: metrics.json\nthresholds:\n  accuracy: {min: 0.5}\n  recall: {min: 0.5}\n").empty());
  Status s;
  CheckResult r = Run(&s);
  EXPECT_EQ(r.status, CheckStatus::kError);
  EXPECT_EQ(s.message(), "metric recall named in the policy is missing from metrics.json; a missing metric is not a "
                         "pass — record it in the evaluation output");
  EXPECT_EQ(r.measurements.size(), 1u);  // what could be compared is kept
}

TEST_F(MetricsCheckTest, TextMetricIsAnError) {
  ASSERT_TRUE(Configure("metrics", "file: metrics.json\nthresholds:\n  model: {min: 1}\n").empty());
  Status s;
  Run(&s);
  EXPECT_EQ(s.message(), "metrics.json: metric \"model\" is \"rf\", not a number");
}

TEST_F(MetricsCheckTest, YamlMetricsAndDuplicates) {
  dir_.Write("metrics.yaml", "accuracy: 0.91\nreport:\n  f1: 0.7\n");
  dir_.Write("dup.json", R"({"accuracy": 0.1})");
  ASSERT_TRUE(Configure("metrics", "file: metrics.yaml\nthresholds:\n  report.f1: {min: 0.75}\n").empty());
  Status s;
  EXPECT_EQ(Run(&s).status, CheckStatus::kFail);
  ASSERT_TRUE(Configure("metrics", "file: [metrics.yaml, dup.json]\nthresholds:\n  accuracy: {min: 0.5}\n").empty());
  Run(&s);
  EXPECT_NE(s.message().find("metric \"accuracy\" is defined twice"), std::string::npos) << s.message();
  dir_.Write("nan.yaml", "accuracy: .nan\n");
  ASSERT_TRUE(Configure("metrics", "file: nan.yaml\nthresholds:\n  accuracy: {min: 0.5}\n").empty());
  Run(&s);
  EXPECT_NE(s.message().find("is .nan, not a number"), std::string::npos) << s.message();
}

TEST_F(MetricsCheckTest, MlflowRunLatestValueByStep) {
  // <timestamp_ms> <value> <step>: step 2 is latest though written first.
  dir_.Write("mlruns/0/abc/metrics/accuracy", "1700000000300 0.95 2\n1700000000100 0.80 0\n1700000000200 0.90 1\n");
  dir_.Write("mlruns/0/abc/metrics/val/loss", "1700000000100 0.3\n");
  ASSERT_TRUE(Configure("metrics", "mlflow_run: mlruns/0/abc\nthresholds:\n  accuracy: {min: 0.94}\n"
                                   "  val/loss: {max: 0.35}\n")
                  .empty());
  Status s;
  CheckResult r = Run(&s);
  ASSERT_OK(s);
  EXPECT_DOUBLE_EQ(r.measurements[0].value, 0.95);
  EXPECT_DOUBLE_EQ(r.measurements[1].value, 0.3);
  EXPECT_EQ(r.evidence.size(), 2u);
  dir_.Write("mlruns/0/abc/metrics/bad", "1700000000100 nan 0\n");
  ASSERT_TRUE(Configure("metrics", "mlflow_run: mlruns/0/abc\nthresholds:\n  bad: {min: 0}\n").empty());
  Run(&s);
  EXPECT_EQ(s.message(), "mlruns/0/abc/metrics/bad:1: value \"nan\" is not a finite number");
}

TEST_F(MetricsCheckTest, BaselineDropAbsoluteAndRelative) {
  dir_.Write("prod.json", R"({"accuracy": 0.95, "eval": {"f1": 0.80}, "latency_p95_ms": 100})");
  ASSERT_TRUE(Configure("metrics", "file: metrics.json\nbaseline: prod.json\nthresholds:\n"
                                   "  accuracy: {max_drop: 0.01}\n  eval.f1: {max_drop: \"5%\"}\n"
                                   "  latency_p95_ms: {max_increase: 5%}\n")
                  .empty());
  Status s;
  CheckResult r = Run(&s);
  ASSERT_OK(s);
  const Measurement* drop = Find(r, "accuracy.drop");
  ASSERT_NE(drop, nullptr);
  EXPECT_NEAR(drop->value, 0.02, 1e-12);
  EXPECT_FALSE(drop->ok);
  EXPECT_EQ(drop->note, "baseline 0.95, current 0.93");
  EXPECT_NEAR(Find(r, "eval.f1.drop")->value, -1.25, 1e-9);  // improved
  EXPECT_TRUE(Find(r, "eval.f1.drop")->ok);
  EXPECT_NEAR(Find(r, "latency_p95_ms.increase")->value, 10, 1e-9);  // +10 % > 5 %
  EXPECT_FALSE(Find(r, "latency_p95_ms.increase")->ok);
  EXPECT_EQ(r.status, CheckStatus::kFail);
}

TEST_F(MetricsCheckTest, MissingBaselineFollowsThePolicyAndSaysSo) {
  ASSERT_TRUE(Configure("metrics", "file: metrics.json\nbaseline: prod.json\nthresholds:\n  accuracy: {min: 0.9, max_drop: 0.01}\n").empty());
  Status s;
  CheckResult r = Run(&s);
  EXPECT_EQ(r.status, CheckStatus::kFail);  // on_missing_baseline defaults to fail
  ASSERT_EQ(r.findings.size(), 1u);
  EXPECT_EQ(r.findings[0].rule, "metrics:no-baseline");
  ASSERT_TRUE(Configure("metrics", "file: metrics.json\nbaseline: prod.json\non_missing_baseline: pass\n"
                                   "thresholds:\n  accuracy: {min: 0.9, max_drop: 0.01}\n")
                  .empty());
  r = Run(&s);
  EXPECT_EQ(r.status, CheckStatus::kPass);
  ASSERT_EQ(r.findings.size(), 1u);
  EXPECT_FALSE(r.findings[0].blocking);
  EXPECT_NE(r.findings[0].message.find("treated as a first promotion"), std::string::npos);
}

TEST_F(MetricsCheckTest, ConfigurationErrors) {
  EXPECT_EQ(Configure("metrics", "file: m.json\n")[0].substr(0, 45), "mlgate.yaml:1:1: checks.metrics.thresholds: r");
  ConfigErrors e = Configure("metrics", "file: m.json\nthresholds:\n  f1: {max_drop: 0.1}\n");
  ASSERT_EQ(e.size(), 1u);
  EXPECT_NE(e[0].find("set `baseline:`"), std::string::npos);
  e = Configure("metrics", "file: m.json\nthresholds:\n  f1: {mins: 0.1}\n");
  EXPECT_EQ(e[0], "mlgate.yaml:3:8: checks.metrics.thresholds.f1.mins: unknown key (did you mean \"min\"?)");
  e = Configure("metrics", "file: m.json\non_missing_baseline: maybe\nthresholds:\n  f1: {min: 0.1}\n");
  EXPECT_NE(e[0].find("expected one of pass, fail"), std::string::npos);
}

}  // namespace
}  // namespace mlgate
