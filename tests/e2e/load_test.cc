// End to end: the load check through the built binary, on the example's real Locust run.
#include "tests/e2e/example_repo.h"

namespace mlgate {
namespace {

using LoadCliTest = testing::ExampleRepoTest;
using testing::CliResult;

TEST_F(LoadCliTest, TheExamplesLoadTestMeetsItsBudget) {
  CliResult r = Check();
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("pass    load            p95 7 ms, 151.4 requests/s, 0 of 4393 requests failed"), std::string::npos)
      << r.out;
  std::string json = repo_.Read("mlgate-report/report.json");
  EXPECT_NE(json.find("\"path\": \"reports/locust_stats_history.csv\""), std::string::npos);
  EXPECT_NE(json.find("\"name\": \"sustained_rps\""), std::string::npos);
}

TEST_F(LoadCliTest, ABlownBudgetBlocksOnceProductionRequiresLoad) {
  EditPolicy("    p95_ms: 50\n", "    p95_ms: 5\n");
  CliResult r = Check();
  EXPECT_EQ(r.exit_code, 0) << r.out;  // load is not among the pack's production requirements
  EXPECT_NE(r.out.find("p95_ms 7 ms, required <= 5 ms"), std::string::npos) << r.out;
  EditPolicy("    registry: registry/production\n",
             "    registry: registry/production\n    requires: [coverage, lint, metrics, load]\n");
  r = Check();
  EXPECT_EQ(r.exit_code, 1) << r.out;
  std::string junit = repo_.Read("mlgate-report/junit.xml");
  EXPECT_NE(junit.find("p95_ms"), std::string::npos) << junit;
}

TEST_F(LoadCliTest, ATruncatedStatsFileBlocks) {
  EditPolicy("    registry: registry/production\n",
             "    registry: registry/production\n    requires: [coverage, lint, metrics, load]\n");
  std::string stats = repo_.Read("reports/locust_stats.csv");
  repo_.Write("reports/locust_stats.csv", stats.substr(0, stats.size() - 40));
  CliResult r = Check();
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.out.find("error   load            reports/locust_stats.csv:5: 10 fields, the header has 22"),
            std::string::npos)
      << r.out;
}

}  // namespace
}  // namespace mlgate
