#include "registry/attestation.h"

#include <gtest/gtest.h>

#include "base/json_doc.h"
#include "base/signature.h"
#include "tests/testing/test_util.h"

namespace mlgate {
namespace {

const std::string kSha = std::string(64, 'a');

Decision Passed() {
  Decision d;
  d.tool_version = "0.1.0";
  d.verdict = "pass";
  d.model_name = "m";
  d.model_artifact = "models/my model.pkl";
  d.model_sha256 = kSha;
  d.git_commit = std::string(40, 'c');
  d.environment = "production";
  d.policy_files = {{"mlgate.yaml", std::string(64, '1'), 10},
                    {"policies/governance.yaml (built in)", std::string(64, '2'), 20}};
  CheckResult coverage;
  coverage.id = "coverage";
  coverage.evidence = {{"reports/coverage.xml", std::string(64, '3'), 30}};
  d.checks.push_back(coverage);
  return d;
}

std::string Text(const JsonValue& object, std::initializer_list<const char*> keys) {
  const JsonValue* v = &object;
  for (const char* key : keys) v = v && v->IsObject() ? v->Find(key) : nullptr;
  return v && v->IsString() ? v->text : "";
}

TEST(AttestationTest, AStatementWithAVerificationSummaryAboutTheArtifact) {
  PromotionFacts facts;
  facts.time = "2026-11-25T08:00:00Z";
  facts.report_sha256 = std::string(64, 'r');
  std::string text = RenderAttestation(Passed(), facts);
  JsonValue s;
  ASSERT_OK(ParseJson(text, "attestation", &s));
  EXPECT_EQ(Text(s, {"_type"}), "https://in-toto.io/Statement/v1");
  EXPECT_EQ(Text(s, {"predicateType"}), "https://slsa.dev/verification_summary/v1");
  ASSERT_EQ(s.Find("subject")->items.size(), 1u);
  EXPECT_EQ(Text(s.Find("subject")->items[0], {"digest", "sha256"}), kSha);
  EXPECT_EQ(Text(s, {"predicate", "verifier", "id"}), "urn:mlgate:gate");
  EXPECT_EQ(Text(s, {"predicate", "timeVerified"}), "2026-11-25T08:00:00Z");
  EXPECT_EQ(Text(s, {"predicate", "resourceUri"}), "git+commit:" + std::string(40, 'c') + "#models/my%20model.pkl");
  EXPECT_EQ(Text(s, {"predicate", "policy", "uri"}), "mlgate.yaml");
  EXPECT_EQ(Text(s, {"predicate", "policy", "digest", "sha256"}), std::string(64, '1'));
  EXPECT_EQ(Text(s, {"predicate", "verificationResult"}), "PASSED");
  const JsonValue* inputs = s.Find("predicate")->Find("inputAttestations");
  ASSERT_EQ(inputs->items.size(), 3u);
  EXPECT_EQ(Text(inputs->items[0], {"uri"}), "report.json");
  EXPECT_EQ(Text(inputs->items[1], {"uri"}), "mlgate:policies/governance.yaml");
  EXPECT_EQ(Text(inputs->items[2], {"digest", "sha256"}), std::string(64, '3'));
  EXPECT_EQ(s.Find("predicate")->Find("verifiedLevels")->items[0].text, "MLGATE_PRODUCTION_GATE");
}

TEST(AttestationTest, WhatDoesNotHoldIsSaid) {
  std::string statement = RenderAttestation(Passed(), PromotionFacts{});
  AttestationCheck check;
  ASSERT_OK(CheckAttestation({statement, ""}, kSha, "", &check));
  EXPECT_EQ(check.problem, "");
  ASSERT_OK(CheckAttestation({statement, ""}, std::string(64, 'b'), "", &check));
  EXPECT_NE(check.problem.find("about another artifact"), std::string::npos) << check.problem;
  std::string failed = statement;
  failed.replace(failed.find("PASSED"), 6, "FAILED");
  ASSERT_OK(CheckAttestation({failed, ""}, kSha, "", &check));
  EXPECT_EQ(check.problem, "its attestation does not say PASSED");
  ASSERT_OK(CheckAttestation({statement.substr(0, 40), ""}, kSha, "", &check));
  EXPECT_NE(check.problem.find("its attestation is not JSON"), std::string::npos) << check.problem;
  ASSERT_OK(CheckAttestation({"{\"_type\": 1}", ""}, kSha, "", &check));
  EXPECT_NE(check.problem.find("not an in-toto Statement"), std::string::npos) << check.problem;
  // None at all is fine for a registry that asks for none, a problem for one that does.
  ASSERT_OK(CheckAttestation({"", ""}, kSha, "", &check));
  EXPECT_EQ(check.problem, "");
  ASSERT_OK(CheckAttestation({"", ""}, kSha, "x@example.org ssh-ed25519 AAAA", &check));
  EXPECT_NE(check.problem.find("no attestation"), std::string::npos);
  // A signature nothing can judge is not taken on trust.
  ASSERT_OK(CheckAttestation({statement, "-----BEGIN SSH SIGNATURE-----\n"}, kSha, "", &check));
  EXPECT_NE(check.problem.find("names no attestation_signers"), std::string::npos) << check.problem;
}

TEST(AttestationTest, SignedInTheMlgateNamespaceByAListedKey) {
  testing::TempDir keys;
  std::string err;
  ASSERT_EQ(testing::RunCommand("ssh-keygen -q -t ed25519 -N '' -C r -f '" + keys.path() + "/release'", nullptr, &err),
            0)
      << err;
  std::string signers = "release@example.org namespaces=\"mlgate\" " + keys.Read("release.pub");
  std::string statement = RenderAttestation(Passed(), PromotionFacts{}), signature;
  ASSERT_OK(SignWithSshKey(statement, keys.path() + "/release", kAttestationNamespace, &signature));
  AttestationCheck check;
  ASSERT_OK(CheckAttestation({statement, signature}, kSha, signers, &check));
  EXPECT_EQ(check.problem, "");
  EXPECT_EQ(check.signer, "release@example.org");
  // The same key's signature in git's namespace (a commit's) does not count here.
  std::string git_signature;
  ASSERT_OK(SignWithSshKey(statement, keys.path() + "/release", "git", &git_signature));
  ASSERT_OK(CheckAttestation({statement, git_signature}, kSha, signers, &check));
  EXPECT_NE(check.problem.find("signature does not hold"), std::string::npos) << check.problem;
  ASSERT_OK(CheckAttestation({statement, ""}, kSha, signers, &check));
  EXPECT_NE(check.problem.find("not signed"), std::string::npos) << check.problem;
  EXPECT_EQ(SignWithSshKey(statement, keys.path() + "/missing", "mlgate", &signature).code(), Status::Code::kNotFound);
}

}  // namespace
}  // namespace mlgate
