// The text of a git commit as mlgate reads it, apart from libgit2's object access so that
// it can be tested and fuzzed on any bytes: the raw object split into header and message,
// its parents, the author's email, its signature headers and the message's trailers. A commit's text is written by whoever made the commit.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/status.h"

namespace mlgate {

struct CommitText {
  std::string_view header;           // "tree …\nparent …\nauthor …\n…", through its last line end
  std::string_view message;          // after the blank line; empty when there is none
  std::vector<std::string> parents;  // full hex ids, in order
};

// Splits a raw commit object (as the object database holds it). A parent line that does
// not hold a full hex id is an error.
Status SplitCommit(std::string_view bytes, CommitText* out);

// The email of the header's author line ("author Name <email> time zone"); empty when the
// line is missing or malformed.
std::string AuthorEmail(std::string_view header);

// How many signature headers ("gpgsig", "gpgsig-sha256") the header holds: git verifies
// one, so more than one is refused (docs/THREATS.md T4).
int SignatureHeaders(std::string_view header);

// The "Key: value" trailers closing a message, as git interprets them (libgit2's
// git_message_trailers).
std::vector<std::pair<std::string, std::string>> MessageTrailers(const std::string& message);

}  // namespace mlgate
