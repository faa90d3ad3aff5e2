#include "checks/schema_check.h"

#include "checks/data/contract.h"

#include "tests/checks/check_fixture.h"

namespace mlgate {
namespace {

const char kContract[] = R"(columns:
  id: {type: int, nullable: false, unique: true}
  age: {type: int, min: 18, max: 120}
  income: {type: float, min: 0, max_missing_rate: 0.25}
  segment: {type: string, allowed: [retail, business]}
  email: {type: string, regex: "[^@]+@[^@]+"}
  signup: {type: date}
  churned: {type: bool}
)";

class SchemaCheckTest : public testing::CheckFixture {
 protected:
  void SetUp() override {
    dir_.Write("contract.yaml", kContract);
    dir_.Write("good.csv",
               "id,age,income,segment,email,signup,churned\n"
               "1,30,1000.5,retail,a@x.org,2026-01-02,true\n"
               "2,45,,business,b@x.org,2025-12-31,0\n"
               "3,18,0,retail,c@x.org,2024-02-29,False\n"
               "4,120,7,business,d@x.org,2024-03-01,True\n");  // income missing in 1 of 4: at the limit
  }
  CheckResult RunOn(const std::string& data, Status* s) {
    EXPECT_TRUE(Configure("schema", "contract: contract.yaml\ndata: [" + data + "]\n").empty());
    return Run(s);
  }
};

TEST_F(SchemaCheckTest, DataThatKeepsTheContractPasses) {
  Status s;
  CheckResult r = RunOn("good.csv", &s);
  ASSERT_OK(s);
  EXPECT_EQ(r.status, CheckStatus::kPass);
  EXPECT_EQ(r.summary, "0 violations of contract.yaml in 1 file (4 rows)");
}

TEST_F(SchemaCheckTest, EveryRuleIsJudgedWithItsLines) {
  dir_.Write("bad.csv",
             "id,age,income,segment,email,signup,churned,extra\n"
             "1,17,10,retail,a@x.org,2026-01-02,true,x\n"       // age below min
             "1,abc,,wholesale,not-an-email,2026-02-30,maybe,x\n"  // id repeated; age type; segment; email; date; bool
             ",200,-5,retail,c@x.org,2024-02-29,1,x\n"           // id missing; age above max; income below min
             "4,30,,retail,d@x.org,2024-02-29,1,x\n");          // income missing: 2 of 4 > 0.25
  Status s;
  CheckResult r = RunOn("bad.csv", &s);
  ASSERT_OK(s);
  EXPECT_EQ(r.status, CheckStatus::kFail);
  std::vector<std::string> messages;
  for (const auto& f : r.findings) messages.push_back(f.message);
  std::vector<std::string> expected = {
      "bad.csv: column \"extra\" is not in the contract",
      "bad.csv: column id: 1 value missing, and the column is not nullable (lines 4)",
      "bad.csv: column age: 1 value above max 120 (lines 4)",
      "bad.csv: column age: 1 value below min 18 (lines 2)",
      "bad.csv: column age: 1 value not a valid int (lines 3)",
      "bad.csv: column income: 1 value below min 0 (lines 4)",
      "bad.csv: column segment: 1 value not an allowed value (lines 3)",
      "bad.csv: column email: 1 value not matching regex [^@]+@[^@]+ (lines 3)",
      "bad.csv: column signup: 1 value not a valid date (YYYY-MM-DD) (lines 3)",
      "bad.csv: column churned: 1 value not a valid bool (lines 3)",
      "bad.csv: column id: 1 repeated value in a unique column",
      "bad.csv: column income: missing rate 0.5 is over max_missing_rate 0.25"};
  EXPECT_EQ(messages, expected);
  EXPECT_EQ(Find(r, "violations")->value, 12);
}

TEST_F(SchemaCheckTest, AMissingColumnIsAViolation) {
  dir_.Write("short.csv", "id,age,income,segment,email,signup\n1,30,1,retail,a@x.org,2026-01-02\n");
  Status s;
  CheckResult r = RunOn("short.csv", &s);
  ASSERT_OK(s);
  EXPECT_EQ(Find(r, "violations")->value, 1);
  EXPECT_EQ(r.findings[0].message, "short.csv: column \"churned\" of the contract is missing");
}

TEST_F(SchemaCheckTest, BadContractsAndData) {
  for (auto [contract, expected] : std::vector<std::pair<std::string, std::string>>{
           {"columns: {}\n", "columns: expected a mapping of column name to its rules"},
           {"columns:\n  a: {type: integer}\n", "contract.yaml:2:13: columns.a.type: expected int, float, string, bool or date"},
           {"columns:\n  a: {type: int, mn: 3}\n", "columns.a.mn: unknown rule (did you mean \"min\"?)"},
           {"columns:\n  a: {type: string, min: 3}\n", "min and max need type int or float"},
           {"columns:\n  a: {type: string, regex: \"([a-z\"}\n", "not a valid regular expression"},
           {"colums:\n  a: {type: int}\n", "unknown key \"colums\""}}) {
    dir_.Write("contract.yaml", contract);
    Status s;
    CheckResult r = RunOn("good.csv", &s);
    EXPECT_EQ(r.status, CheckStatus::kError) << expected;
    EXPECT_NE(s.message().find(expected), std::string::npos) << s.message();
  }
  dir_.Write("contract.yaml", kContract);
  dir_.Write("ragged.csv", "id,age\n1\n");
  Status s;
  CheckResult r = RunOn("ragged.csv", &s);
  EXPECT_EQ(r.status, CheckStatus::kError);
  EXPECT_NE(s.message().find("ragged.csv:2: 1 fields, the header has 2"), std::string::npos) << s.message();
}

// The standard library's regex matcher recurses per character: a hostile cell of 100 000
// characters overflowed the stack. Past kMaxRegexValueBytes a value is a violation.
TEST(ContractTest, ALongValueBreaksTheRegexRuleWithoutMatching) {
  Contract c;
  ASSERT_TRUE(ParseContract("columns:\n  email: {type: string, regex: \"[^@]+@[^@]+\"}\n", "c.yaml", &c).ok());
  const ColumnRule& rule = c.columns[0];
  EXPECT_EQ(BrokenRule(rule, "a@b"), nullptr);
  EXPECT_STREQ(BrokenRule(rule, "ab"), "regex");
  std::string at_limit = std::string(kMaxRegexValueBytes - 2, 'a') + "@b";
  EXPECT_EQ(BrokenRule(rule, at_limit), nullptr);
  EXPECT_STREQ(BrokenRule(rule, std::string(100000, 'a') + "@b"), "regex");
}

// libstdc++'s regex compiler overflowed a signed long on a long back-reference (found by
// fuzz/contract) and builds states per repetition: such patterns are refused in the contract.
TEST(ContractTest, RegexesPastTheCompilersBoundsAreRefused) {
  for (const char* pattern : {"a\\666666666666666666666", "x{100000}", "(a{1000}){1000}", "a{1,99999999999999999999}",
                              "I+++++*++", "a*+", "a{2}+", "a+??"}) {
    Contract c;
    Status s = ParseContract(std::string("columns:\n  x: {type: string, regex: '") + pattern + "'}\n", "c.yaml", &c);
    EXPECT_FALSE(s.ok()) << pattern;
    EXPECT_NE(s.message().find("c.yaml:2:"), std::string::npos) << s.message();
  }
  Contract ok;
  ASSERT_TRUE(ParseContract("columns:\n  x: {type: string, regex: '[A-Z]{2}[0-9+*?]{4}\\{1\\}\\+?(ab)+?\\1'}\n", "c.yaml", &ok).ok());
  EXPECT_EQ(BrokenRule(ok.columns[0], "DE1+*?{1}+abab"), nullptr);
}

}  // namespace
}  // namespace mlgate
