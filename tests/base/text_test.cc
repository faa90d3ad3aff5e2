#include "base/text.h"

#include <gtest/gtest.h>

namespace mlgate {
namespace {

TEST(TextTest, SuggestsNearNamesOnly) {
  std::vector<std::string> names = {"coverage", "metrics", "lint"};
  EXPECT_EQ(SuggestNearest("coverge", names), "coverage");
  EXPECT_EQ(SuggestNearest("metric", names), "metrics");
  EXPECT_EQ(SuggestNearest("drift", names), "");
}

TEST(TextTest, GlobSegmentsAndDoubleStar) {
  EXPECT_TRUE(GlobMatch("tests/**", "tests/a/b.py"));
  EXPECT_TRUE(GlobMatch("**/test_*.py", "src/x/test_a.py"));
  EXPECT_TRUE(GlobMatch("**/test_*.py", "test_a.py"));
  EXPECT_TRUE(GlobMatch("src/*.py", "src/a.py"));
  EXPECT_FALSE(GlobMatch("src/*.py", "src/x/a.py"));
  EXPECT_TRUE(GlobMatch("bandit:*", "bandit:B301"));
  EXPECT_FALSE(GlobMatch("bandit:B3?1", "bandit:B3011"));
  EXPECT_TRUE(GlobMatch("a/**/b", "a/b"));
}

TEST(TextTest, StrictNumbers) {
  EXPECT_EQ(ParseStrictNumber("80"), 80.0);
  EXPECT_EQ(ParseStrictNumber("-0.5e2"), -50.0);
  EXPECT_EQ(ParseStrictNumber("+1.5"), 1.5);
  EXPECT_EQ(ParseStrictNumber(".5"), 0.5);
  for (const char* bad : {".nan", ".inf", "-.inf", "1e999", "0x1p3", "1_000", " 1", "1,0", "", "-", "1e", "NaN"}) {
    EXPECT_FALSE(ParseStrictNumber(bad).has_value()) << bad;
  }
}

TEST(TextTest, Utf8IsRepairedNotPassedThrough) {
  EXPECT_TRUE(IsValidUtf8("héllo ✅"));
  EXPECT_FALSE(IsValidUtf8("\xC3\x28"));
  EXPECT_FALSE(IsValidUtf8("\xED\xA0\x80"));  // a UTF-16 surrogate encoded in UTF-8
  EXPECT_EQ(SanitizeUtf8("a\xFF" "b"), "a\xEF\xBF\xBD" "b");
}

TEST(TextTest, FormatNumberRoundTrips) {
  EXPECT_EQ(FormatNumber(80), "80");
  EXPECT_EQ(FormatNumber(0.1), "0.1");
  EXPECT_EQ(FormatNumber(72.72727272727273), "72.72727272727273");
}

}  // namespace
}  // namespace mlgate
