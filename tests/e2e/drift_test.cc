// End to end: the drift check and `mlgate drift` through the built binary, on data made
// here with known drift (a fixed seed; the effects are far from the thresholds).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <random>
#include <set>
#include <sstream>

#include "base/json_doc.h"
#include "tests/testing/test_util.h"

namespace mlgate {
namespace {

using testing::CliResult;

class DriftCliTest : public ::testing::Test {
 protected:
  CliResult Check(const std::string& policy) {
    repo_.Write("mlgate.yaml", "version: 1\nchecks:\n  drift:\n" + policy);
    return testing::RunMlgate(repo_.path(), "check", "MLGATE_TODAY=2026-11-25");
  }
  // The features the report names as drifted (findings drift:feature).
  std::set<std::string> Drifted() {
    JsonValue report;
    EXPECT_TRUE(ParseJson(repo_.Read("mlgate-report/report.json"), "report.json", &report).ok());
    std::set<std::string> out;
    for (const auto& f : report.Find("checks")->items[0].Find("findings")->items) {
      if (f.Find("rule")->text == "drift:feature") {
        std::string message = f.Find("message")->text;
        out.insert(message.substr(0, message.find(' ')));
      }
    }
    return out;
  }
  testing::TempDir repo_;
};

// 15 numeric and 5 categorical features; `shifted` numeric ones move by half a standard
// deviation (n14 instead widens by 60 %), and c2 turns half its rows into "a".
std::string Table(int rows, unsigned seed, const std::set<std::string>& drifted, const std::string& extra_header = "",
                  const std::function<std::string(int)>& extra = nullptr) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> normal(0.0, 1.0);
  std::uniform_int_distribution<int> level(0, 5);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  std::ostringstream out;
  out << "id";
  for (int f = 0; f < 15; ++f) out << ",n" << (f < 10 ? "0" : "") << f;
  for (int c = 0; c < 5; ++c) out << ",c" << c;
  out << extra_header << "\n";
  for (int r = 0; r < rows; ++r) {
    out << r;
    for (int f = 0; f < 15; ++f) {
      std::string name = std::string("n") + (f < 10 ? "0" : "") + std::to_string(f);
      double v = normal(rng);
      if (drifted.count(name)) v = name == "n14" ? v * 1.6 : v + 0.5;
      out << "," << std::round(v * 1e4) / 1e4;
    }
    for (int c = 0; c < 5; ++c) {
      std::string name = "c" + std::to_string(c);
      char value = static_cast<char>('a' + level(rng));
      if (drifted.count(name) && unit(rng) < 0.4) value = 'a';
      out << "," << value;
    }
    if (extra) out << "," << extra(r);
    out << "\n";
  }
  return out.str();
}

TEST_F(DriftCliTest, FiveOfTwentyFeaturesDriftAndExactlyThoseAreReported) {
  std::set<std::string> drifted = {"n03", "n07", "n11", "n14", "c2"};
  repo_.Write("data/train.csv", Table(4000, 1, {}));
  repo_.Write("logs/inference.csv", Table(4000, 2, drifted));
  std::string policy = "    reference: data/train.csv\n    current: logs/inference.csv\n    exclude: [id]\n";
  CliResult r = Check(policy + "    budget: {max_drifted_share: 0.2}\n");
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_NE(r.out.find("5 of 20 features drifted"), std::string::npos) << r.out;
  EXPECT_EQ(Drifted(), drifted);
  std::string report = repo_.Read("mlgate-report/report.json");
  EXPECT_NE(report.find("\"name\": \"drifted_share\",\n          \"value\": 0.25"), std::string::npos) << report;
  // A chart of the two distributions for exactly the drifted features; shares sum to 1.
  JsonValue json;
  ASSERT_TRUE(ParseJson(report, "report.json", &json).ok());
  std::set<std::string> charted;
  for (const auto& chart : json.Find("checks")->items[0].Find("charts")->items) {
    EXPECT_EQ(chart.Find("kind")->text, "distribution");
    std::string title = chart.Find("title")->text;
    charted.insert(title.substr(0, title.find(':')));
    for (const char* side : {"reference", "current"}) {
      double sum = 0;
      for (const auto& v : chart.Find(side)->items) sum += v.number;
      EXPECT_NEAR(sum, 1.0, 1e-9) << title << " " << side;
    }
  }
  EXPECT_EQ(charted, drifted);
  EXPECT_NE(repo_.Read("mlgate-report/report.html").find("n14: reference vs current"), std::string::npos);
  // Over 20 % fails; a budget of 30 % holds.
  r = Check(policy + "    budget: {max_drifted_share: 0.3}\n");
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_EQ(Drifted(), drifted);
  // The same, alone from the command line for a monitoring job (settings from mlgate.yaml).
  r = testing::RunMlgate(repo_.path(), "drift --reference data/train.csv --current logs/inference.csv --report mon",
                         "");
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(repo_.Read("mon/report.json").find("5 of 20 features drifted"), std::string::npos);
  // Per-feature settings: c2 by PSI with a threshold it does not reach, n03 by KS.
  r = Check(policy +
            "    budget: {max_drifted_share: 0.2}\n"
            "    features: {c2: {method: psi, threshold: 5}, n03: {method: ks}}\n");
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_EQ(Drifted(), (std::set<std::string>{"n03", "n07", "n11", "n14"}));
  EXPECT_NE(repo_.Read("mlgate-report/report.json").find("n03 drifted: ks "), std::string::npos);
}

// What a warehouse job would write for a table: per numeric column a histogram on fixed
// edges (open at both ends) with its standard deviation, per categorical one its counts.
std::string Summary(const std::string& csv) {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> cells;
  std::istringstream in(csv);
  std::string line;
  while (std::getline(in, line)) {
    std::vector<std::string> fields;
    std::istringstream row(line);
    std::string f;
    while (std::getline(row, f, ',')) fields.push_back(f);
    if (header.empty()) {
      header = fields;
    } else {
      cells.push_back(fields);
    }
  }
  std::vector<double> edges;
  for (int i = -12; i <= 12; ++i) edges.push_back(i * 0.5);
  std::string out = "{\"format\": \"mlgate-drift-summary/1\", \"features\": {";
  for (size_t c = 1; c < header.size(); ++c) {
    out += (c > 1 ? ", " : "") + std::string("\"") + header[c] + "\": ";
    if (header[c][0] == 'n') {
      std::vector<long long> counts(edges.size() + 1, 0);
      double sum = 0, squares = 0;
      for (const auto& row : cells) {
        double v = std::stod(row[c]);
        sum += v;
        squares += v * v;
        counts[static_cast<size_t>(std::upper_bound(edges.begin(), edges.end(), v) - edges.begin())]++;
      }
      double n = static_cast<double>(cells.size()), mean = sum / n;
      out += "{\"kind\": \"numeric\", \"edges\": [null";
      for (double e : edges) out += ", " + std::to_string(e);
      out += ", null], \"counts\": [";
      for (size_t i = 0; i < counts.size(); ++i) out += (i ? ", " : "") + std::to_string(counts[i]);
      out += "], \"std\": " + std::to_string(std::sqrt(squares / n - mean * mean)) + "}";
    } else {
      std::map<std::string, long long> counts;
      for (const auto& row : cells) counts[row[c]]++;
      out += "{\"kind\": \"categorical\", \"counts\": {";
      bool first = true;
      for (const auto& [k, n] : counts) {
        out += (first ? "\"" : ", \"") + k + "\": " + std::to_string(n);
        first = false;
      }
      out += "}}";
    }
  }
  return out + "}}";
}

// Past one machine: both sides, or only production, given as pre-aggregated summaries.
TEST_F(DriftCliTest, SummariesFromAWarehouseGiveTheSameVerdict) {
  std::set<std::string> drifted = {"n03", "n07", "n11", "n14", "c2"};
  std::string train = Table(4000, 1, {}), current = Table(4000, 2, drifted);
  repo_.Write("data/train.csv", train);
  repo_.Write("data/train.summary.json", Summary(train));
  repo_.Write("logs/current.summary.json", Summary(current));
  std::string budget = "    exclude: [id]\n    budget: {max_drifted_share: 0.3}\n";
  CliResult r = Check("    reference: data/train.summary.json\n    current: logs/current.summary.json\n" + budget);
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_EQ(Drifted(), drifted);
  EXPECT_NE(repo_.Read("mlgate-report/report.json").find("bins (a summary)"), std::string::npos);
  // Charted on the summaries' own bins, open ends included.
  JsonValue json;
  ASSERT_TRUE(ParseJson(repo_.Read("mlgate-report/report.json"), "report.json", &json).ok());
  const JsonValue& chart = json.Find("checks")->items[0].Find("charts")->items.at(0);
  EXPECT_EQ(chart.Find("labels")->items.size(), 26u);
  EXPECT_EQ(chart.Find("labels")->items.front().text, "[-inf, -6)");
  // The reference as data, production as a summary: the data is binned on its edges.
  r = Check("    reference: data/train.csv\n    current: logs/current.summary.json\n" + budget);
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_EQ(Drifted(), drifted);
  // A summary with a mistake is an error naming the place.
  repo_.Write("logs/bad.summary.json",
              "{\"format\": \"mlgate-drift-summary/1\", \"features\": {\"n00\": "
              "{\"kind\": \"numeric\", \"edges\": [0, 1], \"counts\": [-1]}}}");
  r = Check("    reference: data/train.csv\n    current: logs/bad.summary.json\n");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.out.find("logs/bad.summary.json: features.n00.counts[0]: expected a count"), std::string::npos) << r.out;
}

