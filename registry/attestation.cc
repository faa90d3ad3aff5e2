#include "registry/attestation.h"

#include <rapidjson/prettywriter.h>
#include <rapidjson/stringbuffer.h>

#include <string_view>

#include "base/json_doc.h"
#include "base/signature.h"
#include "base/text.h"

namespace mlgate {

namespace {

constexpr const char kStatementType[] = "https://in-toto.io/Statement/v1";
constexpr const char kSummaryType[] = "https://slsa.dev/verification_summary/v1";

// A policy file or evidence path as a URI reference: relative to the repository, a built-in
// pack as mlgate:policies/NAME.yaml, other characters percent-encoded (RFC 3986).
std::string PathUri(std::string path) {
  const std::string built_in = " (built in)";
  std::string scheme;
  if (path.size() > built_in.size() && path.compare(path.size() - built_in.size(), built_in.size(), built_in) == 0) {
    path.resize(path.size() - built_in.size());
    scheme = "mlgate:";
  }
  return scheme + PercentEncodePath(path);
}

std::string Upper(std::string s) {
  for (char& c : s) c = (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : (c == '-' || c == '.') ? '_' : c;
  return s;
}

}  // namespace

std::string RenderAttestation(const Decision& d, const PromotionFacts& facts) {
  rapidjson::StringBuffer buffer;
  rapidjson::PrettyWriter<rapidjson::StringBuffer> w(buffer);
  w.SetIndent(' ', 2);
  auto str = [&](const char* key, const std::string& value) {
    w.Key(key);
    w.String(value.c_str(), static_cast<rapidjson::SizeType>(value.size()));
  };
  auto descriptor = [&](const std::string& uri, const std::string& sha256) {
    w.StartObject();
    str("uri", uri);
    w.Key("digest");
    w.StartObject();
    str("sha256", sha256);
    w.EndObject();
    w.EndObject();
  };
  w.StartObject();
  str("_type", kStatementType);
  w.Key("subject");
  w.StartArray();
  w.StartObject();
  str("name", d.model_artifact);
  w.Key("digest");
  w.StartObject();
  str("sha256", d.model_sha256);
  w.EndObject();
  w.EndObject();
  w.EndArray();
  str("predicateType", kSummaryType);
  w.Key("predicate");
  w.StartObject();
  w.Key("verifier");
  w.StartObject();
  str("id", "urn:mlgate:gate");
  w.Key("version");
  w.StartObject();
  str("mlgate", d.tool_version);
  w.EndObject();
  w.EndObject();
  str("timeVerified", facts.time);
  // The artifact at the commit it was judged at.
  str("resourceUri", "git+commit:" + d.git_commit + "#" + PathUri(d.model_artifact));
  // The repository's mlgate.yaml names the policy; the packs it extends are inputs too.
  w.Key("policy");
  descriptor(PathUri(d.PolicyFile()), d.policy_files.empty() ? "" : d.policy_files[0].sha256);
  w.Key("inputAttestations");
  w.StartArray();
  descriptor("report.json", facts.report_sha256);
  for (size_t i = 1; i < d.policy_files.size(); ++i)
    descriptor(PathUri(d.policy_files[i].path), d.policy_files[i].sha256);
  for (const auto& c : d.checks) {
    for (const auto& e : c.evidence) descriptor(PathUri(e.path), e.sha256);
  }
  w.EndArray();
  str("verificationResult", "PASSED");
  // Custom levels may not start with SLSA_: this one says which gate it passed.
  w.Key("verifiedLevels");
  w.StartArray();
  std::string level = "MLGATE_" + Upper(d.environment) + "_GATE";
  w.String(level.c_str(), static_cast<rapidjson::SizeType>(level.size()));
  w.EndArray();
  str("slsaVersion", "1.0");
  w.EndObject();
  w.EndObject();
  return std::string(buffer.GetString(), buffer.GetSize()) + "\n";
}

Status CheckAttestation(const AttestationFiles& files, const std::string& sha256, const std::string& allowed_signers,
                        AttestationCheck* out) {
  *out = AttestationCheck{};
  if (files.statement.empty()) {
    if (!allowed_signers.empty()) out->problem = "it has no attestation, and this registry requires signed ones";
    return Status::OK();
  }
  JsonValue statement;
  Status s = ParseJson(files.statement, kAttestationFile, &statement);
  if (!s.ok()) {
    out->problem = "its attestation is not JSON: " + s.message();
    return Status::OK();
  }
  auto text = [](const JsonValue* object, const char* key) {
    const JsonValue* v = object && object->IsObject() ? object->Find(key) : nullptr;
    return v && v->IsString() ? v->text : std::string();
  };
  const JsonValue* predicate = statement.IsObject() ? statement.Find("predicate") : nullptr;
  const JsonValue* subjects = statement.IsObject() ? statement.Find("subject") : nullptr;
  bool names_it = false;
  if (subjects && subjects->IsArray()) {
    for (const auto& subject : subjects->items) names_it = names_it || text(subject.Find("digest"), "sha256") == sha256;
  }
  if (text(&statement, "_type") != kStatementType || text(&statement, "predicateType") != kSummaryType) {
    out->problem = "its attestation is not an in-toto Statement with a SLSA verification summary";
  } else if (!names_it) {
    out->problem = "its attestation is about another artifact (no subject has sha256 " + sha256.substr(0, 16) + "…)";
  } else if (text(predicate, "verificationResult") != "PASSED") {
    out->problem = "its attestation does not say PASSED";
  }
  if (!out->problem.empty()) return Status::OK();
  if (files.signature.empty()) {
    if (!allowed_signers.empty())
      out->problem = "its attestation is not signed, and this registry requires signed ones";
    return Status::OK();
  }
  if (allowed_signers.empty()) {
    out->problem =
        "its attestation is signed, but the environment names no attestation_signers to check the "
        "signature against";
    return Status::OK();
  }
  SignatureVerdict verdict;
  s = VerifySshSignature(files.signature, files.statement, kAttestationNamespace, allowed_signers, "", &verdict);
  if (!s.ok()) return s;
  if (!verdict.valid) {
    out->problem = "its attestation's signature does not hold: " + verdict.reason;
  } else {
    out->signer = verdict.principal;
  }
  return Status::OK();
}

}  // namespace mlgate
