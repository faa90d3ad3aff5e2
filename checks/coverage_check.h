// coverage: the share of code the tests execute meets the policy.
//
// Reads one report (Cobertura XML from coverage.py or gcovr, JaCoCo XML, an LCOV
// tracefile, or coverage.py JSON; detected from the content). Measures line_coverage, and
// branch_coverage when the report has branches, and combined_coverage where the tool's
// own total mixes both (coverage.py with branch measurement). Fails when a measurement is
// under its minimum, or a file is under min_file (each listed as a finding). An unreadable
// report, or one with no executable lines, is an error: it is no evidence of coverage.
#pragma once

#include <memory>

#include "gate/check.h"

namespace mlgate {

extern const char kCoverageHelp[];
std::unique_ptr<Check> NewCoverageCheck();

}  // namespace mlgate