// 30 days of inference logs, a window per day: 4 drifted days against a budget of 3 fail,
// 3 pass.
TEST_F(DriftCliTest, DriftedWindowsCountAgainstTheBudget) {
  repo_.Write("data/train.csv", Table(3000, 3, {}));
  auto log = [&](const std::set<int>& bad_days) {
    std::string out;
    for (int day = 0; day < 30; ++day) {
      std::set<std::string> drifted;
      if (bad_days.count(day))
        drifted = {"n00", "n01", "n02", "n03", "n04", "n05", "n06", "n07", "n08", "n09",
                   "n10", "n11", "n12", "n13", "n14", "c0",  "c1",  "c2",  "c3",  "c4"};
      char date[32];
      std::snprintf(date, sizeof date, "2026-10-%02dT", day + 1);
      std::string table = Table(200, 100 + static_cast<unsigned>(day), drifted, ",ts", [&](int row) {
        char ts[48];
        std::snprintf(ts, sizeof ts, "%s%02d:%02d:00Z", date, row % 24, row % 60);
        return std::string(ts);
      });
      out += day == 0 ? table : table.substr(table.find('\n') + 1);
    }
    return out;
  };
  std::string policy =
      "    reference: data/train.csv\n    current: logs/inference.csv\n    exclude: [id]\n"
      "    timestamp: ts\n    window: 1d\n    lookback: 30d\n"
      "    budget: {max_drifted_share: 0.5, max_drifted_windows: 3}\n";
  repo_.Write("logs/inference.csv", log({3, 10, 17, 24}));
  CliResult r = Check(policy);
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  std::string report = repo_.Read("mlgate-report/report.json");
  EXPECT_NE(report.find("\"name\": \"drifted_windows\",\n          \"value\": 4"), std::string::npos) << report;
  EXPECT_NE(report.find("the window from 2026-10-04T00:00:00Z drifted"), std::string::npos) << report;
  EXPECT_NE(r.out.find("30 windows judged"), std::string::npos) << r.out;
  // The report's figures: the windows against the budget (last, after the latest window's
  // drifted features).
  JsonValue json;
  ASSERT_TRUE(ParseJson(report, "report.json", &json).ok());
  const JsonValue& windows = json.Find("checks")->items[0].Find("charts")->items.back();
  EXPECT_EQ(windows.Find("kind")->text, "windows");
  EXPECT_EQ(windows.Find("current")->items.size(), 30u);
  EXPECT_EQ(windows.Find("limit")->number, 0.5);
  int over = 0;
  for (const auto& share : windows.Find("current")->items) over += share.number > 0.5;
  EXPECT_EQ(over, 4);
  EXPECT_GT(windows.Find("current")->items[3].number, 0.5);
  EXPECT_NE(repo_.Read("mlgate-report/report.html").find("one bar per window"), std::string::npos);
  repo_.Write("logs/inference.csv", log({3, 10, 17}));
  r = Check(policy);
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(repo_.Read("mlgate-report/report.json").find("\"name\": \"drifted_windows\",\n          \"value\": 3"),
            std::string::npos);
}

