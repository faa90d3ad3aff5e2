#include "base/commit_text.h"

#include <git2.h>

#include <cstring>

namespace mlgate {

namespace {

bool IsFullHexId(std::string_view s) {
  if (s.size() != 40) return false;
  for (char c : s) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

}  // namespace

Status SplitCommit(std::string_view bytes, CommitText* out) {
  *out = CommitText();
  size_t end = bytes.find("\n\n");
  out->header = bytes.substr(0, end == std::string_view::npos ? bytes.size() : end + 1);
  out->message = end == std::string_view::npos ? std::string_view() : bytes.substr(end + 2);
  for (size_t at = out->header.find("\nparent "); at != std::string_view::npos;
       at = out->header.find("\nparent ", at + 1)) {
    std::string_view id = out->header.substr(at + 8, 40);
    if (!IsFullHexId(id)) return Status::Corruption("a malformed parent line");
    out->parents.emplace_back(id);
  }
  return Status::OK();
}

std::string AuthorEmail(std::string_view header) {
  size_t at = header.find("\nauthor ");  // the header starts with "tree"; the author comes once
  if (at == std::string_view::npos) return "";
  size_t open = header.find('<', at), close = header.find('>', open);
  size_t line_end = header.find('\n', at + 1);
  if (open == std::string_view::npos || close == std::string_view::npos || close > line_end) return "";
  return std::string(header.substr(open + 1, close - open - 1));
}

int SignatureHeaders(std::string_view header) {
  int count = 0;
  for (size_t at = 0; at < header.size();) {
    std::string_view line = header.substr(at);
    count += line.rfind("gpgsig ", 0) == 0 || line.rfind("gpgsig-sha256 ", 0) == 0;
    size_t nl = header.find('\n', at);
    if (nl == std::string_view::npos) break;
    at = nl + 1;
  }
  return count;
}

std::vector<std::pair<std::string, std::string>> MessageTrailers(const std::string& message) {
  std::vector<std::pair<std::string, std::string>> out;
  // libgit2 must be initialised for any call (reference-counted, so this nests in a
  // GitRepo's own).
  git_libgit2_init();
  git_message_trailer_array trailers{};
  if (git_message_trailers(&trailers, message.c_str()) == 0) {
    for (size_t i = 0; i < trailers.count; ++i) out.emplace_back(trailers.trailers[i].key, trailers.trailers[i].value);
    git_message_trailer_array_free(&trailers);
  }
  git_libgit2_shutdown();
  return out;
}

}  // namespace mlgate
