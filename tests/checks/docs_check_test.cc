#include "checks/docs_check.h"

#include "checks/docs/markdown_outline.h"
#include "tests/checks/check_fixture.h"

namespace mlgate {
namespace {

const char kCard[] = R"(---
title: churn model card
---
# Churn model

## 1. Intended Use:
Scoring customers monthly.

Training data
-------------
CRM exports 2024–2026.

## Evaluation ##

### Metrics
accuracy 0.93 on the held-out split

## Limitations

```markdown
## Not a heading: inside a code block
```
)";

TEST(MarkdownOutlineTest, HeadingsLevelsAndBodies) {
  std::vector<Heading> h = OutlineOf(kCard);
  ASSERT_EQ(h.size(), 6u);
  EXPECT_EQ(h[0].text, "Churn model");
  EXPECT_EQ(h[0].line, 4);
  EXPECT_EQ(h[1].text, "1. Intended Use:");
  EXPECT_EQ(h[2].text, "Training data");
  EXPECT_EQ(h[2].level, 2);
  EXPECT_EQ(h[3].text, "Evaluation");
  EXPECT_TRUE(h[3].has_body);  // through its subsection
  EXPECT_EQ(h[4].level, 3);
  EXPECT_EQ(h[5].text, "Limitations");
  EXPECT_TRUE(h[5].has_body);  // a code block is content
  EXPECT_EQ(HeadingKey("1. Intended Use:"), "intended use");
  EXPECT_EQ(HeadingKey("  Training   Data "), "training data");
  EXPECT_TRUE(OutlineOf("").empty());
  EXPECT_TRUE(OutlineOf("#hashtag is not a heading\n").empty());
  EXPECT_EQ(OutlineOf("# Only\n").size(), 1u);
  EXPECT_FALSE(OutlineOf("# Only\n").front().has_body);
}

class DocsCheckTest : public testing::CheckFixture {
 protected:
  void SetUp() override {
    dir_.Write("README.md", "# Churn\n\nHow to train and serve.\n");
    dir_.Write("docs/MODEL_CARD.md", kCard);
    model_card_ = "docs/MODEL_CARD.md";
  }
  const char* kSections = "required_sections: [Intended use, Training data, Evaluation, Limitations]\n";
};

TEST_F(DocsCheckTest, CompleteCardPasses) {
  ASSERT_TRUE(Configure("docs", kSections).empty());
  Status s;
  CheckResult r = Run(&s);
  ASSERT_OK(s);
  EXPECT_EQ(r.status, CheckStatus::kPass);
  EXPECT_EQ(r.summary, "4 of 4 required sections present");
  EXPECT_EQ(r.evidence.size(), 2u);
}

TEST_F(DocsCheckTest, MissingAndEmptySectionsAreFindings) {
  dir_.Write("docs/MODEL_CARD.md", "# Card\n\n## Intended uses\nx\n\n## Evaluation\n\n## Limitations\nnone known\n");
  ASSERT_TRUE(Configure("docs", kSections).empty());
  Status s;
  CheckResult r = Run(&s);
  ASSERT_OK(s);
  EXPECT_EQ(r.status, CheckStatus::kFail);
  EXPECT_EQ(Find(r, "missing_sections")->value, 3);
  ASSERT_EQ(r.findings.size(), 3u);
  EXPECT_EQ(r.findings[0].message,
            "the model card has no \"Intended use\" section (is \"Intended uses\" meant to be it?); add a heading for it");
  EXPECT_EQ(r.findings[1].rule, "docs:missing-section");
  EXPECT_EQ(r.findings[2].rule, "docs:empty-section");
  EXPECT_EQ(r.findings[2].line, 6);
  EXPECT_EQ(r.findings[2].path, "docs/MODEL_CARD.md");
}

TEST_F(DocsCheckTest, MissingOrEmptyDocumentsFail) {
  dir_.Write("README.md", " \n\n");
  model_card_ = "docs/CARD.md";
  ASSERT_TRUE(Configure("docs", kSections).empty());
  Status s;
  CheckResult r = Run(&s);
  ASSERT_OK(s);
  EXPECT_EQ(r.status, CheckStatus::kFail);
  ASSERT_EQ(r.findings.size(), 2u);
  EXPECT_EQ(r.findings[0].rule, "docs:empty-file");
  EXPECT_EQ(r.findings[1].message, "the model card docs/CARD.md does not exist; write it");
  EXPECT_EQ(r.summary, "0 of 4 required sections present, 2 documents missing or empty");
}

TEST_F(DocsCheckTest, ReadmeSectionsAndBadInput) {
  ASSERT_TRUE(Configure("docs", "readme_sections: [Usage]\n").empty());
  Status s;
  CheckResult r = Run(&s);
  EXPECT_EQ(r.status, CheckStatus::kFail);
  dir_.Write("README.md", std::string("# T\n\xff\xfe binary\n"));
  r = Run(&s);
  EXPECT_EQ(r.status, CheckStatus::kError);
  EXPECT_NE(s.message().find("README.md: the README is not UTF-8 text"), std::string::npos) << s.message();
}

TEST_F(DocsCheckTest, AOneGigabyteCardIsRefusedBeforeParsing) {
  dir_.WriteSparse("docs/MODEL_CARD.md", 1ULL << 30);
  ASSERT_TRUE(Configure("docs", kSections).empty());
  Status s;
  CheckResult r = Run(&s);
  EXPECT_EQ(r.status, CheckStatus::kError);
  EXPECT_NE(s.message().find("model card: docs/MODEL_CARD.md: 1073741824 bytes is over the evidence limit"),
            std::string::npos)
      << s.message();
}

TEST_F(DocsCheckTest, SectionsWithoutACardIsAnError) {
  model_card_ = "";
  ASSERT_TRUE(Configure("docs", kSections).empty());
  Status s;
  CheckResult r = Run(&s);
  EXPECT_EQ(r.status, CheckStatus::kError);
  EXPECT_NE(s.message().find("no model card is named"), std::string::npos);
}

}  // namespace
}  // namespace mlgate
