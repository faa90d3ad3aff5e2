#include "checks/isolation_check.h"

#include "checks/data/row_fingerprint.h"
#include "tests/checks/check_fixture.h"

namespace mlgate {
namespace {

std::string Normal(std::string_view field) {
  std::string out;
  AppendNormalField(field, &out);
  return out;
}

TEST(RowFingerprintTest, NumbersByValueTextAsWritten) {
  for (auto [a, b] : std::vector<std::pair<std::string, std::string>>{
           {"1", "1.0"}, {"1", "+1"}, {"1", "1e0"}, {"100", "1e2"}, {"120.0", "1.2e2"}, {"0.005", "5e-3"},
           {"10.50", "1.05e1"}, {"-0.0", "0"}, {"0", "0e5"}, {" 7 ", "7"}, {"007", "7"}, {".5", "0.5"},
           {"-0.05", "-5e-2"}, {"0.5", "5.0e-1"}, {"1", "1."}, {"-0", "0"}, {"12.5", "0012.500"},
           {"1e70", "1" + std::string(70, '0')}, {"1e-70", "0." + std::string(69, '0') + "1"},
           {"123456789012345678901234567890", "1.23456789012345678901234567890e29"}}) {
    EXPECT_EQ(Normal(a), Normal(b)) << a << " vs " << b;
  }
  for (auto [a, b] : std::vector<std::pair<const char*, const char*>>{
           {"1", "-1"}, {"0.1", "0.10000000000000001"}, {"1", "10"}, {"abc", "ABC"}, {"1", "\"1\""},
           {"1e", "1"}, {"nan", "NaN"}, {"1.5", "15"}, {"", " x"}, {"1e70", "1e71"}, {"0.05", "-0.05"},
           {"120", "12"}, {"1.2", "12"}}) {
    EXPECT_NE(Normal(a), Normal(b)) << a << " vs " << b;
  }
  // Field boundaries are part of the form: ("ab", "c") is not ("a", "bc").
  std::string scratch;
  std::vector<std::string_view> one = {"ab", "c"}, two = {"a", "bc"};
  EXPECT_NE(FingerprintRow(one, {0, 1}, &scratch), FingerprintRow(two, {0, 1}, &scratch));
}

class IsolationCheckTest : public testing::CheckFixture {
 protected:
  void SetUp() override {
    dir_.Write("data/train.csv", "id,x,label\n1,0.5,a\n2,1.25,b\n3,2,c\n4,7,d\n");
    // Line 3 repeats train row 2 with other number spellings; line 4 reuses id 3 with
    // another value (a decoy); line 5 is new.
    dir_.Write("data/test.csv", "label,id,x\nz,9,9\nb, 2 ,1.250\nq,3,99\nn,10,10\n");
  }
};

TEST_F(IsolationCheckTest, LeakedRowsAreFoundWithTheirLines) {
  ASSERT_TRUE(Configure("isolation", "train: data/train.csv\ntest: data/test.csv\n").empty());
  Status s;
  CheckResult r = Run(&s);
  ASSERT_OK(s);
  EXPECT_EQ(r.status, CheckStatus::kFail);
  EXPECT_EQ(Find(r, "overlap_rows")->value, 1);
  EXPECT_DOUBLE_EQ(Find(r, "overlap_share")->value, 0.25);
  ASSERT_EQ(r.findings.size(), 1u);
  EXPECT_EQ(r.findings[0].message, "data/test.csv:3 is the same row as data/train.csv:3");
  EXPECT_EQ(r.findings[0].line, 3);
  EXPECT_EQ(r.summary, "1 of 4 test rows (25.000 %) found in data/train.csv");
}

TEST_F(IsolationCheckTest, KeyColumnsCountTheDecoysToo) {
  ASSERT_TRUE(Configure("isolation", "train: data/train.csv\ntest: data/test.csv\nkey: [id]\nmax_overlap: 2\n").empty());
  Status s;
  CheckResult r = Run(&s);
  ASSERT_OK(s);
  EXPECT_EQ(Find(r, "overlap_rows")->value, 2);
  EXPECT_EQ(r.status, CheckStatus::kPass);  // within max_overlap
}

TEST_F(IsolationCheckTest, ACleanSplitPasses) {
  dir_.Write("data/test.csv", "id,x,label\n5,0.5,a\n6,3,b\n");
  ASSERT_TRUE(Configure("isolation", "train: data/train.csv\ntest: data/test.csv\n").empty());
  Status s;
  CheckResult r = Run(&s);
  ASSERT_OK(s);
  EXPECT_EQ(r.status, CheckStatus::kPass);
  EXPECT_EQ(Find(r, "overlap_rows")->value, 0);
}

TEST_F(IsolationCheckTest, ATrainingStageDependingOnTheTestSetIsCaught) {
  dir_.Write("dvc.yaml", "stages:\n  split:\n    cmd: python split.py\n    outs: [data/train.csv, data/test.csv]\n"
                         "  train:\n    cmd: python train.py\n    deps:\n    - data\n    - train.py\n");
  ASSERT_TRUE(Configure("isolation", "train: data/train.csv\ntest: data/test.csv\npipeline: dvc.yaml\n").empty());
  Status s;
  CheckResult r = Run(&s);
  ASSERT_OK(s);
  EXPECT_EQ(Find(r, "test_set_in_training_deps")->value, 1);
  bool found = false;
  for (const auto& f : r.findings) {
    if (f.rule != "isolation:test-set-in-training-deps") continue;
    found = true;
    EXPECT_EQ(f.line, 5);
    EXPECT_NE(f.message.find("training stage train depends on data, which holds the test set data/test.csv"),
              std::string::npos);
  }
  EXPECT_TRUE(found);
}

TEST_F(IsolationCheckTest, BadInputIsAnError) {
  for (auto [test, expected] : std::vector<std::pair<std::string, std::string>>{
           {"", "data/test.csv: empty"},
           {"id,x,label\n1,2\n", "data/test.csv:2: 2 fields, the header has 3"},
           {"id,x\n1,2\n", "have different columns"},
           {std::string("\x89PNG\r\n\x1a\n\0\0", 10), "data/test.csv"}}) {
    dir_.Write("data/test.csv", test);
    ASSERT_TRUE(Configure("isolation", "train: data/train.csv\ntest: data/test.csv\n").empty());
    Status s;
    CheckResult r = Run(&s);
    EXPECT_EQ(r.status, CheckStatus::kError) << expected;
    EXPECT_NE(s.message().find(expected), std::string::npos) << s.message();
  }
  dir_.Write("data/test.csv", "id,x,label\n1,2,3\n");
  ASSERT_TRUE(Configure("isolation", "train: data/train.csv\ntest: data/test.csv\nkey: [ident]\n").empty());
  Status s;
  Run(&s);
  EXPECT_NE(s.message().find("no column \"ident\""), std::string::npos) << s.message();
}

}  // namespace
}  // namespace mlgate
