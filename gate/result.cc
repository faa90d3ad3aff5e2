#include "gate/result.h"

#include <cmath>

namespace mlgate {

const char* SeverityName(Severity s) {
  switch (s) {
    case Severity::kInfo: return "info";
    case Severity::kLow: return "low";
    case Severity::kMedium: return "medium";
    case Severity::kHigh: return "high";
    case Severity::kCritical: return "critical";
  }
  return "medium";
}

std::optional<Severity> ParseSeverity(const std::string& name) {
  for (Severity s : {Severity::kInfo, Severity::kLow, Severity::kMedium, Severity::kHigh, Severity::kCritical}) {
    if (name == SeverityName(s)) return s;
  }
  return std::nullopt;
}

const char* StatusName(CheckStatus s) {
  switch (s) {
    case CheckStatus::kPass: return "pass";
    case CheckStatus::kWarn: return "warn";
    case CheckStatus::kFail: return "fail";
    case CheckStatus::kError: return "error";
    case CheckStatus::kSkipped: return "skipped";
  }
  return "error";
}

std::optional<CheckStatus> ParseStatus(const std::string& name) {
  for (CheckStatus s : {CheckStatus::kPass, CheckStatus::kWarn, CheckStatus::kFail, CheckStatus::kError,
                        CheckStatus::kSkipped}) {
    if (name == StatusName(s)) return s;
  }
  return std::nullopt;
}

const char* OpName(Op op) {
  switch (op) {
    case Op::kGe: return ">=";
    case Op::kLe: return "<=";
    case Op::kEq: return "==";
    case Op::kGt: return ">";
    case Op::kLt: return "<";
  }
  return "?";
}

std::optional<Op> ParseOp(const std::string& name) {
  for (Op op : {Op::kGe, Op::kLe, Op::kEq, Op::kGt, Op::kLt}) {
    if (name == OpName(op)) return op;
  }
  return std::nullopt;
}

bool Compare(double value, Op op, double threshold, double tolerance) {
  switch (op) {
    case Op::kGe: return value >= threshold;
    case Op::kLe: return value <= threshold;
    case Op::kGt: return value > threshold;
    case Op::kLt: return value < threshold;
    case Op::kEq: return std::fabs(value - threshold) <= tolerance;
  }
  return false;
}

Measurement LimitMeasurement(const std::string& name, double value, Op op, double limit, const std::string& unit) {
  Measurement m;
  m.name = name;
  m.value = value;
  m.op = op;
  m.threshold = limit;
  m.unit = unit;
  m.ok = Compare(value, op, limit);
  return m;
}

Measurement InformationalMeasurement(const std::string& name, double value, const std::string& unit) {
  Measurement m;
  m.name = name;
  m.value = value;
  m.unit = unit;
  m.ok = true;
  m.informational = true;
  return m;
}

int Decision::CountStatus(CheckStatus s) const {
  int n = 0;
  for (const auto& c : checks) n += c.status == s ? 1 : 0;
  return n;
}

Finding MakeFinding(std::string rule, Severity severity, std::string path, int line, std::string message) {
  Finding f;
  f.rule = std::move(rule);
  f.severity = severity;
  f.path = std::move(path);
  f.line = line;
  f.message = std::move(message);
  return f;
}

std::string LocationOf(const Finding& f) {
  if (f.path.empty()) return "";
  std::string out = f.path;
  // Appended piece by piece: `":" + std::to_string(…)` trips GCC 12's -Wrestrict at -O3.
  if (f.line > 0) {
    out += ':';
    out += std::to_string(f.line);
  }
  if (f.line > 0 && f.column > 0) {
    out += ':';
    out += std::to_string(f.column);
  }
  return out;
}

void ResolveStatus(CheckResult* result) {
  if (result->status == CheckStatus::kError || result->status == CheckStatus::kSkipped) return;
  bool failed = false;
  bool warned = false;
  for (const auto& m : result->measurements) {
    if (m.ok) continue;
    (m.advisory ? warned : failed) = true;
  }
  for (const auto& f : result->findings) {
    if (f.blocking && !f.waived) failed = true;
  }
  if (failed) {
    result->status = result->blocking ? CheckStatus::kFail : CheckStatus::kWarn;
  } else {
    result->status = warned ? CheckStatus::kWarn : CheckStatus::kPass;
  }
}

void ResolveVerdict(Decision* decision) {
  bool fail = !decision->errors.empty() || decision->checks.empty();
  for (const auto& c : decision->checks) {
    if (c.blocking && (c.status == CheckStatus::kFail || c.status == CheckStatus::kError)) fail = true;
    // A non-blocking check that could not run is a warning, not a pass.
    bool warns = c.status == CheckStatus::kWarn || (!c.blocking && c.status == CheckStatus::kError);
    if (decision->fail_on_warn && warns) fail = true;
  }
  decision->verdict = fail ? "fail" : "pass";
}

}  // namespace mlgate
