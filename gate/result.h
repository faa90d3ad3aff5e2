// The result model: what a check found (findings), what it measured against which
// threshold (measurements), and the decision over all checks. The Decision serializes to
// report.json (reporters/json_reporter.cc), the single source every other report reads.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace mlgate {

enum class Severity { kInfo, kLow, kMedium, kHigh, kCritical };
const char* SeverityName(Severity s);
std::optional<Severity> ParseSeverity(const std::string& name);

enum class CheckStatus { kPass, kWarn, kFail, kError, kSkipped };
const char* StatusName(CheckStatus s);
std::optional<CheckStatus> ParseStatus(const std::string& name);

// A comparison between a measured value and its threshold. Every comparison is written so
// that NaN fails: `ok = value >= threshold` is false for NaN on either side.
enum class Op { kGe, kLe, kEq, kGt, kLt };
const char* OpName(Op op);  // ">=", "<=", "==", ">", "<"
std::optional<Op> ParseOp(const std::string& name);
bool Compare(double value, Op op, double threshold, double tolerance = 0);

struct Measurement {
  std::string name;
  double value = 0;
  Op op = Op::kGe;
  double threshold = 0;
  double tolerance = 0;  // for ==
  std::string unit;      // "%", "ms", "" …
  bool ok = false;
  // A phased threshold that is not yet in force: failing it warns instead of failing.
  bool advisory = false;
  std::string note;  // e.g. "enforced from 2027-03-01"
  // Measured and reported, but the policy sets no threshold for it: op and threshold are
  // null in report.json, and it never fails.
  bool informational = false;
};

// A figure the evidence has but the policy does not constrain.
Measurement InformationalMeasurement(const std::string& name, double value, const std::string& unit);

// A figure held to a fixed limit that is never phased in (counts: reports_missing <= 0).
Measurement LimitMeasurement(const std::string& name, double value, Op op, double limit, const std::string& unit);

struct Finding {
  std::string rule;  // e.g. "coverage:file-below-min", "bandit:B301"
  Severity severity = Severity::kMedium;
  std::string message;
  std::string path;      // repository-relative, '/'-separated; empty when not about a file
  int line = 0;          // 1-based; 0 when unknown
  int column = 0;        // 1-based; 0 when unknown
  bool blocking = true;  // counts against the check unless waived
  bool waived = false;
  std::string waiver;  // the waiver's reason, when waived
  std::string waiver_expires;
  // GitHub's primaryLocationLineHash of the line (gate/line_hash.h), when the file could be
  // read: keeps a SARIF alert, and the Code Quality fingerprint, stable as lines move.
  std::string line_hash;
};

// A finding that blocks unless waived (set `blocking` false for one that only informs).
Finding MakeFinding(std::string rule, Severity severity, std::string path, int line, std::string message);

// "src/x.py:12:5", "src/x.py:12", "src/x.py", or "" — how reports show where a finding is.
std::string LocationOf(const Finding& f);

struct EvidenceRecord {
  std::string path;
  std::string sha256;
  unsigned long long bytes = 0;
};

// A figure for the HTML report, as data: the drift check's reference and current
// distributions of a drifted feature (kind "distribution": shares per label), and its
// drifted share per window against the budget (kind "windows": `current` per window start,
// `limit` the budget).
struct Chart {
  std::string kind;
  std::string title;
  std::vector<std::string> labels;
  std::vector<double> reference;
  std::vector<double> current;
  double limit = 0;
};

struct CheckResult {
  std::string id;
  std::string title;
  CheckStatus status = CheckStatus::kError;
  bool blocking = true;
  std::string summary;
  std::vector<Measurement> measurements;
  std::vector<Finding> findings;
  std::vector<EvidenceRecord> evidence;
  std::vector<Chart> charts;  // report.json "charts", only when there are some
  double seconds = 0;
};

// A value of a policy pack that the repository's own file changed.
struct PolicyOverride {
  std::string key;  // dotted, e.g. "checks.coverage.min_line"
  std::string pack;
  std::string pack_value;
  std::string value;
  std::string location;  // file:line:col of the overriding value
};

// What happened to each waiver: applied (matched findings), unused, expired, expiring.
struct WaiverNote {
  std::string check;
  std::string rule;
  std::string status;  // applied | unused | expired | expiring
  std::string expires;
  std::string approved_by;
  std::string reason;
  int matched = 0;
};

// One line of a registry's HISTORY (registry/file_registry.h): a promotion or a rollback.
struct PromotionEvent {
  std::string event;  // promote | rollback
  std::string version, previous, tag, commit, at;
};

struct Decision {
  int schema_version = 1;
  std::string tool_version;
  std::string verdict;  // "pass" | "fail"
  std::string model_name;
  std::string model_artifact;
  std::string model_sha256;
  std::string git_commit;
  std::string git_base;
  std::string environment;
  std::string date;  // the day the policy was judged on (waivers, phased thresholds)
  bool fail_on_warn = false;
  std::vector<CheckResult> checks;
  std::vector<PolicyOverride> overrides;
  std::vector<WaiverNote> waivers;
  std::vector<EvidenceRecord> policy_files;
  // Pull-request mode: policy files the pull request changes ("mlgate.yaml (edited)"); it
  // was judged by the base versions, and the change applies once merged.
  std::vector<std::string> pending_policy_changes;
  std::vector<std::string> errors;  // decision-level problems, e.g. zero checks evaluated
  // The judged environment's registry HISTORY for this model, oldest first (for the reports).
  std::vector<PromotionEvent> promotions;

  int ExitCode() const { return verdict == "pass" ? 0 : 1; }
  // The policy file judged by (the first of policy_files): where reports point problems
  // that are about no file of their own.
  std::string PolicyFile() const { return policy_files.empty() ? "mlgate.yaml" : policy_files[0].path; }
  int CountStatus(CheckStatus s) const;
};

// Sets a check's status from its measurements and unwaived blocking findings. An `error`
// status set by the engine is kept. A failing non-blocking check becomes `warn`.
void ResolveStatus(CheckResult* result);

// Sets decision->verdict: fail when any blocking check failed or errored, when there are
// decision-level errors, when no check ran, or (with fail_on_warn) when any check warns.
void ResolveVerdict(Decision* decision);

}  // namespace mlgate