// The same budget over a warehouse's daily summaries ("windows" instead of "features"):
// no timestamp column to name, the windows are the summary's.
TEST_F(DriftCliTest, WindowedSummariesCountAgainstTheBudget) {
  repo_.Write("data/train.csv", Table(3000, 3, {}));
  auto summary = [&](const std::set<int>& bad_days) {
    std::string out = "{\"format\": \"mlgate-drift-summary/1\", \"windows\": [";
    for (int day = 0; day < 30; ++day) {
      std::set<std::string> drifted;
      if (bad_days.count(day)) drifted = {"n00", "n01", "n02", "n03", "n04", "n05", "n06", "n07", "c0", "c1", "c2"};
      std::string features = Summary(Table(400, 100 + static_cast<unsigned>(day), drifted));
      features = features.substr(features.find("\"features\""));
      char start[64];
      std::snprintf(start, sizeof start, "{\"start\": \"2026-10-%02dT00:00:00Z\", ", day + 1);
      out += (day ? ", " : "") + std::string(start) + features.substr(0, features.size() - 1) + "}";
    }
    return out + "]}";
  };
  std::string policy =
      "    reference: data/train.csv\n    current: logs/daily.summary.json\n    exclude: [id]\n"
      "    window: 1d\n    lookback: 30d\n    budget: {max_drifted_share: 0.5, max_drifted_windows: 3}\n";
  repo_.Write("logs/daily.summary.json", summary({3, 10, 17, 24}));
  CliResult r = Check(policy);
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  std::string report = repo_.Read("mlgate-report/report.json");
  EXPECT_NE(report.find("\"name\": \"drifted_windows\",\n          \"value\": 4"), std::string::npos) << report;
  EXPECT_NE(report.find("the window from 2026-10-25T00:00:00Z drifted"), std::string::npos) << report;
  EXPECT_NE(r.out.find("30 windows judged"), std::string::npos) << r.out;
  repo_.Write("logs/daily.summary.json", summary({3, 10, 17}));
  r = Check(policy);
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(repo_.Read("mlgate-report/report.json").find("\"name\": \"drifted_windows\",\n          \"value\": 3"),
            std::string::npos);
  // A lookback of 10 days sees one of them.
  repo_.Write("logs/daily.summary.json", summary({3, 10, 17, 24}));
  std::string shorter = policy;
  shorter.replace(shorter.find("lookback: 30d"), 13, "lookback: 10d");
  r = Check(shorter);
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(repo_.Read("mlgate-report/report.json").find("\"name\": \"drifted_windows\",\n          \"value\": 1"),
            std::string::npos);
}

