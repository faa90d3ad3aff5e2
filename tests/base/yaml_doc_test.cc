#include "base/yaml_doc.h"

#include <gtest/gtest.h>

#include "tests/testing/test_util.h"

namespace mlgate {
namespace {

Status Parse(const std::string& text, YamlNode* root = nullptr) {
  YamlNode scratch;
  return ParseYaml(text, "mlgate.yaml", root ? root : &scratch);
}

TEST(YamlDocTest, KeepsLocationsAndQuoting) {
  YamlNode root;
  ASSERT_OK(Parse("version: 1\nchecks:\n  coverage:\n    report: \"cov.xml\"\n", &root));
  ASSERT_TRUE(root.IsMap());
  const YamlNode* report = root.Find("checks")->Find("coverage")->Find("report");
  ASSERT_NE(report, nullptr);
  EXPECT_EQ(report->value, "cov.xml");
  EXPECT_TRUE(report->quoted);
  EXPECT_EQ(report->location.ToString(), "mlgate.yaml:4:13");
  EXPECT_FALSE(root.Find("version")->quoted);
}

TEST(YamlDocTest, RejectsDuplicateKeysWithTheSecondKeysPosition) {
  Status s = Parse("version: 1\nmin_coverage: 0.9\nmin_coverage: 0.0\n");
  EXPECT_EQ(s.message(), "mlgate.yaml:3:1: duplicate key \"min_coverage\"; each key may appear once — remove one of them");
}

TEST(YamlDocTest, RejectsAnchorsAndAliases) {
  EXPECT_NE(Parse("a: &x 1\nb: *x\n").message().find("anchors (&name) are not allowed"), std::string::npos);
  EXPECT_FALSE(Parse("a: &a [*a]\n").ok());
  EXPECT_FALSE(Parse("a: &a {k: *a}\n").ok());
  // The nine-level "lol" bomb never gets past its first anchor.
  std::string bomb = "a: &a [\"lol\",\"lol\"]\n";
  for (char c = 'b'; c <= 'i'; ++c) {
    bomb += std::string(1, c) + ": &" + c + " [*" + static_cast<char>(c - 1) + ",*" + static_cast<char>(c - 1) + "]\n";
  }
  EXPECT_FALSE(Parse(bomb).ok());
}

TEST(YamlDocTest, RejectsYaml11BooleansUnlessQuoted) {
  for (const char* word : {"off", "no", "y", "Yes", "ON"}) {
    Status s = Parse(std::string("enforce: ") + word + "\n");
    EXPECT_NE(s.message().find("is a YAML 1.1 boolean"), std::string::npos) << word;
    EXPECT_NE(s.message().find("mlgate.yaml:1:10"), std::string::npos) << s.message();
  }
  YamlNode root;
  ASSERT_OK(Parse("enforce: \"off\"\nother: true\n", &root));
  EXPECT_EQ(root.Find("enforce")->value, "off");
}

TEST(YamlDocTest, RejectsTagsSeveralDocumentsAndEmptyFiles) {
  EXPECT_NE(Parse("a: !!str 1\n").message().find("explicit YAML tags"), std::string::npos);
  EXPECT_NE(Parse("a: 1\n---\nb: 2\n").message().find("several YAML documents"), std::string::npos);
  EXPECT_NE(Parse("").message().find("the file is empty"), std::string::npos);
  EXPECT_NE(Parse("---\n").message().find("the file is empty"), std::string::npos);
  EXPECT_NE(Parse("# only a comment\n").message().find("the file is empty"), std::string::npos);
}

TEST(YamlDocTest, EncodingProblemsAreNamed) {
  YamlNode root;
  ASSERT_OK(Parse("\xEF\xBB\xBFversion: 1\n", &root));  // a UTF-8 BOM is fine
  EXPECT_EQ(Parse(std::string("\xFF\xFEv\0", 4)).message(), "mlgate.yaml: is UTF-16; save it as UTF-8");
  EXPECT_EQ(Parse(std::string("a: 1\nb: x\0y\n", 12)).message(), "mlgate.yaml:2:5: NUL byte; this is not a text file");
  EXPECT_EQ(Parse("a: \xC3\x28\n").message(), "mlgate.yaml: is not valid UTF-8; save it as UTF-8");
}

TEST(YamlDocTest, DeepNestingIsAnErrorNotACrash) {
  EXPECT_FALSE(Parse(std::string(100000, '[')).ok());
  std::string block;
  for (int i = 0; i < 100; ++i) block += std::string(static_cast<size_t>(i) * 2, ' ') + "k:\n";
  Status s = Parse(block);
  EXPECT_NE(s.message().find("nesting deeper than 64 levels"), std::string::npos) << s.message();
}

TEST(YamlDocTest, SizeLimit) {
  YamlLimits limits;
  limits.max_bytes = 16;
  YamlNode root;
  Status s = ParseYaml("version: 1\nchecks: {}\n", "p.yaml", &root, limits);
  EXPECT_EQ(s.code(), Status::Code::kLimit);
}

TEST(YamlDocTest, SyntaxErrorsCarryLineAndColumn) {
  Status s = Parse("version: 1\nchecks:\n  coverage: [a, b\n");
  // yaml-cpp reports an unclosed flow list where the input ends.
  EXPECT_EQ(s.message(), "mlgate.yaml:4:1: end of sequence flow not found");
}

}  // namespace
}  // namespace mlgate
