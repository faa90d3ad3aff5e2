#include "registry/promotion.h"

#include "base/json_doc.h"

#include <rapidjson/prettywriter.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <ctime>
#include <utility>

#include "registry/attestation.h"

namespace mlgate {

std::string RenderManifest(const Decision& d, const PromotionFacts& facts) {
  rapidjson::StringBuffer buffer;
  rapidjson::PrettyWriter<rapidjson::StringBuffer> w(buffer);
  w.SetIndent(' ', 2);
  auto str = [&](const char* key, const std::string& value) {
    w.Key(key);
    w.String(value.c_str(), static_cast<rapidjson::SizeType>(value.size()));
  };
  w.StartObject();
  w.Key("schema_version");
  w.Int(1);
  str("model", d.model_name);
  str("environment", d.environment);
  str("version", facts.version);
  w.Key("artifact");
  w.StartObject();
  str("path", d.model_artifact);
  str("sha256", d.model_sha256);
  w.Key("size");
  w.Uint64(facts.size);
  w.EndObject();
  str("source_commit", d.git_commit);
  str("verdict", d.verdict);
  str("report_sha256", facts.report_sha256);
  str("tag", facts.tag);
  w.Key("approvals");
  w.StartArray();
  for (const auto& c : d.checks) {
    for (const auto& f : c.findings) {
      if (f.rule == "approval:accepted")
        w.String(f.message.c_str(), static_cast<rapidjson::SizeType>(f.message.size()));
    }
  }
  w.EndArray();
  // The metrics as judged: the next candidate's baseline.
  w.Key("metrics");
  w.StartObject();
  for (const auto& c : d.checks) {
    if (c.id != "metrics") continue;
    for (const auto& m : c.measurements) {
      if (m.name.find('.') != std::string::npos || m.advisory) continue;  // drops and advisories are not metrics
      w.Key(m.name.c_str(), static_cast<rapidjson::SizeType>(m.name.size()));
      w.Double(m.value);
    }
  }
  w.EndObject();
  str("tool_version", d.tool_version);
  str("promoted_at", facts.time);
  w.EndObject();
  return std::string(buffer.GetString(), buffer.GetSize()) + "\n";
}

std::string PromotionTagMessage(const Decision& d, const PromotionFacts& facts) {
  std::string out = "promote " + d.model_name + " " + facts.version + " to " + d.environment + "\n\n";
  out += "artifact " + d.model_artifact + " sha256:" + d.model_sha256 + "\n";
  out += "verdict " + d.verdict + ", report.json sha256:" + facts.report_sha256 + "\n\n";
  for (const auto& c : d.checks) out += std::string(StatusName(c.status)) + " " + c.id + ": " + c.summary + "\n";
  return out;
}

Status InspectVersion(const FileRegistry& registry, const std::string& version, const std::string& allowed_signers,
                      unsigned long long max_artifact_bytes, VersionHealth* out) {
  *out = VersionHealth{};
  Status s = registry.Verify(version, max_artifact_bytes, &out->problem);
  if (!s.ok() || !out->problem.empty()) return s;
  std::string recorded;
  s = registry.ReadFile(version, "artifact.sha256", &recorded);
  if (!s.ok()) return s;
  out->sha256 = recorded.substr(0, 64);
  AttestationFiles files;
  for (auto [name, text] :
       {std::pair{kAttestationFile, &files.statement}, {kAttestationSignatureFile, &files.signature}}) {
    s = registry.ReadFile(version, name, text);
    if (!s.ok() && s.code() != Status::Code::kNotFound) return s;
  }
  AttestationCheck check;
  s = CheckAttestation(files, out->sha256, allowed_signers, &check);
  out->problem = check.problem;
  out->signer = check.signer;
  return s;
}

std::string HistoryLine(const std::string& event, const std::string& version, const std::string& previous,
                        const std::string& tag, const std::string& commit, const std::string& time) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
  auto str = [&](const char* key, const std::string& value) {
    w.Key(key);
    if (value.empty()) {
      w.Null();
    } else {
      w.String(value.c_str(), static_cast<rapidjson::SizeType>(value.size()));
    }
  };
  w.StartObject();
  str("event", event);
  str("version", version);
  str("previous", previous);
  str("tag", tag);
  str("commit", commit);
  str("at", time);
  w.EndObject();
  return std::string(buffer.GetString(), buffer.GetSize());
}

std::vector<PromotionEvent> ParseHistory(std::string_view text) {
  std::vector<PromotionEvent> out;
  size_t at = 0;
  while (at < text.size()) {
    size_t end = text.find('\n', at);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(at, end - at);
    at = end + 1;
    JsonValue v;
    if (line.empty() || !ParseJson(line, "HISTORY", &v).ok() || !v.IsObject()) continue;
    auto str = [&](const char* key) {
      const JsonValue* x = v.Find(key);
      return x && x->IsString() ? x->text : std::string();
    };
    PromotionEvent e{str("event"), str("version"), str("previous"), str("tag"), str("commit"), str("at")};
    if (!e.event.empty()) out.push_back(std::move(e));
  }
  return out;
}

std::string UtcNow() {
  std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return buffer;
}

}  // namespace mlgate
