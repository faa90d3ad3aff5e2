// The engine: turns a loaded Config into configured checks (validating each check's
// parameters against the check table it is given), runs the ones the target environment
// needs, and returns the finished Decision: everything a report shows is in it (line
// hashes for fingerprints, promotion history, pending policy changes). Anything a check
// throws is caught here and recorded as an `error` that blocks.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "gate/check.h"
#include "gate/config.h"
#include "gate/policy_source.h"
#include "gate/result.h"

namespace mlgate {

struct GateOptions {
  std::string environment;  // empty: "production" when defined, else every check blocks
  std::string model;        // empty: the only model, if there is exactly one
  bool fail_on_warn = false;
  Date today;
  // Receives "check: what it is doing" from long-running checks (see CheckContext).
  std::function<void(const std::string&)> progress;
  // Where the policy came from (null: the working tree); in pull-request mode the base
  // commit, whose full id is `base`.
  const PolicySource* policy = nullptr;
  std::string base;
  // The promotions and rollbacks of the judged model in the judged environment, oldest
  // first, for the reports (registry/registry_status.h reads them); empty when unset.
  std::function<std::vector<PromotionEvent>(const std::string& environment, const std::string& model)> history;
};

struct ConfiguredCheck {
  const CheckInfo* info = nullptr;
  std::unique_ptr<Check> check;
  bool blocking = true;
};

// Validates the parts of the policy that need the check table (check names, each check's
// parameters, the chosen environment and model); every problem goes to *errors.
std::vector<ConfiguredCheck> ConfigureChecks(const std::vector<CheckInfo>& table, const Config& config,
                                             const GateOptions& options, ConfigErrors* errors);

// Findings a check keeps in the reports: past this, the most severe (unwaived blocking
// first) are kept and the summary says how many more there were. Measurements and the
// status are made from all of them first; the cap bounds report size (a SARIF file of a
// million results) and the time every format takes.
inline constexpr size_t kMaxFindingsKept = 1000;
void KeepFindings(size_t keep, CheckResult* result);

// Runs the configured checks and returns the finished decision (verdict resolved).
Decision RunGate(const Config& config, const std::vector<ConfiguredCheck>& checks, const Workspace& workspace,
                 const GateOptions& options);

}  // namespace mlgate
