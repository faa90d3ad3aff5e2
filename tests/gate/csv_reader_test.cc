#include "gate/csv_reader.h"

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

Walk WalkFile(const std::string& path, CsvOptions options = {}) {
  Walk w;
  std::unique_ptr<CsvFile> file;
  w.status = CsvFile::Open(path, "data.csv", options, &file);
  if (!w.status.ok()) return w;
  std::vector<std::vector<std::pair<long long, std::vector<std::string>>>> per(static_cast<size_t>(file->threads()));
  w.status = file->ForEach([&](int worker, const CsvRecord& r) {
    std::vector<std::string> fields(r.fields.begin(), r.fields.end());
    per[static_cast<size_t>(worker)].push_back({r.line, fields});
    return Status::OK();
  });
  for (auto& p : per) w.records.insert(w.records.end(), p.begin(), p.end());
  std::sort(w.records.begin(), w.records.end());
  return w;
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

}  // namespace
}  // namespace mlgate
