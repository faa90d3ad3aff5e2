#include "base/json_doc.h"

#include <gtest/gtest.h>

#include "tests/testing/test_util.h"

namespace mlgate {
namespace {

Status Parse(const std::string& text, JsonValue* root = nullptr) {
  JsonValue scratch;
  return ParseJson(text, "m.json", root ? root : &scratch);
}

TEST(JsonDocTest, BuildsTheTree) {
  JsonValue root;
  ASSERT_OK(Parse(R"({"a": {"b": [1, 2.5, "x", true, null]}, "n": -3})", &root));
  const JsonValue* b = root.Find("a")->Find("b");
  ASSERT_TRUE(b->IsArray());
  ASSERT_EQ(b->items.size(), 5u);
  EXPECT_TRUE(b->items[0].integral);
  EXPECT_DOUBLE_EQ(b->items[1].number, 2.5);
  EXPECT_EQ(b->items[2].text, "x");
  EXPECT_DOUBLE_EQ(root.Find("n")->number, -3);
}

TEST(JsonDocTest, RejectsDuplicateKeys) {
  EXPECT_EQ(Parse(R"({"accuracy":0.1,"accuracy":0.99})").message(),
            "m.json:1:27: invalid JSON: duplicate key \"accuracy\"; a report must name each key once");
}

TEST(JsonDocTest, HostileNestingIsBoundedInParseAndTeardown) {
  EXPECT_NE(Parse(std::string(1000000, '[')).message().find("nesting deeper than 64"), std::string::npos);
  std::string objects;
  for (int i = 0; i < 100000; ++i) objects += "{\"a\":";
  EXPECT_FALSE(Parse(objects).ok());
}

TEST(JsonDocTest, RejectsNonFiniteAndHugeNumbers) {
  EXPECT_FALSE(Parse(R"({"a": 1e400})").ok());
  EXPECT_FALSE(Parse(R"({"a": NaN})").ok());
  EXPECT_FALSE(Parse(R"({"a": Infinity})").ok());
  JsonValue root;
  ASSERT_OK(Parse(R"({"a": 18446744073709551616, "b": -0})", &root));
  EXPECT_DOUBLE_EQ(root.Find("a")->number, 18446744073709551616.0);
}

TEST(JsonDocTest, TruncatedEmptyTrailingAndBadEncoding) {
  EXPECT_EQ(Parse("").message(), "m.json: is empty; expected a JSON document");
  EXPECT_EQ(Parse("  \n").message(), "m.json: is empty; expected a JSON document");
  EXPECT_NE(Parse("{\"a\": [1, 2").message().find("m.json:1:"), std::string::npos);
  EXPECT_EQ(Parse("{}\n{}").message(), "m.json:2:1: invalid JSON: text after the end of the document");
  EXPECT_FALSE(Parse("{\"a\": \"\xC3\x28\"}").ok());
  EXPECT_FALSE(Parse("\x89PNG\r\n\x1a\n").ok());
}

TEST(JsonDocTest, EmbeddedNulIsKeptNotTruncated) {
  JsonValue root;
  ASSERT_OK(Parse(R"({"a": "x\u0000y"})", &root));
  EXPECT_EQ(root.Find("a")->text, std::string("x\0y", 3));
}

}  // namespace
}  // namespace mlgate
