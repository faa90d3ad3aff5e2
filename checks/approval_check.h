// approval: the validation committee approved this exact model, recorded in git. An
// approval is a commit whose message ends with the trailer
// `Approve-Model: <model>@sha256:<artifact sha256>` (what `mlgate approve` writes), signed
// by a committee member's key. See kApprovalHelp for what makes one count.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "gate/check.h"

namespace mlgate {

extern const char kApprovalHelp[];
std::unique_ptr<Check> NewApprovalCheck();

// The trailer key, and its value for a model and artifact.
inline constexpr const char* kApprovalTrailer = "Approve-Model";
std::string ApprovalTrailerValue(const std::string& model, const std::string& sha256);

// An approval trailer's value, "MODEL@sha256:HEX": *model is what comes before the last
// '@' (all of it without one), *sha256 what follows "@sha256:" there (else empty; the
// check reports a malformed digest).
void SplitApprovalValue(std::string_view value, std::string* model, std::string* sha256);

}  // namespace mlgate
