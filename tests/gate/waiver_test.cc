#include "gate/waiver.h"

#include <gtest/gtest.h>

namespace mlgate {
namespace {

Waiver MakeWaiver(std::string rule, Date expires, std::string path = "", std::string sha = "") {
  Waiver w;
  w.check = "coverage";
  w.rule = std::move(rule);
  w.path = std::move(path);
  w.artifact_sha256 = std::move(sha);
  w.reason = "generated code";
  w.approved_by = "alice@example.org";
  w.expires = expires;
  return w;
}

std::vector<CheckResult> OneFinding(const std::string& rule, const std::string& path) {
  CheckResult r;
  r.id = "coverage";
  Finding f;
  f.rule = rule;
  f.path = path;
  r.findings.push_back(f);
  return {r};
}

const Date kToday{2026, 11, 25};

TEST(WaiverTest, MarksCoveredFindingsAndKeepsThem) {
  auto checks = OneFinding("coverage:file-below-min", "src/gen/x.py");
  auto notes = ApplyWaivers({MakeWaiver("coverage:*", {2027, 3, 1}, "src/gen/**")}, "", kToday, &checks);
  ASSERT_EQ(checks[0].findings.size(), 1u);
  EXPECT_TRUE(checks[0].findings[0].waived);
  EXPECT_EQ(checks[0].findings[0].waiver, "generated code (approved by alice@example.org)");
  EXPECT_EQ(notes[0].status, "applied");
  EXPECT_EQ(notes[0].matched, 1);
}

TEST(WaiverTest, ExpiredIsIgnoredExpiringIsFlaggedUnusedIsReported) {
  auto checks = OneFinding("r", "a.py");
  auto notes = ApplyWaivers({MakeWaiver("r", {2026, 11, 24})}, "", kToday, &checks);
  EXPECT_FALSE(checks[0].findings[0].waived);
  EXPECT_EQ(notes[0].status, "expired");

  notes = ApplyWaivers({MakeWaiver("r", {2026, 11, 25})}, "", kToday, &checks);  // valid through its day
  EXPECT_TRUE(checks[0].findings[0].waived);
  EXPECT_EQ(notes[0].status, "expiring");

  checks = OneFinding("r", "a.py");
  notes = ApplyWaivers({MakeWaiver("other", {2027, 6, 1})}, "", kToday, &checks);
  EXPECT_EQ(notes[0].status, "unused");
}

TEST(WaiverTest, ArtifactBoundWaiverCoversOneModelVersionOnly) {
  std::string sha(64, 'a');
  auto checks = OneFinding("r", "a.py");
  ApplyWaivers({MakeWaiver("r", {2027, 6, 1}, "", sha)}, std::string(64, 'b'), kToday, &checks);
  EXPECT_FALSE(checks[0].findings[0].waived);
  ApplyWaivers({MakeWaiver("r", {2027, 6, 1}, "", sha)}, sha, kToday, &checks);
  EXPECT_TRUE(checks[0].findings[0].waived);
}

}  // namespace
}  // namespace mlgate
