// The check table: one row per check, in the order reports list them. Adding a check means
// adding its pair of files in checks/ and one row here (see .github/CONTRIBUTING.md).
#include "checks/check_table.h"

#include "checks/approval_check.h"
#include "checks/coverage_check.h"
#include "checks/docs_check.h"
#include "checks/drift_check.h"
#include "checks/isolation_check.h"
#include "checks/lint_check.h"
#include "checks/load_check.h"
#include "checks/metrics_check.h"
#include "checks/reproducibility_check.h"
#include "checks/schema_check.h"

namespace mlgate {

const std::vector<CheckInfo>& AllChecks() {
  static const std::vector<CheckInfo> kChecks = {
      {"coverage", "Test coverage", kCoverageHelp, &NewCoverageCheck},
      {"lint", "Lint, type and security reports", kLintHelp, &NewLintCheck},
      {"isolation", "Test-set isolation", kIsolationHelp, &NewIsolationCheck},
      {"reproducibility", "Reproducibility hashes", kReproducibilityHelp, &NewReproducibilityCheck},
      {"metrics", "Model metrics", kMetricsHelp, &NewMetricsCheck},
      {"approval", "Committee approval", kApprovalHelp, &NewApprovalCheck},
      {"schema", "Data contract", kSchemaHelp, &NewSchemaCheck},
      {"load", "Load test", kLoadHelp, &NewLoadCheck},
      {"docs", "README and model card", kDocsHelp, &NewDocsCheck},
      {"drift", "Data drift", kDriftHelp, &NewDriftCheck},
  };
  return kChecks;
}

}  // namespace mlgate
