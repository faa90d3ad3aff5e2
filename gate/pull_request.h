// Pull-request mode: which commit the rules are read from. A pull request is judged by
// the policy of the branch it targets — its base — never by the policy it carries.
#pragma once

#include <string>

#include "base/git_repo.h"
#include "base/status.h"

namespace mlgate {

struct PullRequestBase {
  std::string id;    // the base commit, full hex
  std::string from;  // where it came from: "--base main", "the GitHub event (pull_request.base.sha)", …
};

// The base from `flag` (--base: a full commit id or a branch/tag name, looked up exactly),
// else from the CI's own record of the pull request: GitHub's event payload
// (pull_request.base.sha, then GITHUB_BASE_REF as origin/<name>), GitLab's
// CI_MERGE_REQUEST_DIFF_BASE_SHA. *found is false outside a pull request.
Status FindPullRequestBase(const GitRepo& repo, const std::string& flag, PullRequestBase* base, bool* found);

}  // namespace mlgate
