// The approval trailer's value, "MODEL@sha256:HEX", as the approval check splits it.
#include <gtest/gtest.h>

#include <string>

#include "checks/approval_check.h"

namespace mlgate {
namespace {

TEST(ApprovalTrailerTest, ValuesSplitAtTheLastAt) {
  std::string model, sha;
  SplitApprovalValue("team@org/model@sha256:" + std::string(64, 'a'), &model, &sha);
  EXPECT_EQ(model, "team@org/model");
  EXPECT_EQ(sha, std::string(64, 'a'));
  SplitApprovalValue("model", &model, &sha);  // no digest: reported as malformed by the check
  EXPECT_EQ(model, "model");
  EXPECT_EQ(sha, "");
  SplitApprovalValue("model@md5:abc", &model, &sha);
  EXPECT_EQ(model, "model");
  EXPECT_EQ(sha, "");
}

TEST(ApprovalTrailerTest, WrittenValuesSplitBack) {
  std::string model, sha;
  SplitApprovalValue(ApprovalTrailerValue("churn", std::string(64, 'b')), &model, &sha);
  EXPECT_EQ(model, "churn");
  EXPECT_EQ(sha, std::string(64, 'b'));
}

}  // namespace
}  // namespace mlgate
