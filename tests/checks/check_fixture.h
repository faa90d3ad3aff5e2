// Runs one check the way the engine does: configure from YAML text, run in a workspace.
#pragma once

#include <gtest/gtest.h>

#include "base/yaml_doc.h"
#include "checks/check_table.h"
#include "gate/check.h"
#include "tests/testing/test_util.h"

namespace mlgate::testing {

class CheckFixture : public ::testing::Test {
 protected:
  // Configures the check `id` with `params_yaml`; returns the configuration errors.
  ConfigErrors Configure(const std::string& id, const std::string& params_yaml) {
    YamlNode node;
    Status s = ParseYaml(params_yaml, "mlgate.yaml", &node);
    EXPECT_TRUE(s.ok()) << s.message();
    check_ = FindCheck(AllChecks(), id)->create();
    ConfigErrors errors;
    Params params(&node, "checks." + id, node.location, &errors);
    check_->Configure(params);
    params.Finish();
    return errors;
  }

  // Runs it as of `today`; the status is resolved as the engine would (no waivers).
  CheckResult Run(Status* status, Date today = Date{2026, 11, 25}) {
    Workspace ws(dir_.path(), 256 << 20);
    CheckContext ctx{ws, today, "", "", model_artifact_, model_card_, "", git_commit_, commit_time_, {}, nullptr, changed_lines_};
    CheckResult r;
    r.status = CheckStatus::kPass;
    *status = check_->Run(ctx, &r);
    if (!status->ok()) {
      r.status = CheckStatus::kError;
      r.summary = status->message();
    }
    check_->CountAfterWaivers(&r);
    ResolveStatus(&r);
    return r;
  }

  const Measurement* Find(const CheckResult& r, const std::string& name) {
    for (const auto& m : r.measurements) {
      if (m.name == name) return &m;
    }
    return nullptr;
  }

  TempDir dir_;
  std::unique_ptr<Check> check_;
  std::string git_commit_;     // HEAD as the check sees it
  long long commit_time_ = 0;  // HEAD's commit time
  std::string model_card_;     // the model's card, as models.<name>.card names it
  std::string model_artifact_;  // the model's artifact
  const ChangedLines* changed_lines_ = nullptr;  // pull-request mode
};

}  // namespace mlgate::testing
