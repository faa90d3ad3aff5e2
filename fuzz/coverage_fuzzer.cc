// Coverage reports: Cobertura and JaCoCo XML, LCOV, coverage.py JSON, by detection or by
// the named reader. A report read OK has counts a report can have.
#include "checks/coverage/coverage_report.h"
#include "fuzz/fuzz_util.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using mlgate::Status;
  size_t reader = mlgate::fuzz::Choose(&data, &size, 5);
  std::string_view bytes = mlgate::fuzz::Bytes(data, size);
  auto map = [](const std::string& path) { return mlgate::NormalizeReportPath(path); };
  mlgate::CoverageReport report;
  Status s;
  switch (reader) {
    case 0: s = mlgate::ParseCoverageReport(bytes, "coverage", map, &report); break;
    case 1: s = mlgate::ParseCobertura(bytes, "coverage.xml", map, &report); break;
    case 2: s = mlgate::ParseLcov(bytes, "lcov.info", map, &report); break;
    case 3: s = mlgate::ParseJacoco(bytes, "jacoco.xml", map, &report); break;
    default: s = mlgate::ParseCoveragePyJson(bytes, "coverage.json", map, &report); break;
  }
  if (!s.ok()) return 0;
  for (const auto& f : report.files) {
    mlgate::fuzz::Require(f.lines_valid >= 0 && f.lines_covered >= 0 && f.lines_covered <= f.lines_valid);
    mlgate::fuzz::Require(f.branches_valid >= 0 && f.branches_covered >= 0 &&
                          f.branches_covered <= f.branches_valid);
    for (size_t i = 1; i < f.lines.size(); ++i) mlgate::fuzz::Require(f.lines[i - 1].number < f.lines[i].number);
  }
  return 0;
}
