// The Check interface. A check is a pure function of the workspace and its parameters to a
// CheckResult: it reads evidence through the Workspace, never prints, exits or writes
// reports. A violated policy is a failed measurement or a blocking finding in the result;
// a non-OK Status from Run means "could not evaluate" and blocks the gate (fail closed).
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/date.h"
#include "base/git_repo.h"
#include "base/status.h"
#include "gate/params.h"
#include "gate/policy_source.h"
#include "gate/result.h"
#include "gate/workspace.h"

namespace mlgate {

struct CheckContext {
  const Workspace& workspace;
  Date today;
  std::string environment;
  std::string model_name;
  std::string model_artifact;   // models.<name>.artifact, repository-relative
  std::string model_card;       // models.<name>.card, when the policy names one
  std::string artifact_sha256;
  std::string git_commit;       // HEAD's full id; empty outside a repository
  long long commit_time = 0;    // HEAD's committer time (unix seconds); 0 when unknown
  // Where a long-running check says how far it got ("hashed 1.2 GB"); the CLI shows it on
  // a terminal. Empty when nobody listens. Called at most a few times a second.
  std::function<void(const std::string&)> progress;
  // Where policy files a check reads (the approval check's allowed_signers) come from: the
  // working tree, or the base commit in pull-request mode. Null: the workspace.
  const PolicySource* policy = nullptr;
  // Pull-request mode: the lines each file gained between the merge base and HEAD, by
  // workspace-relative path. Null outside pull-request mode.
  const ChangedLines* changed_lines = nullptr;
};

class Check {
 public:
  virtual ~Check() = default;
  // Reads this check's parameters; every problem is recorded in params (with file:line:col).
  // The caller calls params.Finish() afterwards to catch unknown keys.
  virtual void Configure(Params& params) = 0;
  // Evaluates the policy into *result (id, title and blocking are already set). On a non-OK
  // return, whatever the check put in *result is kept and the status becomes `error`.
  virtual Status Run(const CheckContext& ctx, CheckResult* result) const = 0;
  // Called after the engine applied waivers, for checks whose measurements count the
  // findings no waiver covers (lint's findings.<tool>); also after a failed Run, which
  // keeps what it found.
  virtual void CountAfterWaivers(CheckResult* /*result*/) const {}
};

// One row of a check table: the engine is handed one (checks/check_table.h has mlgate's) and
// never names a check itself.
struct CheckInfo {
  const char* id;
  const char* title;
  // What `mlgate explain ID` prints: what the check does, its parameters and defaults.
  const char* help;
  std::unique_ptr<Check> (*create)();
};

// The row of `table` named `id`; null when there is none.
const CheckInfo* FindCheck(const std::vector<CheckInfo>& table, std::string_view id);

// Adds the measurement of `value` against `threshold` in force on `today`, and, when a
// stricter value is scheduled (effective_on in the future) and would not be met, an
// advisory measurement that warns until that day. Returns the enforced measurement's ok.
bool AddThresholdMeasurement(CheckResult* result, const std::string& name, double value, Op op,
                             const Threshold& threshold, const Date& today, const std::string& unit);

}  // namespace mlgate
