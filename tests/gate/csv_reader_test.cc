#include "gate/csv_reader.h"

#include <gtest/gtest.h>

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