TEST_F(DriftCliTest, BadInputIsAClearResultOrError) {
  repo_.Write("ref.csv", "a,b,c,k\n1,x,5.0,1\n2,y,5.0,2\n3,x,5.0,3\n4,y,5.0,4\n5,x,5.0,5\n6,y,5.0,6\n");
  // No shared column: an error naming both headers.
  repo_.Write("other.csv", "p,q\n1,2\n");
  CliResult r = Check("    reference: ref.csv\n    current: other.csv\n");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.out.find("error   drift           ref.csv and other.csv share no column to compare (ref.csv: a, b, c, k; "
                       "other.csv: p, q)"),
            std::string::npos)
      << r.out;
  // Header only: no rows to judge.
  repo_.Write("empty.csv", "a,b,c,k\n");
  r = Check("    reference: ref.csv\n    current: empty.csv\n");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.out.find("empty.csv: no rows under its header"), std::string::npos) << r.out;
  // An all-missing column is listed as not compared; a constant one is compared (no drift).
  repo_.Write("cur.csv", "a,b,c,k\nNaN,x,5.0,\n,y,5.0,NA\nnan,x,5.0,\n,y,5.0,null\n");
  r = Check("    reference: ref.csv\n    current: cur.csv\n");
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  std::string report = repo_.Read("mlgate-report/report.json");
  EXPECT_NE(report.find("a not compared: the current data has no values for it"), std::string::npos) << report;
  EXPECT_NE(report.find("\"name\": \"drift.c\""), std::string::npos) << report;
  // A word in a numeric column past the sampled rows names the file, line and column.
  std::string big = "a,b,c,k\n";
  for (int i = 0; i < 3000; ++i) big += std::to_string(i) + ",x,1.5," + std::to_string(i) + "\n";
  repo_.Write("big.csv", big + "oops,x,1.5,1\n");
  r = Check("    reference: ref.csv\n    current: big.csv\n");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.out.find("big.csv:3002: column a: \"oops\" is not a number"), std::string::npos) << r.out;
}

}  // namespace
}  // namespace mlgate
