#include "gate/pull_request.h"

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "base/json_doc.h"

namespace mlgate {

namespace {

std::string Env(const char* name) {
  const char* v = std::getenv(name);
  return v ? v : "";
}

// pull_request.base.sha of the GitHub event that started the run, or "".
Status GitHubEventBase(std::string* sha) {
  sha->clear();
  std::string event = Env("GITHUB_EVENT_NAME");
  std::string path = Env("GITHUB_EVENT_PATH");
  if ((event != "pull_request" && event != "pull_request_target") || path.empty()) return Status::OK();
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::IOError("GITHUB_EVENT_PATH " + path + ": cannot be read");
  std::ostringstream text;
  text << in.rdbuf();
  JsonValue root;
  Status s = ParseJson(text.str(), path, &root);
  if (!s.ok()) return s;
  const JsonValue* pr = root.Find("pull_request");
  const JsonValue* b = pr ? pr->Find("base") : nullptr;
  const JsonValue* id = b ? b->Find("sha") : nullptr;
  if (id && id->IsString()) *sha = id->text;
  return Status::OK();
}

}  // namespace

Status FindPullRequestBase(const GitRepo& repo, const std::string& flag, PullRequestBase* base, bool* found) {
  *found = false;
  std::string ref, from;
  if (!flag.empty()) {
    ref = flag;
    from = "--base " + flag;
  } else {
    std::string sha;
    Status s = GitHubEventBase(&sha);
    if (!s.ok()) return s;
    if (!sha.empty()) {
      ref = sha;
      from = "the GitHub event (pull_request.base.sha)";
    } else if (!Env("GITHUB_BASE_REF").empty()) {
      ref = "refs/remotes/origin/" + Env("GITHUB_BASE_REF");
      from = "GITHUB_BASE_REF";
    } else if (!Env("CI_MERGE_REQUEST_DIFF_BASE_SHA").empty()) {
      ref = Env("CI_MERGE_REQUEST_DIFF_BASE_SHA");
      from = "CI_MERGE_REQUEST_DIFF_BASE_SHA";
    }
  }
  if (ref.empty()) return Status::OK();
  Status s = repo.ResolveExact(ref, &base->id);
  if (!s.ok()) return flag.empty() ? s.WithContext(from) : s;
  base->from = from;
  *found = true;
  return Status::OK();
}

}  // namespace mlgate
