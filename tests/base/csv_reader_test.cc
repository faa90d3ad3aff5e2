#include "base/csv_reader.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>

#include "tests/testing/test_util.h"

namespace mlgate {
namespace {

std::vector<std::vector<std::string>> All(const std::string& text, Status* status, std::vector<int>* lines = nullptr) {
  CsvReader reader(text, "f.csv");
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> row;
  while (reader.Next(&row)) {
    rows.push_back(row);
    if (lines) lines->push_back(reader.line());
  }
  *status = reader.status();
  return rows;
}

TEST(CsvReaderTest, Rfc4180QuotesNewlinesCrlfAndBom) {
  Status s;
  std::vector<int> lines;
  auto rows = All("\xEF\xBB\xBF" "a,b,c\r\n\"x, y\",\"say \"\"hi\"\"\",\"two\nlines\"\r\n,,\n3", &s, &lines);
  ASSERT_TRUE(s.ok()) << s.message();
  ASSERT_EQ(rows.size(), 4u);
  EXPECT_EQ(rows[0], (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_EQ(rows[1], (std::vector<std::string>{"x, y", "say \"hi\"", "two\nlines"}));
  EXPECT_EQ(rows[2], (std::vector<std::string>{"", "", ""}));
  EXPECT_EQ(rows[3], (std::vector<std::string>{"3"}));
  EXPECT_EQ(lines, (std::vector<int>{1, 2, 4, 5}));
}

TEST(CsvReaderTest, BrokenQuotesNameTheLine) {
  Status s;
  All("a,b\n1,\"open\n2,3\n", &s);
  EXPECT_EQ(s.message(), "f.csv:2: a quoted field is never closed; the file is truncated or its quotes are broken");
  All("a,b\n\"x\"y,2\n", &s);
  EXPECT_NE(s.message().find("f.csv:2: text after a closing quote"), std::string::npos) << s.message();
}

}  // namespace
}  // namespace mlgate

namespace mlgate {
namespace {

struct Walk {
  Status status;
  std::vector<std::pair<long long, std::vector<std::string>>> records;  // sorted by line
};

// Reads every record, by record or (`by_field`) field by field where blocks allow.
Walk WalkFileOneWay(const std::string& path, CsvOptions options, bool by_field) {
  Walk w;
  std::unique_ptr<CsvFile> file;
  w.status = CsvFile::Open(path, "data.csv", options, &file);
  if (!w.status.ok()) return w;
  std::vector<std::vector<std::pair<long long, std::vector<std::string>>>> per(static_cast<size_t>(file->threads()));
  CsvFile::Visitor visit = [&](int worker, const CsvRecord& r) {
    std::vector<std::string> fields(r.fields.begin(), r.fields.end());
    per[static_cast<size_t>(worker)].push_back({r.line, fields});
    return Status::OK();
  };
  if (by_field) {
    std::vector<std::vector<std::string>> building(per.size());
    const size_t columns = file->header().size();
    w.status = file->ForEach(visit, [&](int worker, const CsvPart& part, long long* lines) {
      auto& record = building[static_cast<size_t>(worker)];
      return ForEachField(
          part, ',', columns, file->display(),
          [&](size_t index, std::string_view cell, long long) {
            EXPECT_EQ(index, record.size());
            record.emplace_back(cell);
            return true;
          },
          [&](long long line) {
            per[static_cast<size_t>(worker)].push_back({line, std::move(record)});
            record.clear();
            return true;
          },
          lines);
    });
  } else {
    w.status = file->ForEach(visit);
  }
  for (auto& p : per) w.records.insert(w.records.end(), p.begin(), p.end());
  std::sort(w.records.begin(), w.records.end());
  return w;
}

// Both ways, which must agree on every record, line and error.
Walk WalkFile(const std::string& path, CsvOptions options = {}) {
  Walk by_record = WalkFileOneWay(path, options, false);
  Walk by_field = WalkFileOneWay(path, options, true);
  EXPECT_EQ(by_record.status.message(), by_field.status.message());
  if (by_record.status.ok()) {
    EXPECT_EQ(by_record.records, by_field.records);
  }
  return by_record;
}

TEST(CsvFileTest, SmallBlocksQuotesAcrossBoundariesAndLineNumbers) {
  testing::TempDir dir;
  std::string text = "\xEF\xBB\xBFid,note\r\n1,\"multi\nline, with \"\"quotes\"\"\"\r\n2,plain\n\n3,\"x\"\n";
  std::string path = dir.Write("d.csv", text);
  for (size_t block : {1, 2, 3, 7, 64}) {
    CsvOptions o;
    o.block_bytes = block;
    Walk w = WalkFile(path, o);
    ASSERT_TRUE(w.status.ok()) << block << ": " << w.status.message();
    ASSERT_EQ(w.records.size(), 3u) << block;
    EXPECT_EQ(w.records[0].first, 2);
    EXPECT_EQ(w.records[0].second[1], "multi\nline, with \"quotes\"");
    EXPECT_EQ(w.records[1].first, 4);
    EXPECT_EQ(w.records[2].first, 6);
    EXPECT_EQ(w.records[2].second[1], "x");
  }
}

TEST(CsvFileTest, SmallBlocksWithoutQuotesSplitAtEveryLineEnd) {
  testing::TempDir dir;
  // No quote anywhere: the block splitter without quote handling, with "\r\n" cut by blocks.
  std::string path = dir.Write("d.csv", "id,note\r\n1,a b\r\n\r\n2,\r3,c\n4,last");
  for (size_t block : {1, 2, 3, 5, 64}) {
    CsvOptions o;
    o.block_bytes = block;
    Walk w = WalkFile(path, o);
    ASSERT_TRUE(w.status.ok()) << block << ": " << w.status.message();
    ASSERT_EQ(w.records.size(), 4u) << block;
    EXPECT_EQ(w.records[0], (std::pair<long long, std::vector<std::string>>{2, {"1", "a b"}}));
    EXPECT_EQ(w.records[1], (std::pair<long long, std::vector<std::string>>{4, {"2", ""}}));
    EXPECT_EQ(w.records[2], (std::pair<long long, std::vector<std::string>>{5, {"3", "c"}}));
    EXPECT_EQ(w.records[3], (std::pair<long long, std::vector<std::string>>{6, {"4", "last"}}));
  }
}

TEST(CsvFileTest, ParallelPartsKeepEveryRecordAndItsLine) {
  testing::TempDir dir;
  std::string text = "a,b\n";
  for (int i = 0; i < 300000; ++i) text += std::to_string(i) + "," + std::to_string(i * 7) + "\n";
  std::string path = dir.Write("big.csv", text);
  CsvOptions o;
  o.threads = 3;
  o.block_bytes = 1 << 20;
  Walk w = WalkFile(path, o);
  ASSERT_TRUE(w.status.ok()) << w.status.message();
  ASSERT_EQ(w.records.size(), 300000u);
  for (size_t i = 0; i < w.records.size(); i += 9973) {
    EXPECT_EQ(w.records[i].first, static_cast<long long>(i) + 2);
    EXPECT_EQ(w.records[i].second[0], std::to_string(i));
  }
}

TEST(CsvFileTest, GzipInputReadsTheSame) {
  testing::TempDir dir;
  std::string plain = dir.Write("d.csv", "x,y\n1,2\n3,4\n");
  std::string out, err;
  ASSERT_EQ(testing::RunCommand("gzip -k " + plain, &out, &err), 0) << err;
  Walk w = WalkFile(plain + ".gz");
  ASSERT_TRUE(w.status.ok()) << w.status.message();
  ASSERT_EQ(w.records.size(), 2u);
  EXPECT_EQ(w.records[1].second[1], "4");
  // A truncated gzip stream is an error, never a short file.
  std::string gz = dir.Read("d.csv.gz");
  std::string cut = dir.Write("cut.csv.gz", gz.substr(0, gz.size() - 12));
  w = WalkFile(cut);
  EXPECT_FALSE(w.status.ok());
  EXPECT_NE(w.status.message().find("data.csv: "), std::string::npos) << w.status.message();
}

TEST(CsvFileTest, BadInputIsAClearError) {
  testing::TempDir dir;
  struct Case {
    std::string text;
    std::string expected;
  };
  for (const Case& c : std::vector<Case>{
           {"", "data.csv: empty; a data file needs a header row"},
           {"a,b\n1,2\n3\n", "data.csv:3: 1 fields, the header has 2 (a ragged row"},
           {"a,b\n1,2\r\n3,4,5,6\r\n", "data.csv:3: 4 fields, the header has 2 (a ragged row"},
           {"a,b\n1,2\n\n3,4,5", "data.csv:4: 3 fields, the header has 2 (a ragged row"},
           {"a,b\n1,\"open\n2,3\n", "data.csv:2: a quoted field is never closed"},
           {"a,b\n\"x\"y,2\n", "data.csv:2: text after a closing quote"},
           {std::string("\x7f" "ELF\0\0,x\n", 9), "data.csv:1: the header is not UTF-8 text"},
           {"\n1,2\n", "data.csv:1: the header row is empty"}}) {
    Walk w = WalkFile(dir.Write("bad.csv", c.text));
    ASSERT_FALSE(w.status.ok()) << c.expected;
    EXPECT_NE(w.status.message().find(c.expected), std::string::npos) << w.status.message();
  }
}

TEST(CsvFileTest, AHugeSingleLineIsRefusedWithBoundedMemory) {
  testing::TempDir dir;
  // 1 GiB of one line without a line end (a hole: no disk used), after a header.
  std::string path = dir.Write("line.csv", "a,b\n");
  std::filesystem::resize_file(path, (1ULL << 30) + 4);
  CsvOptions o;
  o.max_record_bytes = 8 << 20;
  o.block_bytes = 1 << 20;
  Walk w = WalkFile(path, o);
  EXPECT_EQ(w.status.code(), Status::Code::kLimit);
  EXPECT_NE(w.status.message().find("data.csv:2: a record longer than 8388608 bytes"), std::string::npos)
      << w.status.message();
}

// A header of more columns than max_columns is refused before its fields are split (10^7
// columns took 15 GiB through the drift check), on one line or with a quoted line end in it;
// a header of exactly max_columns, long names included (read in doubling steps), is read.
TEST(CsvFileTest, TooManyColumnsIsRefusedAtTheHeader) {
  testing::TempDir dir;
  CsvOptions o;
  o.max_columns = 1000;
  auto header = [](size_t columns, const std::string& name) {
    std::string h;
    for (size_t c = 0; c < columns; ++c) h += (c ? "," : "") + name + std::to_string(c);
    return h;
  };
  for (const std::string& text :
       {header(1001, "c") + "\n", header(5000, "c"), "\"a\nb\"," + header(1000, "c") + "\n1\n"}) {
    Walk w = WalkFile(dir.Write("wide.csv", text), o);
    EXPECT_EQ(w.status.code(), Status::Code::kLimit) << text.substr(0, 20);
    EXPECT_NE(w.status.message().find("data.csv:1: the header has more than 1000 columns"), std::string::npos)
        << w.status.message();
  }
  std::string long_names = header(1000, std::string(1000, 'n'));  // 1 MB: read in doubling steps
  std::unique_ptr<CsvFile> file;
  ASSERT_TRUE(CsvFile::Open(dir.Write("ok.csv", long_names + "\n" + std::string(999, ',') + "\n"), "ok.csv", o, &file).ok());
  EXPECT_EQ(file->header().size(), 1000u);
}

// The probe: records whose probe field the filter may hold are visited, the others only
// counted; results must be what a full walk gives, filtered.
struct Probed {
  Status status;
  long long hashed = 0;
  std::vector<std::pair<long long, std::vector<std::string>>> records;  // sorted by line
};

unsigned long long TextHash(std::string_view field) { return std::hash<std::string_view>()(field); }

Probed ProbeFile(const std::string& path, int column, const std::vector<std::string>& wanted, CsvOptions options) {
  Probed p;
  std::unique_ptr<CsvFile> file;
  p.status = CsvFile::Open(path, "data.csv", options, &file);
  if (!p.status.ok()) return p;
  BitFilter filter(20);
  for (const auto& w : wanted) filter.Add(TextHash(w));
  std::vector<long long> hashed(static_cast<size_t>(file->threads()), 0);
  CsvProbe probe{column,
                 [&](int worker, std::string_view field) {
                   ++hashed[static_cast<size_t>(worker)];
                   return TextHash(field);
                 },
                 &filter};
  std::vector<std::vector<std::pair<long long, std::vector<std::string>>>> per(static_cast<size_t>(file->threads()));
  p.status = file->ForEach(
      [&](int worker, const CsvRecord& r) {
        per[static_cast<size_t>(worker)].push_back({r.line, std::vector<std::string>(r.fields.begin(), r.fields.end())});
        return Status::OK();
      },
      &probe);
  for (auto& v : per) p.records.insert(p.records.end(), v.begin(), v.end());
  std::sort(p.records.begin(), p.records.end());
  for (auto h : hashed) p.hashed += h;
  return p;
}

TEST(CsvFileTest, AProbeVisitsWhatItsFilterMayHoldWithTheRightLines) {
  testing::TempDir dir;
  for (const std::string eol : {"\n", "\r\n", "\r"}) {
    std::string text = "id,value,name" + eol;
    for (int i = 0; i < 200000; ++i) text += std::to_string(i) + "," + std::to_string(i * 7) + ",n" + std::to_string(i % 13) + eol;
    text += "200000,1,last";  // no line end
    std::string path = dir.Write("big.csv", text);
    for (int column : {0, 1}) {
      std::vector<std::string> wanted;
      for (int i = 0; i < 200000; i += 997) wanted.push_back(std::to_string(column == 0 ? i : i * 7));
      wanted.push_back(column == 0 ? "200000" : "1");
      CsvOptions o;
      o.threads = 2;
      o.block_bytes = 3 << 20;  // several blocks, each parsed in two parts (but one for "\r" files)
      Probed p = ProbeFile(path, column, wanted, o);
      ASSERT_TRUE(p.status.ok()) << p.status.message();
      EXPECT_EQ(p.hashed, 200001) << "each record hashed once";
      // Every wanted record is visited (the filter may let a few others through), with its line.
      size_t hits = 0;
      for (const auto& [line, fields] : p.records) {
        ASSERT_EQ(fields.size(), 3u);
        EXPECT_EQ(fields[0], std::to_string(line - 2)) << "line " << line;
        if (std::find(wanted.begin(), wanted.end(), fields[static_cast<size_t>(column)]) != wanted.end()) ++hits;
      }
      EXPECT_EQ(hits, wanted.size());
      EXPECT_LT(p.records.size(), wanted.size() + 100);
      EXPECT_EQ(p.records.back().second[2], "last");
    }
  }
}

TEST(CsvFileTest, AProbeStillFindsRaggedRowsBlankLinesAndQuotes) {
  testing::TempDir dir;
  std::string rows;
  for (int i = 0; i < 5000; ++i) rows += std::to_string(i) + ",x,y\n";
  CsvOptions o;
  o.threads = 2;
  o.block_bytes = 16 << 10;
  // A ragged row the probe rejects is still an error, with its line.
  Probed p = ProbeFile(dir.Write("r.csv", "a,b,c\n" + rows + "5000,x\n" + rows), 0, {"1"}, o);
  EXPECT_NE(p.status.message().find("data.csv:5002: 2 fields, the header has 3"), std::string::npos) << p.status.message();
  p = ProbeFile(dir.Write("r.csv", "a,b,c\n" + rows + "5000,x,y,z\n"), 0, {"1"}, o);
  EXPECT_NE(p.status.message().find("data.csv:5002: 4 fields, the header has 3"), std::string::npos) << p.status.message();
  // Blank lines are skipped; a quoted block is split, then probed on the unquoted value.
  p = ProbeFile(dir.Write("q.csv", "a,b,c\n\n" + rows + "\"4999\",\"q,1\",\"z\"\"\"\n\n"), 0, {"4999"}, o);
  ASSERT_TRUE(p.status.ok()) << p.status.message();
  ASSERT_EQ(p.records.size(), 2u);
  EXPECT_EQ(p.records[0].first, 5002);
  EXPECT_EQ(p.records[1].first, 5003);
  EXPECT_EQ(p.records[1].second[1], "q,1");
  EXPECT_EQ(p.hashed, 5001);
}

TEST(CsvFileTest, AProbeCountsDelimitersOnLongLines) {
  testing::TempDir dir;
  // 400 columns of 20 bytes: a line of 8 KB, past the 4080 bytes one count register holds.
  std::string header, row;
  for (int c = 0; c < 400; ++c) {
    header += (c ? "," : "") + std::string("c") + std::to_string(c);
    row += (c ? "," : "") + std::string(19, 'a' + c % 26);
  }
  std::string text = header + "\n";
  for (int i = 0; i < 300; ++i) text += std::to_string(i) + row.substr(row.find(',')) + "\n";
  CsvOptions o;
  o.threads = 2;
  o.block_bytes = 1 << 20;
  Probed p = ProbeFile(dir.Write("wide.csv", text), 0, {"7"}, o);
  ASSERT_TRUE(p.status.ok()) << p.status.message();
  ASSERT_EQ(p.records.size(), 1u);
  EXPECT_EQ(p.records[0].first, 9);
  std::string short_row = "300" + row.substr(row.find(','), row.rfind(',') - row.find(',')) + "\n";
  p = ProbeFile(dir.Write("wide.csv", text + short_row), 0, {"7"}, o);
  EXPECT_NE(p.status.message().find("data.csv:302: 399 fields, the header has 400"), std::string::npos) << p.status.message();
}

TEST(CsvFileTest, HeadReadsTheFirstRecordsAndStopsQuietlyAtBadOnes) {
  testing::TempDir dir;
  std::string path = dir.Write("h.csv", "a,b\n1,\"x\ny\"\n2,3\n4\n5,6\n");
  std::unique_ptr<CsvFile> file;
  ASSERT_OK(CsvFile::Open(path, "h.csv", {}, &file));
  std::vector<std::vector<std::string>> rows;
  ASSERT_OK(file->Head(10, &rows));
  ASSERT_EQ(rows.size(), 3u);  // the ragged "4" is left for a full pass to report
  EXPECT_EQ(rows[0][1], "x\ny");
  EXPECT_EQ(rows[2][0], "5");
  ASSERT_OK(CsvFile::Open(path, "h.csv", {}, &file));
  rows.clear();
  ASSERT_OK(file->Head(1, &rows));
  EXPECT_EQ(rows.size(), 1u);
}

}  // namespace
}  // namespace mlgate
