// The load check on real Locust output (tests/fixtures/load, README there): the figures
// must equal what Locust itself printed for the same run.
#include "checks/load_check.h"

#include "checks/load/locust_stats.h"
#include "tests/checks/check_fixture.h"

namespace mlgate {
namespace {

LoadReport ParseFixture(const std::string& name) {
  LoadReport r;
  Status s = ParseLocustStats(testing::Fixture("load/" + name), name, &r);
  EXPECT_TRUE(s.ok()) << s.message();
  return r;
}

TEST(LocustStatsTest, CsvAggregatedRowAndEndpoints) {
  LoadReport r = ParseFixture("run_stats.csv");
  EXPECT_EQ(r.format, "Locust CSV");
  EXPECT_EQ(r.total.requests, 5741);
  EXPECT_EQ(r.total.failures, 100);
  EXPECT_DOUBLE_EQ(r.total.rps, 409.73422268381427);
  EXPECT_EQ(r.total.percentiles_ms.at("95%"), 45);
  EXPECT_EQ(r.total.percentiles_ms.at("99%"), 48);
  ASSERT_EQ(r.endpoints.size(), 3u);
  EXPECT_EQ(r.endpoints[0].method, "POST");
  EXPECT_EQ(r.endpoints[0].name, "/explain");
  EXPECT_EQ(r.endpoints[0].failures, 100);
}

TEST(LocustStatsTest, JsonPercentilesEqualLocustsOwnTable) {
  // Locust's printed summary for the same run (README): Aggregated 95% 45, 99% 48,
  // 99.9% 68, 6074 requests; POST /predict 95% 13, 99% 16, 4425 requests.
  LoadReport r = ParseFixture("run.json");
  EXPECT_EQ(r.format, "Locust JSON");
  EXPECT_EQ(r.total.requests, 6074);
  EXPECT_EQ(r.total.percentiles_ms.at("50%"), 9);
  EXPECT_EQ(r.total.percentiles_ms.at("95%"), 45);
  EXPECT_EQ(r.total.percentiles_ms.at("99%"), 48);
  EXPECT_EQ(r.total.percentiles_ms.at("99.9%"), 68);
  EXPECT_EQ(r.total.percentiles_ms.at("100%"), 1100);
  for (const auto& e : r.endpoints) {
    if (e.name != "/predict") continue;
    EXPECT_EQ(e.requests, 4425);
    EXPECT_EQ(e.percentiles_ms.at("95%"), 13);
    EXPECT_EQ(e.percentiles_ms.at("99%"), 16);
  }
}

TEST(LocustStatsTest, PercentileWalksBucketsFromTheSlowest) {
  std::map<long long, long long> buckets = {{10, 90}, {20, 9}, {1000, 1}};
  EXPECT_EQ(LocustPercentile(buckets, 100, 0.95), 20);
  EXPECT_EQ(LocustPercentile(buckets, 100, 0.99), 1000);  // as locust.stats computes it
  EXPECT_EQ(LocustPercentile(buckets, 100, 1.0), 1000);
  EXPECT_EQ(LocustPercentile(buckets, 100, 0.5), 10);
  EXPECT_EQ(LocustPercentile({}, 0, 0.95), 0);
}

TEST(LocustStatsTest, OldMethodLayout) {
  LoadReport r;
  ASSERT_OK(ParseLocustStats("\"Method\",\"Name\",\"# requests\",\"# failures\",\"Median response time\",\"Requests/s\",\"95%\"\n"
                             "\"GET\",\"/\",10,1,5,2.5,9\n\"None\",\"Aggregated\",10,1,5,2.5,9\n",
                             "old.csv", &r));
  EXPECT_EQ(r.format, "Locust CSV (≤1.0 layout)");
  EXPECT_EQ(r.total.requests, 10);
  EXPECT_EQ(r.total.percentiles_ms.at("95%"), 9);
}

TEST(LocustStatsTest, HistoryGivesTheThroughputAtFullLoad) {
  std::optional<double> sustained;
  ASSERT_OK(ParseLocustHistory(testing::Fixture("load/run_stats_history.csv"), "h.csv", &sustained));
  ASSERT_TRUE(sustained.has_value());
  // Rows at 20 users: 535 requests at 1795577341, 3995 at 1795577349.
  EXPECT_NEAR(*sustained, (3995.0 - 535.0) / 8, 1e-9);
}

TEST(LocustStatsTest, BadInput) {
  LoadReport r;
  for (auto [text, expected] : std::vector<std::pair<std::string, std::string>>{
           {"", "empty"},
           {"a,b\n1,2\n", "not a Locust stats file"},
           {testing::Fixture("load/run_stats.csv").substr(0, 400), "fields, the header has 22"},
           {"Type,Name,Request Count,Failure Count,Requests/s\nGET,/,10,1,2\n", "no Aggregated row"},
           {"Type,Name,Request Count,Failure Count,Requests/s\n,Aggregated,-3,0,1\n", "is not a non-negative number"},
           {"Type,Name,Request Count,Failure Count,Requests/s\n,Aggregated,2.5,0,1\n", "not a whole count"},
           {"Type,Name,Request Count,Failure Count,Requests/s\n,Aggregated,nan,0,1\n", "not a non-negative number"},
           {"[{\"name\": \"/\", \"method\": \"GET\", \"num_requests\": 1, \"num_failures\": 0, \"start_time\": 1, "
            "\"response_times\": {\"10\": 5}}]",
            "inconsistent"},
           {"[{\"name\": \"/\", \"method\": \"GET\", \"num_requests\": 1, \"num_failures\": 0, \"start_time\": 1, "
            "\"response_times\": {\"1.1e22\": 1}}]",  // found by fuzz/locust: a cast out of range
            "response_times[\"1.1e22\"]: expected a whole number"},
           {"[{\"name\": \"/\", \"method\": \"GET\", \"num_requests\": 9, \"num_failures\": 0, \"start_time\": 1, "
            "\"response_times\": {\"10\": 5.0}}]",  // Locust writes counts as integers
            "response_times[\"10\"]: expected a whole number"},
           {"[{\"name\": \"/\"}]", "method: expected a string"},
           {"{\"stats\": []}", "not Locust's JSON"},
           {std::string("Type\0,Name", 10), "not UTF-8 text"}}) {
    Status s = ParseLocustStats(text, "s.csv", &r);
    ASSERT_FALSE(s.ok()) << expected;
    EXPECT_NE(s.message().find(expected), std::string::npos) << s.message();
    EXPECT_EQ(s.message().rfind("s.csv", 0), 0u) << s.message();
  }
}

class LoadCheckTest : public testing::CheckFixture {
 protected:
  void SetUp() override {
    for (const char* f : {"run_stats.csv", "run_stats_history.csv", "run_failures.csv", "run.json", "idle_stats.csv"}) {
      dir_.Write(std::string("reports/") + f, testing::Fixture(std::string("load/") + f));
    }
  }
};

TEST_F(LoadCheckTest, BudgetsOnTheWholeRunAndEndpoints) {
  ASSERT_TRUE(Configure("load", "stats: reports/run_stats.csv\np95_ms: 50\np99_ms: 50\nmin_rps: 100\n"
                                "max_failure_ratio: 0.05\nmin_sustained_rps: 300\n"
                                "endpoints:\n  POST /predict: {p95_ms: 20, max_failure_ratio: 0}\n"
                                "  /explain: {max_failure_ratio: 0.05}\n")
                  .empty());
  Status s;
  CheckResult r = Run(&s);
  ASSERT_OK(s);
  EXPECT_EQ(r.status, CheckStatus::kFail);  // /explain fails 100 of 1033
  EXPECT_EQ(Find(r, "p95_ms")->value, 45);
  EXPECT_TRUE(Find(r, "p95_ms")->ok);
  EXPECT_NEAR(Find(r, "failure_ratio")->value, 100.0 / 5741, 1e-12);
  EXPECT_TRUE(Find(r, "failure_ratio")->ok);
  EXPECT_TRUE(Find(r, "sustained_rps")->ok);
  EXPECT_TRUE(Find(r, "POST /predict.p95_ms")->ok);
  EXPECT_FALSE(Find(r, "/explain.failure_ratio")->ok);
  ASSERT_EQ(r.findings.size(), 1u);  // from run_failures.csv, found next to the stats
  EXPECT_EQ(r.findings[0].message.substr(0, 40), "POST /explain: HTTPError('500 Server Err");
  EXPECT_FALSE(r.findings[0].blocking);
  EXPECT_EQ(r.summary, "p95 45 ms, 409.7 requests/s, 100 of 5741 requests failed (Locust CSV)");
  EXPECT_EQ(r.evidence.size(), 3u);
}

TEST_F(LoadCheckTest, JsonWithoutBudgetsIsInformational) {
  ASSERT_TRUE(Configure("load", "stats: reports/run.json\n").empty());
  Status s;
  CheckResult r = Run(&s);
  ASSERT_OK(s);
  EXPECT_EQ(r.status, CheckStatus::kPass);
  EXPECT_TRUE(Find(r, "p95_ms")->informational);
  EXPECT_EQ(Find(r, "p95_ms")->value, 45);
}

TEST_F(LoadCheckTest, ARunWithNoRequestsIsNoEvidence) {
  ASSERT_TRUE(Configure("load", "stats: reports/idle_stats.csv\np95_ms: 200\n").empty());
  Status s;
  CheckResult r = Run(&s);
  EXPECT_EQ(r.status, CheckStatus::kError);
  EXPECT_NE(s.message().find("reports/idle_stats.csv: the load test made 0 requests"), std::string::npos) << s.message();
}

TEST_F(LoadCheckTest, AnEndpointTheRunDoesNotHaveIsAnError) {
  ASSERT_TRUE(Configure("load", "stats: reports/run_stats.csv\nendpoints:\n  /score: {p95_ms: 10}\n").empty());
  Status s;
  CheckResult r = Run(&s);
  EXPECT_EQ(r.status, CheckStatus::kError);
  EXPECT_NE(s.message().find("no such endpoint (it has POST /explain, GET /health, POST /predict)"), std::string::npos)
      << s.message();
}

TEST_F(LoadCheckTest, AOneGigabyteStatsFileIsRefusedBeforeParsing) {
  dir_.WriteSparse("reports/huge_stats.csv", 1ULL << 30);
  ASSERT_TRUE(Configure("load", "stats: reports/huge_stats.csv\n").empty());
  Status s;
  CheckResult r = Run(&s);
  EXPECT_EQ(r.status, CheckStatus::kError);
  EXPECT_NE(s.message().find("over the evidence limit"), std::string::npos) << s.message();
}

TEST_F(LoadCheckTest, ConfigurationErrors) {
  ConfigErrors e = Configure("load", "p95_ms: fast\nmax_failure_ratio: 2\nendpoints: [a]\n");
  ASSERT_EQ(e.size(), 4u);
  EXPECT_NE(e[0].find("checks.load.stats: required key is missing"), std::string::npos) << e[0];
}

}  // namespace
}  // namespace mlgate
