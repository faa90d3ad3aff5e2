// Which method `auto` picks (Evidently's defaults, docs/FORMATS.md §11), what each reports, and
// how the data loader reads cells and timestamps.
#include "checks/drift/drift_method.h"

#include <gtest/gtest.h>

#include <fast_float/fast_float.h>
#include <algorithm>

#include <cmath>
#include <cstring>
#include <random>

#include "base/json_doc.h"
#include "checks/drift/drift_data.h"
#include "checks/drift/drift_stats.h"
#include "tests/testing/test_util.h"

namespace mlgate::drift {
namespace {

ColumnData Numbers(std::vector<double> v, bool integers = false) {
  ColumnData c;
  std::sort(v.begin(), v.end());
  c.numbers.assign(v.begin(), v.end());
  c.integers = integers;
  return c;
}

ColumnData Spread(int n, int distinct, double offset = 0) {
  std::vector<double> v;
  for (int i = 0; i < n; ++i) v.push_back(offset + (i % distinct) + 0.5);
  return Numbers(v);
}

ColumnData Categories(std::map<std::string, long long> counts) {
  ColumnData c;
  c.counts = std::move(counts);
  return c;
}

Method Auto(const ColumnData& r, const ColumnData& c, bool numeric) { return JudgeFeature(r, c, numeric, {}).method; }

TEST(DriftMethodTest, AutoChoosesAsEvidentlyDoes) {
  // Numeric with more than 5 distinct values: KS up to 1000 reference values, then Wasserstein.
  EXPECT_EQ(Auto(Spread(1000, 50), Spread(300, 50), true), Method::kKs);
  EXPECT_EQ(Auto(Spread(1001, 50), Spread(300, 50), true), Method::kWasserstein);
  // At most 5 distinct (both samples together): chi-square (3+) or z-test (2), then JS.
  EXPECT_EQ(Auto(Spread(1000, 3), Spread(300, 3), true), Method::kChiSquare);
  EXPECT_EQ(Auto(Spread(1000, 2), Spread(300, 2), true), Method::kZTest);
  EXPECT_EQ(Auto(Spread(1001, 3), Spread(300, 3), true), Method::kJensenShannon);
  EXPECT_EQ(Auto(Spread(1000, 5), Spread(300, 5, 1), true), Method::kKs);  // 6 distinct together
  // Written as integers with at most 5 distinct reference values: categorical.
  ColumnData ints = Numbers({1, 2, 3, 1, 2, 3, 1, 2}, true);
  EXPECT_EQ(Auto(ints, ints, true), Method::kChiSquare);
  // Categorical.
  ColumnData few = Categories({{"a", 500}, {"b", 500}}), many = Categories({{"a", 400}, {"b", 400}, {"c", 201}});
  EXPECT_EQ(Auto(few, few, false), Method::kZTest);
  EXPECT_EQ(Auto(Categories({{"a", 400}, {"b", 400}, {"c", 200}}), many, false), Method::kChiSquare);
  EXPECT_EQ(Auto(many, many, false), Method::kJensenShannon);
}

TEST(DriftMethodTest, ThresholdsAndTheirDirections) {
  ColumnData r = Categories({{"a", 60}, {"b", 40}}), c = Categories({{"a", 40}, {"b", 60}});
  FeatureVerdict v = JudgeFeature(r, c, false, {});
  ASSERT_EQ(v.method, Method::kZTest);
  // z = (0.4 − 0.6) / √(0.5·0.5·(1/100 + 1/100)) = −2.828…; p = 2(1 − Φ(2.828…)).
  EXPECT_NEAR(v.statistic, 0.004677734981047177, 1e-12);
  EXPECT_TRUE(v.drifted);
  EXPECT_EQ(v.threshold, 0.05);
  v = JudgeFeature(r, c, false, {Method::kZTest, 0.001});
  EXPECT_FALSE(v.drifted);
  // Distances drift at or above their threshold.
  v = JudgeFeature(r, c, false, {Method::kPsi, std::nullopt});
  EXPECT_NEAR(v.statistic, 2 * 0.2 * std::log(1.5), 1e-12);
  EXPECT_TRUE(v.drifted);
  v = JudgeFeature(r, c, false, {Method::kPsi, v.statistic});
  EXPECT_TRUE(v.drifted);
  // A value only in production: chi-square p = 0.
  v = JudgeFeature(Categories({{"a", 50}, {"b", 50}}), Categories({{"a", 50}, {"b", 45}, {"new", 5}}), false, {});
  EXPECT_EQ(v.method, Method::kChiSquare);
  EXPECT_EQ(v.statistic, 0.0);
  EXPECT_TRUE(v.drifted);
  EXPECT_NE(v.current_summary.find("new 5.0%"), std::string::npos) << v.current_summary;
  // Numbers asked of a text column: not compared, and said why.
  v = JudgeFeature(r, c, false, {Method::kKs, std::nullopt});
  EXPECT_FALSE(v.evaluated);
  EXPECT_NE(v.not_evaluated.find("ks needs numbers"), std::string::npos);
}

TEST(DriftMethodTest, JensenShannonBinsNumbersBySturgesAsEvidently) {
  JsonValue doc;
  ASSERT_OK(ParseJson(testing::Fixture("drift/scipy_vectors.json"), "scipy_vectors.json", &doc));
  for (const auto& c : doc.Find("samples")->items) {
    std::vector<double> a, b;
    for (const auto& v : c.Find("a")->items) a.push_back(v.number);
    for (const auto& v : c.Find("b")->items) b.push_back(v.number);
    ColumnData ra = Numbers(a), cb = Numbers(b);
    size_t distinct = static_cast<size_t>(std::unique(ra.numbers.begin(), ra.numbers.end()) - ra.numbers.begin());
    ra = Numbers(a);
    if (distinct <= 20) continue;  // compared value by value then
    FeatureVerdict v = JudgeFeature(ra, cb, true, {Method::kJensenShannon, std::nullopt});
    double expected = c.Find("js_sturges")->number;
    EXPECT_NEAR(v.statistic, expected, 1e-9 * expected) << c.Find("name")->text;
  }
}

// [-]digits[.digits], each part up to `below` - 1 digits long (possibly none).
std::string RandomDecimal(std::mt19937_64& rng, unsigned below) {
  int whole = static_cast<int>(rng() % below), fraction = static_cast<int>(rng() % below);
  std::string cell = rng() % 2 ? "-" : "";
  for (int d = 0; d < whole; ++d) cell += static_cast<char>('0' + rng() % 10);
  if (fraction || rng() % 4 == 0) cell += ".";
  for (int d = 0; d < fraction; ++d) cell += static_cast<char>('0' + rng() % 10);
  return cell;
}

// The decimal fast path gives exactly what fast_float gives (both correctly rounded).
// A column held as decimals is judged as the same values held as doubles: every statistic
// equal (KS and PSI exactly; sums, which decimals take exactly, and the Wasserstein area
// within rounding), at one scale, at two scales, and a decimal column against doubles.
TEST(DriftMethodTest, DecimalsJudgeAsTheirDoubles) {
  std::mt19937_64 rng(12);
  auto column = [&](int scale, double mean, double sd, int n) {
    std::normal_distribution<double> normal(mean, sd);
    std::vector<int32_t> d;
    for (int i = 0; i < n; ++i) d.push_back(static_cast<int32_t>(std::llround(normal(rng) * kPowersOfTen[scale])));
    std::sort(d.begin(), d.end());
    ColumnData decimal;
    decimal.decimals.assign(d.begin(), d.end());
    decimal.scale = scale;
    return std::pair{decimal, Numbers(decimal.values().ToVector())};
  };
  auto [r6, r6_doubles] = column(6, 0, 1, 20000);
  auto [c6, c6_doubles] = column(6, 0.05, 1, 15000);
  auto [c2, c2_doubles] = column(2, 0.1, 1.2, 30000);
  auto [small_r, small_r_doubles] = column(3, 5, 2, 800);  // KS's exact p-value, `auto` picking KS
  auto [small_c, small_c_doubles] = column(1, 5.5, 2, 900);
  struct Pair {
    const ColumnData *r, *c, *r_doubles, *c_doubles;
  };
  for (const Pair& p : {Pair{&r6, &c6, &r6_doubles, &c6_doubles}, Pair{&r6, &c2, &r6_doubles, &c2_doubles},
                        Pair{&r6, &c6_doubles, &r6_doubles, &c6_doubles},
                        Pair{&small_r, &small_c, &small_r_doubles, &small_c_doubles}}) {
    for (Method m : {Method::kAuto, Method::kKs, Method::kWasserstein, Method::kPsi, Method::kJensenShannon}) {
      FeatureSpec spec;
      spec.method = m;
      FeatureVerdict a = JudgeFeature(*p.r, *p.c, true, spec), b = JudgeFeature(*p.r_doubles, *p.c_doubles, true, spec);
      ASSERT_EQ(a.method, b.method);
      ASSERT_EQ(a.all.size(), b.all.size());
      EXPECT_EQ(a.drifted, b.drifted);
      EXPECT_EQ(a.reference_summary, b.reference_summary);
      EXPECT_EQ(a.current_summary, b.current_summary);
      for (size_t i = 0; i < a.all.size(); ++i) {
        EXPECT_EQ(a.all[i].name, b.all[i].name);
        if (a.all[i].name.rfind("wasserstein", 0) == 0) {
          EXPECT_NEAR(a.all[i].value, b.all[i].value, 1e-12 * std::fabs(b.all[i].value)) << a.all[i].name;
        } else {
          EXPECT_EQ(a.all[i].value, b.all[i].value) << a.all[i].name << " " << MethodName(m);
        }
      }
    }
  }
  EXPECT_NEAR(Sum(r6.values()), Sum(r6_doubles.values()), 1e-9);
  EXPECT_NEAR(StandardDeviation(c2.values()), StandardDeviation(c2_doubles.values()),
              1e-14 * StandardDeviation(c2_doubles.values()));
  // Charts read the values alike too.
  Chart x = DistributionChart("f", r6, c2, true), y = DistributionChart("f", r6_doubles, c2_doubles, true);
  EXPECT_EQ(x.labels, y.labels);
  EXPECT_EQ(x.reference, y.reference);
  EXPECT_EQ(x.current, y.current);
}

TEST(DriftDataTest, NumbersReadAsFastFloatReadsThem) {
  std::mt19937_64 rng(11);
  std::vector<std::string> cells = {"0",
                                    "-0.0",
                                    "1.",
                                    ".5",
                                    "+4",
                                    "1035.0",
                                    "0.000001",
                                    "9007199254740993",
                                    "12345678901234567890",
                                    "1e3",
                                    "-2.5E-3",
                                    "0.1234567890123456789012",
                                    "123456789.123456789",
                                    "4503599627370497.5",
                                    "-17"};
  for (int i = 0; i < 200000; ++i) cells.push_back(RandomDecimal(rng, 12));
  for (const auto& cell : cells) {
    std::string_view body = cell[0] == '+' ? std::string_view(cell).substr(1) : std::string_view(cell);
    double expected = 0, got = 0;
    auto r = fast_float::from_chars(body.data(), body.data() + body.size(), expected);
    bool valid = r.ec == std::errc() && r.ptr == body.data() + body.size() && !body.empty();
    bool integer = false;
    ASSERT_EQ(ParseNumberCell(cell, &got, &integer), valid) << cell;
    if (!valid) continue;
    ASSERT_EQ(std::memcmp(&got, &expected, sizeof got), 0) << cell << ": " << got << " vs " << expected;
    ASSERT_EQ(integer, cell.find_first_of(".eE") == std::string::npos) << cell;
  }
}

// Inside a CSV text, short decimals are read in one SSE2 register (with the bytes before the
// cell): the same values, and the same refusals, whatever surrounds the cell.
TEST(DriftDataTest, NumbersInsideTextReadAsAlone) {
  std::mt19937_64 rng(12);
  std::vector<std::string> cells = {"0",
                                    "-0.0",
                                    "1.",
                                    ".5",
                                    "+4",
                                    "-",
                                    "+.",
                                    ".",
                                    "1.2.3",
                                    "12a4",
                                    "1035.0",
                                    "99999999.99999999",
                                    "123456789.5",
                                    "1.123456789",
                                    "-0.000001",
                                    "1e3",
                                    " 1",
                                    "1 ",
                                    "0x10",
                                    "\xff"
                                    "9",
                                    "9/1",
                                    "1..",
                                    "--1"};
  for (int i = 0; i < 100000; ++i) {
    std::string cell = RandomDecimal(rng, 10);
    if (!cell.empty() && rng() % 50 == 0) cell[rng() % cell.size()] = static_cast<char>(rng() % 256);  // a stray byte
    cells.push_back(cell);
  }
  const std::string befores[] = {std::string(24, '.'), std::string(24, '9'), std::string(24, '\xff'),
                                 "0.716214,42.256541,1.04,", "1.5.5.5.5.5.5.5,", "9.9-9.9-9.9-999"};
  for (const auto& cell : cells) {
    double alone = 0, inside = 0;
    bool alone_integer = false, inside_integer = false;
    bool valid = ParseNumberCell(cell, &alone, &alone_integer);
    for (const auto& before : befores) {
      std::string text = before + cell + ",7";
      std::string_view view(text.data() + before.size(), cell.size());
      ASSERT_EQ(ParseNumberCell(view, &inside, &inside_integer, true, text.data()), valid) << cell;
      if (!valid) continue;
      ASSERT_EQ(std::memcmp(&alone, &inside, sizeof alone), 0) << cell;
      ASSERT_EQ(alone_integer, inside_integer) << cell;
    }
  }
}

// Categories are counted by their whole text at every length: short ones (up to 32 bytes)
// as overlapping words, longer ones by hash and text; values that differ only in a middle
// byte, or are a prefix of one another, stay apart.
TEST(DriftDataTest, CategoriesCountedByTheirWholeText) {
  std::map<std::string, long long> expected;
  std::string csv = "c\n";
  for (size_t length = 1; length <= 40; ++length) {
    for (char middle : {'a', 'b'}) {
      std::string value(length, 'x');
      value[length / 2] = middle;
      value[0] = 'v';
      for (int copies = 0; copies < static_cast<int>(length % 3) + 1; ++copies) {
        csv += value + "\n";
        ++expected[value];
      }
    }
  }
  testing::TempDir dir;
  LoadOptions options;
  options.columns = {"c"};
  options.numeric = {false};
  DriftTable t;
  ASSERT_TRUE(LoadDriftTable(dir.Write("c.csv", csv), "c.csv", options, &t).ok());
  EXPECT_EQ(t.windows[0].columns[0].counts, expected);
}

// Features are columns by name: a header naming one twice is an error naming both columns.
TEST(DriftDataTest, AColumnNamedTwiceIsAnError) {
  testing::TempDir dir;
  std::vector<std::string> header;
  std::vector<bool> numeric;
  Status s = SampleColumns(dir.Write("d.csv", "x,y,x\n1,2,3\n"), "d.csv", ',', &header, &numeric);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("d.csv:1: the column \"x\" is named twice (columns 1 and 3)"), std::string::npos)
      << s.message();
}

TEST(DriftDataTest, MissingCellsAndTimestamps) {
  for (const char* missing : {"", " ", "NA", "nan", "NaN", "null", "None", "N/A", "inf", "-Infinity", "+inf", "<NA>"}) {
    EXPECT_TRUE(IsMissing(missing)) << missing;
  }
  for (const char* value : {"0", "none of it", "-", "information"}) EXPECT_FALSE(IsMissing(value)) << value;
  long long t = 0;
  ASSERT_TRUE(ParseTimestamp("2026-11-25", &t));
  EXPECT_EQ(t, 1795564800);
  ASSERT_TRUE(ParseTimestamp("2026-11-25T08:30:15Z", &t));
  EXPECT_EQ(t, 1795564800 + 8 * 3600 + 30 * 60 + 15);
  ASSERT_TRUE(ParseTimestamp("2026-11-25 10:30:15.250+02:00", &t));
  EXPECT_EQ(t, 1795564800 + 8 * 3600 + 30 * 60 + 15);
  ASSERT_TRUE(ParseTimestamp("1795564800.75", &t));
  EXPECT_EQ(t, 1795564800);
  // Seconds past the years 0000–9999 too (found by fuzz/small_readers: a cast out of range).
  for (const char* bad : {"yesterday", "2026-13-01", "2026-11-25T25:00", "2026-11-25Tx", "2026-11-25 08:00 junk", "2e52",
                          "-1e300", "253402300800"}) {
    EXPECT_FALSE(ParseTimestamp(bad, &t)) << bad;
  }
}

// Infinities are dropped as missing, written as such or as numbers past a double's range
// (docs/THREATS.md §3, item 21): one left in would make every distance NaN.
TEST(DriftDataTest, NumbersPastADoublesRangeAreDroppedAsInfinities) {
  testing::TempDir dir;
  LoadOptions options;
  options.columns = {"x"};
  options.numeric = {true};
  DriftTable t;
  ASSERT_TRUE(LoadDriftTable(dir.Write("d.csv", "x\n1\n1e999\n -1e400\n2.5\ninf\n1e308\n"), "d.csv", options, &t).ok());
  const ColumnData& x = t.windows[0].columns[0];
  EXPECT_EQ(x.numbers, (Values{1, 2.5, 1e308}));
  EXPECT_EQ(x.missing, 3);
}

// Columns of decimals are held as integers at the column's most fraction digits, and read
// back as exactly the doubles their text says (what fast_float gives), across two workers
// whose parts saw different digits; a column with a value 32 bits cannot hold at its scale
// (or more than 8 fraction digits) is held as doubles, with the same values.
TEST(DriftDataTest, DecimalsHoldTheValuesTheirTextSays) {
  testing::TempDir dir;
  std::mt19937_64 rng(11);
  std::string csv = "a,big,fine,sci,wide\n";
  std::vector<std::vector<std::string>> cells(5);
  const int rows = 60000;
  for (int i = 0; i < rows; ++i) {
    long long r = static_cast<long long>(rng() % 2000001) - 1000000;
    // One decimal in the first half, up to six (some in Python's "1e-05" form) in the second.
    std::string tenths = std::to_string(r / 10000) + "." + std::to_string(std::abs(r % 10));
    std::string a = i < rows / 2      ? tenths
                    : i % 1000 == 7 ? (r < 0 ? "-" : "") + std::to_string(1 + std::abs(r) % 9) + "e-05"
                                    : std::to_string(r / 100000.0).substr(0, 8);
    std::string big = i == rows - 5 ? "2147.483648" : std::to_string(r / 1000000.0);  // 2147483648 > 2^31 - 1
    std::string fine = i == rows / 3 ? "0.1234567891" : std::to_string(i % 7) + ".25";
    std::string sci = std::to_string(i % 9 + 1) + (i % 2 ? "e3" : "E-2");
    // Whole parts of six digits, then six decimals: both fit 32 bits, not together.
    std::string wide = i < rows / 2 ? std::to_string(r / 10) + ".5" : std::to_string(r / 1000000.0);
    csv += a + "," + big + "," + fine + "," + sci + "," + wide + "\n";
    for (auto [c, text] : {std::pair{0, &a}, {1, &big}, {2, &fine}, {3, &sci}, {4, &wide}}) cells[c].push_back(*text);
  }
  LoadOptions options;
  options.columns = {"a", "big", "fine", "sci", "wide"};
  options.numeric = {true, true, true, true, true};
  options.threads = 2;
  DriftTable t;
  ASSERT_TRUE(LoadDriftTable(dir.Write("d.csv", csv), "d.csv", options, &t).ok());
  for (size_t c = 0; c < cells.size(); ++c) {
    const ColumnData& column = t.windows[0].columns[c];
    std::vector<double> expected;
    for (const std::string& text : cells[c]) {
      double v = 0;
      ASSERT_EQ(fast_float::from_chars(text.data(), text.data() + text.size(), v).ec, std::errc()) << text;
      expected.push_back(v);
    }
    std::sort(expected.begin(), expected.end());
    std::vector<double> got = column.values().ToVector();
    ASSERT_EQ(got.size(), expected.size()) << c;
    for (size_t i = 0; i < got.size(); ++i) ASSERT_EQ(got[i], expected[i]) << options.columns[c] << " " << i;
    EXPECT_FALSE(column.integers);
  }
  EXPECT_EQ(t.windows[0].columns[0].scale, 6);
  EXPECT_EQ(t.windows[0].columns[1].scale, -1);  // doubles
  EXPECT_EQ(t.windows[0].columns[2].scale, -1);
  EXPECT_EQ(t.windows[0].columns[3].scale, 2);
  EXPECT_EQ(t.windows[0].columns[4].scale, -1);
}

// The loader reads blocks without quotes field by field, and blocks with quotes (or any
// file cut by a timestamp) record by record: the same table and the same errors either way.
TEST(DriftDataTest, QuotedAndPlainBlocksLoadAlike) {
  testing::TempDir dir;
  std::string plain = "t,x,c\n";
  for (int i = 0; i < 40; ++i) {
    plain += "2026-11-25," + std::to_string(i) + ".25," + (i % 3 ? "a" : "b, quoted") + "\n";
  }
  std::string quoted = plain;
  for (size_t at = 0; (at = quoted.find("b, quoted", at)) != std::string::npos; at += 11) {
    quoted.replace(at, 9, "\"b, quoted\"");
  }
  // Without the quotes "b, quoted" is two fields: the plain file holds "b" and " quoted" rows
  // made ragged, so it says "b" instead.
  for (size_t at = 0; (at = plain.find("b, quoted", at)) != std::string::npos;) plain.replace(at, 9, "b");
  LoadOptions options;
  options.columns = {"x", "c"};
  options.numeric = {true, false};
  DriftTable from_plain, from_quoted, by_window;
  ASSERT_TRUE(LoadDriftTable(dir.Write("plain.csv", plain), "plain.csv", options, &from_plain).ok());
  ASSERT_TRUE(LoadDriftTable(dir.Write("quoted.csv", quoted), "quoted.csv", options, &from_quoted).ok());
  LoadOptions windowed = options;
  windowed.timestamp = "t";
  windowed.window_seconds = 86400;
  ASSERT_TRUE(LoadDriftTable(dir.path() + "/plain.csv", "plain.csv", windowed, &by_window).ok());
  for (const DriftTable* t : {&from_plain, &from_quoted, &by_window}) {
    ASSERT_EQ(t->windows.size(), 1u);
    EXPECT_EQ(t->windows[0].rows, 40);
    const std::vector<double> x = t->windows[0].columns[0].values().ToVector();
    ASSERT_EQ(x.size(), 40u);
    EXPECT_EQ(x.front(), 0.25);
    EXPECT_EQ(x.back(), 39.25);
    EXPECT_EQ(t->windows[0].columns[1].counts.size(), 2u);
  }
  EXPECT_EQ(from_quoted.windows[0].columns[1].counts.at("b, quoted"), 14);
  // A cell that is not a number names its line, whichever way the file is read.
  std::string bad = plain;
  bad.replace(bad.find("7.25"), 4, "seven");
  std::string bad_quoted = bad;
  bad_quoted.replace(bad_quoted.find(",0.25,b\n"), 8, ",0.25,\"b\"\n");
  for (const std::string& text : {bad, bad_quoted}) {
    DriftTable t;
    Status s = LoadDriftTable(dir.Write("bad.csv", text), "bad.csv", options, &t);
    EXPECT_NE(s.message().find("bad.csv:9: column x: \"seven\" is not a number"), std::string::npos) << s.message();
    s = LoadDriftTable(dir.path() + "/bad.csv", "bad.csv", windowed, &t);
    EXPECT_NE(s.message().find("bad.csv:9: column x: \"seven\" is not a number"), std::string::npos) << s.message();
  }
}

}  // namespace
}  // namespace mlgate::drift
