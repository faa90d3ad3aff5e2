// End to end: the docs check through the built binary on a repository made from the example.
#include "tests/e2e/example_repo.h"

namespace mlgate {
namespace {

using DocsCliTest = testing::ExampleRepoTest;
using testing::CliResult;

TEST_F(DocsCliTest, TheExamplesCardIsComplete) {
  CliResult r = Check();
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("pass    docs            4 of 4 required sections present (non-blocking)"), std::string::npos)
      << r.out;
}

TEST_F(DocsCliTest, AMissingSectionWarnsUntilProductionRequiresDocs) {
  std::string card = repo_.Read("docs/MODEL_CARD.md");
  repo_.Write("docs/MODEL_CARD.md", card.substr(0, card.find("## Limitations")));
  CliResult r = Check();
  EXPECT_EQ(r.exit_code, 0) << r.out;  // the governance pack does not require docs for production
  EXPECT_NE(r.out.find("warn    docs            3 of 4 required sections present"), std::string::npos) << r.out;
  EXPECT_EQ(Check("--fail-on-warn").exit_code, 1);
  EditPolicy("    registry: registry/production\n",
             "    registry: registry/production\n    requires: [coverage, lint, metrics, docs]\n");
  r = Check();
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_NE(r.out.find("docs:missing-section: docs/MODEL_CARD.md: the model card has no \"Limitations\" section"),
            std::string::npos)
      << r.out;
}

}  // namespace
}  // namespace mlgate
