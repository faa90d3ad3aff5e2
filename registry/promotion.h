// What a promotion records: the manifest next to the promoted artifact in the registry,
// and the message of the git tag mlgate/<model>/<environment>/<n>. Both are written from
// the gate's decision (report.json's source), so a registry says why each version is there.
#pragma once

#include <string>

#include "base/status.h"
#include "gate/result.h"
#include "registry/file_registry.h"

namespace mlgate {

struct PromotionFacts {
  std::string version;          // the registry's name for it
  unsigned long long size = 0;  // the artifact's bytes
  std::string report_sha256;    // sha256 of the report.json this decision was written as
  std::string time;             // UTC, ISO 8601
  std::string tag;              // the git tag recording it
};

// manifest.json: model, environment, version, artifact (path, sha256, size), source commit,
// verdict, report digest, the accepted approvals, the metrics, the tool version, the time.
std::string RenderManifest(const Decision& decision, const PromotionFacts& facts);

// The tag message: one line per check with its status and summary.
std::string PromotionTagMessage(const Decision& decision, const PromotionFacts& facts);

// Whether a published version still holds: its artifact has the sha256 it was promoted
// with, and its attestation names that digest and, with `allowed_signers` (the file's
// text; empty: none configured), is signed by a key listed there (registry/attestation.h).
struct VersionHealth {
  std::string sha256;   // as recorded at promotion
  std::string problem;  // empty when it holds
  std::string signer;   // who signed its attestation, when verified
};
Status InspectVersion(const FileRegistry& registry, const std::string& version, const std::string& allowed_signers,
                      unsigned long long max_artifact_bytes, VersionHealth* out);

// One HISTORY line (FileRegistry::AppendHistory) for a promotion or a rollback.
std::string HistoryLine(const std::string& event, const std::string& version, const std::string& previous,
                        const std::string& tag, const std::string& commit, const std::string& time);

// The events of a HISTORY file, oldest first; a line that is not one is skipped (the
// history informs the reports; CURRENT and the manifests are the registry's truth).
std::vector<PromotionEvent> ParseHistory(std::string_view text);

// Now, as "2026-11-25T07:58:00Z".
std::string UtcNow();

}  // namespace mlgate
