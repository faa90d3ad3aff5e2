#include "checks/isolation_check.h"

#include <map>

#include "base/csv_reader.h"
#include "base/text.h"
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

// A brute-force oracle for the overlap: each file's rows reduced to the normal form of the
// key columns, compared as strings.
struct Expected {
  int overlap = 0;
  std::vector<std::string> examples;  // "test:L is the same row as train:M"
};

Expected BruteForce(const std::string& train, const std::string& test, const std::vector<std::string>& key) {
  auto rows = [&](const std::string& text, std::vector<std::pair<int, std::string>>* out) {
    CsvReader reader(text, "f");
    std::vector<std::string> header, row;
    reader.Next(&header);
    std::vector<size_t> columns;
    for (const auto& k : key) columns.push_back(static_cast<size_t>(std::find(header.begin(), header.end(), k) - header.begin()));
    while (reader.Next(&row)) {
      if (row.size() == 1 && row[0].empty()) continue;
      std::string normal;
      for (size_t c : columns) AppendNormalField(row[c], &normal);
      out->push_back({reader.line(), normal});
    }
  };
  std::vector<std::pair<int, std::string>> train_rows, test_rows;
  rows(train, &train_rows);
  rows(test, &test_rows);
  std::map<std::string, int> first_line;
  for (const auto& [line, normal] : train_rows) first_line.emplace(normal, line);
  Expected e;
  for (const auto& [line, normal] : test_rows) {
    auto it = first_line.find(normal);
    if (it == first_line.end()) continue;
    ++e.overlap;
    e.examples.push_back("data/test.csv:" + std::to_string(line) + " is the same row as data/train.csv:" +
                         std::to_string(it->second));
  }
  return e;
}

// Both ways of matching — by a probe column first, and every row in full — against the
// oracle, on data with repeated rows, other number spellings, decoys and quotes.
TEST_F(IsolationCheckTest, EveryMatchingStrategyAgreesWithBruteForce) {
  unsigned long long seed = 42;
  auto next = [&] { return (seed = seed * 6364136223846793005ULL + 1442695040888963407ULL) >> 33; };
  for (bool quotes : {false, true}) {
    std::string train = "id,x,label\n", test = "label,x,id\n";
    std::vector<std::string> lines;
    for (int i = 0; i < 3000; ++i) {
      std::string id = std::to_string(next() % 4000), x = std::to_string(next() % 50) + ".5", label = "l" + std::to_string(next() % 3);
      lines.push_back(id + "," + x + "," + label);
      train += lines.back() + "\n";
      if (i % 500 == 7) train += lines.back() + "\n";  // a repeated train row: the first line is named
    }
    if (quotes) train += "\"17\",\"2.5\",\"l,1\"\n";
    for (int i = 0; i < 1000; ++i) {
      std::string id = std::to_string(next() % 8000), x = std::to_string(next() % 50) + ".50", label = "l" + std::to_string(next() % 3);
      if (i % 50 == 0) {  // a copy of a train row, respelled
        const std::string& l = lines[next() % lines.size()];
        size_t a = l.find(','), b = l.rfind(',');
        id = l.substr(0, a) + ".0";
        x = " " + l.substr(a + 1, b - a - 1) + "0";
        label = l.substr(b + 1);
      }
      test += label + "," + x + "," + id + "\n";
      if (i % 333 == 0) test += label + "," + x + "," + id + "\n";  // repeated in test: each counts
    }
    if (quotes) test += "\"l,1\",2.50,17\n";
    dir_.Write("data/train.csv", train);
    dir_.Write("data/test.csv", test);
    // All columns (the probe is the most distinct one), a key with a distinct column, and a
    // key of low-cardinality columns (no probe: every row compared in full).
    for (const std::vector<std::string>& key : std::vector<std::vector<std::string>>{{}, {"id"}, {"x", "label"}}) {
      std::vector<std::string> compared = key.empty() ? std::vector<std::string>{"id", "x", "label"} : key;
      Expected e = BruteForce(train, test, compared);
      ASSERT_GT(e.overlap, key.empty() ? 20 : 100);
      std::string config = "train: data/train.csv\ntest: data/test.csv\nmax_overlap: 1000000\nexamples: 1000\n";
      if (!key.empty()) config += "key: [" + Join(key, ", ") + "]\n";
      ASSERT_TRUE(Configure("isolation", config).empty());
      Status s;
      CheckResult r = Run(&s);
      ASSERT_OK(s);
      EXPECT_EQ(Find(r, "overlap_rows")->value, e.overlap) << quotes << " " << Join(key, ",");
      std::vector<std::string> examples;
      for (const auto& f : r.findings) {
        if (f.rule == "isolation:test-row-in-train") examples.push_back(f.message.substr(0, f.message.find(" on ")));
      }
      if (e.examples.size() > 1000) e.examples.resize(1000);  // examples: at most 1000
      EXPECT_EQ(examples, e.examples) << quotes << " " << Join(key, ",");
    }
  }
}

}  // namespace
}  // namespace mlgate
