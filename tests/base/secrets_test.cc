#include "base/secrets.h"

#include <gtest/gtest.h>

namespace mlgate {
namespace {

TEST(SecretsTest, SecretLookingVariablesAreRedactedInEveryForm) {
  SecretValues secrets({"GITHUB_TOKEN=ghp_16C7e42F292c6912E7710c838347Ae178B4a", "ci_job_token=glcijob-abcdefgh",
                        "MY_DB_PASSWORD=p\"ss\\w0rd\n!", "PATH=/usr/bin:/bin", "SHORT_TOKEN=1234567",
                        "EDITOR_SECRET_LEVEL", "HOME=/root"});
  EXPECT_EQ(secrets.Redact("push with ghp_16C7e42F292c6912E7710c838347Ae178B4a now"), "push with [redacted] now");
  EXPECT_EQ(secrets.Redact("x glcijob-abcdefgh y"), "x [redacted] y");
  // As a JSON string holds it, and in base64 (an Authorization: Basic header) at any offset.
  EXPECT_EQ(secrets.Redact(R"({"m": "p\"ss\\w0rd\n!"})"), R"({"m": "[redacted]"})");
  for (const char* basic : {"Z2hwXzE2QzdlNDJGMjkyYzY5MTJFNzcxMGM4MzgzNDdBZTE3OEI0YQ==",  // base64(token)
                            "eDpnaHBfMTZDN2U0MkYyOTJjNjkxMkU3NzEwYzgzODM0N0FlMTc4QjRh",  // base64("x:" + token)
                            "eHg6Z2hwXzE2QzdlNDJGMjkyYzY5MTJFNzcxMGM4MzgzNDdBZTE3OEI0YQ=="}) {  // "xx:" + token
    std::string redacted = secrets.Redact(std::string("Basic ") + basic);
    EXPECT_NE(redacted.find("[redacted]"), std::string::npos) << basic;
    EXPECT_EQ(redacted.find("ZTE3OEI0"), std::string::npos) << redacted;
  }
  // Not secrets: other names, values too short to tell from words.
  EXPECT_EQ(secrets.Redact("/usr/bin:/bin 1234567 /root"), "/usr/bin:/bin 1234567 /root");
}

}  // namespace
}  // namespace mlgate
