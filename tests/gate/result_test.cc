#include "gate/result.h"

#include <gtest/gtest.h>

#include <cmath>

namespace mlgate {
namespace {

TEST(ResultTest, NaNFailsEveryComparison) {
  double nan = std::nan("");
  for (Op op : {Op::kGe, Op::kLe, Op::kEq, Op::kGt, Op::kLt}) {
    EXPECT_FALSE(Compare(nan, op, 1)) << OpName(op);
    EXPECT_FALSE(Compare(1, op, nan)) << OpName(op);
  }
  EXPECT_TRUE(Compare(80, Op::kGe, 80));
  EXPECT_FALSE(Compare(std::nextafter(80.0, 0.0), Op::kGe, 80));  // one ULP below fails
  EXPECT_TRUE(Compare(0.95, Op::kEq, 0.951, 0.001 + 1e-12));
}

CheckResult WithMeasurement(bool ok, bool advisory, bool blocking) {
  CheckResult r;
  r.status = CheckStatus::kPass;
  r.blocking = blocking;
  Measurement m;
  m.ok = ok;
  m.advisory = advisory;
  r.measurements.push_back(m);
  return r;
}

TEST(ResultTest, StatusFromMeasurementsAndFindings) {
  CheckResult failed = WithMeasurement(false, false, true);
  ResolveStatus(&failed);
  EXPECT_EQ(failed.status, CheckStatus::kFail);
  CheckResult advisory = WithMeasurement(false, true, true);
  ResolveStatus(&advisory);
  EXPECT_EQ(advisory.status, CheckStatus::kWarn);
  CheckResult non_blocking = WithMeasurement(false, false, false);
  ResolveStatus(&non_blocking);
  EXPECT_EQ(non_blocking.status, CheckStatus::kWarn);
  CheckResult waived = WithMeasurement(true, false, true);
  waived.findings.push_back(Finding{"r", Severity::kHigh, "m", "", 0, 0, true, true, "why", "2027-01-01", ""});
  ResolveStatus(&waived);
  EXPECT_EQ(waived.status, CheckStatus::kPass);
  waived.findings[0].waived = false;
  ResolveStatus(&waived);
  EXPECT_EQ(waived.status, CheckStatus::kFail);
}

TEST(ResultTest, VerdictFailsClosed) {
  Decision empty;
  ResolveVerdict(&empty);
  EXPECT_EQ(empty.verdict, "fail");  // zero checks evaluated

  Decision d;
  d.checks.push_back(WithMeasurement(true, false, true));
  ResolveStatus(&d.checks[0]);
  ResolveVerdict(&d);
  EXPECT_EQ(d.verdict, "pass");

  CheckResult error;
  error.status = CheckStatus::kError;
  error.blocking = true;
  d.checks.push_back(error);
  ResolveVerdict(&d);
  EXPECT_EQ(d.verdict, "fail");

  d.checks.back().blocking = false;  // a non-blocking check that could not run only warns
  ResolveVerdict(&d);
  EXPECT_EQ(d.verdict, "pass");
  d.fail_on_warn = true;
  ResolveVerdict(&d);
  EXPECT_EQ(d.verdict, "fail");
}

}  // namespace
}  // namespace mlgate
