// Lint, type and security reports: every tool's JSON or text format, and SARIF (what any
// other tool name must hold). The first byte picks the tool the policy would name.
#include "checks/lint/lint_report.h"
#include "fuzz/fuzz_util.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const auto& tools = mlgate::KnownLintTools();
  size_t pick = mlgate::fuzz::Choose(&data, &size, tools.size() + 1);
  std::string tool = pick < tools.size() ? tools[pick] : "codeql";
  mlgate::LintReport report;
  mlgate::Status s = mlgate::ParseLintReport(mlgate::fuzz::Bytes(data, size), "report", tool, &report);
  if (!s.ok()) return 0;
  for (const auto& f : report.findings) mlgate::fuzz::Require(f.line >= 0 && f.column >= 0);
  mlgate::fuzz::Require(report.suppressed >= 0);
  return 0;
}
