// lint: the reports of the code-quality, type and security tools are present and clean.
//
// Reads each tool's report named under `reports:` (a path or a glob), detects its format
// from the content (checks/lint/), maps every finding onto one severity scale and a
// repository-relative path, and measures findings.<tool>: the unwaived findings at or
// above `fail_on`, against `max_findings` (0 by default). A required report that is
// missing fails; one that cannot be read, or that its tool marked incomplete, is an error;
// a report about files that no longer exist, another commit, or (with max_age) an older
// tree is flagged stale.
#pragma once

#include <memory>

#include "gate/check.h"

namespace mlgate {

extern const char kLintHelp[];
std::unique_ptr<Check> NewLintCheck();

}  // namespace mlgate
