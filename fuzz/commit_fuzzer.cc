// A raw git commit object, as the approval check reads it from history: header and
// message, parents, the author's email, signature headers, trailers and the approval
// trailer's value. Anyone who can push a commit writes these bytes.
#include <git2.h>

#include "base/commit_text.h"
#include "checks/approval_check.h"
#include "fuzz/fuzz_util.h"

// libgit2 set up once, not per input (MessageTrailers' own init then only counts).
extern "C" int LLVMFuzzerInitialize(int*, char***) {
  git_libgit2_init();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  mlgate::CommitText text;
  if (!mlgate::SplitCommit(mlgate::fuzz::Bytes(data, size), &text).ok()) return 0;
  for (const auto& id : text.parents) mlgate::fuzz::Require(id.size() == 40, "parents are full ids");
  std::string email = mlgate::AuthorEmail(text.header);
  mlgate::fuzz::Require(email.find('\n') == std::string::npos, "an email is on the author line");
  mlgate::fuzz::Require(mlgate::SignatureHeaders(text.header) >= 0);
  for (const auto& [key, value] : mlgate::MessageTrailers(std::string(text.message))) {
    std::string model, sha256;
    mlgate::SplitApprovalValue(value, &model, &sha256);
    mlgate::fuzz::Require(model.size() + sha256.size() <= value.size(), "the parts of a value are in it");
  }
  return 0;
}
