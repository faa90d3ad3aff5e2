#include "gate/config.h"

#include <gtest/gtest.h>

#include "checks/check_table.h"
#include "gate/engine.h"
#include "tests/testing/test_util.h"

namespace mlgate {
namespace {

using testing::TempDir;

class ConfigTest : public ::testing::Test {
 protected:
  // Loads `yaml` as mlgate.yaml and configures its checks; returns every problem.
  ConfigErrors Load(const std::string& yaml, Status* status = nullptr) {
    dir_.Write("mlgate.yaml", yaml);
    config_ = Config();
    ConfigErrors errors;
    Status s = LoadConfig(dir_.path() + "/mlgate.yaml", Date{2026, 11, 25}, &config_, &errors);
    if (status) *status = s;
    if (!s.ok()) return {s.message()};
    if (errors.empty()) checks_ = ConfigureChecks(AllChecks(), config_, GateOptions{"", "", false, Date{2026, 11, 25}, {}, nullptr, "", {}}, &errors);
    return errors;
  }
  std::string Only(const ConfigErrors& errors) {
    EXPECT_EQ(errors.size(), 1u);
    return errors.empty() ? "" : errors[0];
  }

  TempDir dir_;
  Config config_;
  std::vector<ConfiguredCheck> checks_;
};

TEST_F(ConfigTest, LoadsAValidPolicy) {
  EXPECT_TRUE(Load("version: 1\nmodels:\n  churn: {artifact: m.pkl}\nchecks:\n  coverage:\n    report: c.xml\n").empty());
  ASSERT_EQ(checks_.size(), 1u);
  EXPECT_TRUE(checks_[0].blocking);
  EXPECT_EQ(config_.models[0].artifact, "m.pkl");
}

TEST_F(ConfigTest, UnknownKeysGetDidYouMean) {
  EXPECT_EQ(Only(Load("version: 1\nchecks:\n  coverage:\n    report: c.xml\n    min_lines: 80\n")),
            "mlgate.yaml:5:5: checks.coverage.min_lines: unknown key (did you mean \"min_line\"?)");
  EXPECT_EQ(Only(Load("version: 1\nchekcs: {}\n")), "mlgate.yaml:2:1: chekcs: unknown key (did you mean \"checks\"?)");
  EXPECT_EQ(Only(Load("version: 1\nchecks:\n  coverge: {report: c.xml}\n")).substr(0, 77),
            "mlgate.yaml:3:3: checks.coverge: unknown check (did you mean \"coverage\"?); th");
}

TEST_F(ConfigTest, WrongTypesAndMissingKeys) {
  EXPECT_EQ(Only(Load("version: 1\nchecks:\n  coverage:\n    report: [a, b]\n")),
            "mlgate.yaml:4:13: checks.coverage.report: expected text, got a list");
  EXPECT_EQ(Only(Load("version: 1\nchecks:\n  coverage:\n    min_line: 80\n")),
            "mlgate.yaml:4:5: checks.coverage.report: required key is missing; add `report: ...`");
  EXPECT_EQ(Only(Load("checks: {}\n")), "mlgate.yaml:1:1: version: required key is missing; add `version: 1` at the top");
  EXPECT_EQ(Only(Load("version: 2\n")), "mlgate.yaml:1:10: version: expected 1, got \"2\"; this mlgate reads version 1");
}

TEST_F(ConfigTest, BadThresholdsAreRefused) {
  EXPECT_EQ(Only(Load("version: 1\nchecks:\n  coverage: {report: c.xml, min_line: 180}\n")),
            "mlgate.yaml:3:39: checks.coverage.min_line: 180 is out of range; expected a number from 0 to 100");
  EXPECT_EQ(Only(Load("version: 1\nchecks:\n  coverage: {report: c.xml, min_line: .nan}\n")),
            "mlgate.yaml:3:39: checks.coverage.min_line: expected a finite decimal number, got \".nan\" (NaN, "
            "infinity, hex and '_' separators are not accepted)");
  for (const char* bad : {".inf", "1e999", "0x50", "8_0"}) {
    EXPECT_EQ(Load(std::string("version: 1\nchecks:\n  coverage: {report: c.xml, min_line: ") + bad + "}\n").size(), 1u)
        << bad;
  }
  EXPECT_EQ(Only(Load("version: 1\nchecks:\n  coverage: {report: c.xml, min_line: \"80\"}\n")),
            "mlgate.yaml:3:39: checks.coverage.min_line: expected a number, got the quoted text \"80\"; remove the quotes");
}

TEST_F(ConfigTest, StrictYamlErrorsComeThroughWithPosition) {
  Status s;
  Load("version: 1\nchecks:\n  coverage: {report: c.xml}\n  coverage: {report: d.xml}\n", &s);
  EXPECT_EQ(s.message(), "mlgate.yaml:4:3: duplicate key \"coverage\"; each key may appear once — remove one of them");
  Load("version: 1\nx: &a 1\n", &s);
  EXPECT_FALSE(s.ok());
}

TEST_F(ConfigTest, ExtendsGovernanceAndRecordsOverrides) {
  ConfigErrors errors = Load(
      "version: 1\nextends: governance\nchecks:\n  coverage:\n    report: c.xml\n    min_line: 70\n"
      "  metrics:\n    file: m.json\n    thresholds: {accuracy: {min: 0.9}}\n"
      "  lint:\n    reports: {ruff: r.json}\n  isolation: {train: tr.csv, test: te.csv}\n"
      "  schema: {contract: c.yaml, data: [tr.csv]}\n"
      "  approval: {committee: [a@example.org], allowed_signers: signers}\n");
  EXPECT_TRUE(errors.empty()) << errors[0];
  ASSERT_EQ(config_.overrides.size(), 1u);
  EXPECT_EQ(config_.overrides[0].key, "checks.coverage.min_line");
  EXPECT_EQ(config_.overrides[0].pack_value, "80");
  EXPECT_EQ(config_.overrides[0].value, "70");
  EXPECT_EQ(config_.overrides[0].location, "mlgate.yaml:6:15");
  EXPECT_EQ(config_.packs, std::vector<std::string>{"governance"});
  // The production environment of the pack makes its required checks blocking; docs warns.
  ASSERT_EQ(checks_.size(), 8u);
  for (size_t i = 0; i < 7; ++i) EXPECT_TRUE(checks_[i].blocking) << checks_[i].info->id;
  EXPECT_EQ(checks_[5].info->id, std::string("approval"));
  EXPECT_EQ(checks_[7].info->id, std::string("docs"));
  EXPECT_FALSE(checks_[7].blocking);
  EXPECT_EQ(config_.policy_files.size(), 2u);
}

TEST_F(ConfigTest, GovernanceDemandsItsChecks) {
  ConfigErrors errors = Load("version: 1\nextends: governance\nchecks:\n  coverage: {report: c.xml}\n");
  ASSERT_EQ(errors.size(), 9u);
  EXPECT_NE(errors[0].find("checks.lint.reports: expected a mapping of tool to report path"), std::string::npos)
      << errors[0];
  EXPECT_NE(errors[1].find("checks.isolation.train: required key is missing"), std::string::npos) << errors[1];
  EXPECT_NE(errors[3].find("checks.metrics: needs `file:`"), std::string::npos) << errors[3];
  // The committee is the repository's own: the pack cannot name it.
  EXPECT_NE(errors[5].find("checks.approval.committee: required key is missing"), std::string::npos) << errors[5];
}

TEST_F(ConfigTest, UnknownPackAndRepositoryPacks) {
  EXPECT_EQ(Only(Load("version: 1\nextends: governanse\n")),
            "mlgate.yaml:2:10: extends: no policy pack \"governanse\" (did you mean \"governance\"?); built-in "
            "packs: governance, or add policies/governanse.yaml");
  dir_.Write("policies/team.yaml", "version: 1\nchecks:\n  coverage: {report: c.xml, min_line: 85}\n");
  EXPECT_TRUE(Load("version: 1\nextends: team\n").empty());
  EXPECT_EQ(config_.policy_files.size(), 2u);
  dir_.Write("policies/loop.yaml", "version: 1\nextends: loop\n");
  EXPECT_NE(Only(Load("version: 1\nextends: loop\n")).find("is there a cycle?"), std::string::npos);
}

TEST_F(ConfigTest, EnvironmentsDecideWhatBlocks) {
  EXPECT_TRUE(Load("version: 1\nenvironments:\n  production: {requires: [coverage]}\nchecks:\n"
                   "  coverage: {report: c.xml}\n  metrics: {file: m.json, thresholds: {f1: {min: 0.5}}}\n")
                  .empty());
  ASSERT_EQ(checks_.size(), 2u);
  EXPECT_TRUE(checks_[0].blocking);
  EXPECT_FALSE(checks_[1].blocking);
  EXPECT_EQ(Only(Load("version: 1\nenvironments:\n  production: {requires: [lint]}\n")),
            "mlgate.yaml:3:3: environments.production.requires: check \"lint\" is required but not configured; add it "
            "under checks:");
}

TEST_F(ConfigTest, WaiversNeedAnOwnerAndAnEnd) {
  ConfigErrors errors = Load("version: 1\nwaivers:\n  - check: coverage\n    rule: x\n");
  ASSERT_EQ(errors.size(), 3u);
  EXPECT_EQ(errors[0], "mlgate.yaml:3:5: waivers[0].reason: required key is missing; add `reason: ...`");
  EXPECT_EQ(Only(Load("version: 1\nmax_waiver_days: 30\nwaivers:\n  - {check: coverage, rule: x, reason: r, "
                      "approved_by: a@example.org, expires: 2027-06-01}\n")),
            "mlgate.yaml:4:5: waivers[0].expires: 2027-06-01 is 188 days away, over the policy's max_waiver_days "
            "(30); shorten the waiver and renew it when it expires");
  EXPECT_EQ(Only(Load("version: 1\nwaivers:\n  - {check: c, rule: x, reason: r, approved_by: a, expires: 2027-02-30}\n")),
            "mlgate.yaml:3:61: waivers[0].expires: expected a date YYYY-MM-DD, got \"2027-02-30\"");
}

TEST_F(ConfigTest, PhasedThresholdsAreValidated) {
  EXPECT_TRUE(Load("version: 1\nchecks:\n  coverage:\n    report: c.xml\n    min_line: {value: 80, stricter: 90, "
                   "effective_on: 2027-03-01}\n")
                  .empty());
  EXPECT_EQ(Only(Load("version: 1\nchecks:\n  coverage:\n    report: c.xml\n    min_line: {value: 80, "
                      "effective_on: 2027-03-01}\n")),
            "mlgate.yaml:5:15: checks.coverage.min_line: effective_on needs `stricter:`, the value enforced from that "
            "date");
}

TEST_F(ConfigTest, FindsTheConfigUpwards) {
  dir_.Write("mlgate.yaml", "version: 1\n");
  dir_.Write("a/b/keep", "");
  std::string found;
  ASSERT_OK(FindConfig(dir_.path() + "/a/b", &found));
  EXPECT_EQ(found, dir_.path() + "/mlgate.yaml");
}

}  // namespace
}  // namespace mlgate
