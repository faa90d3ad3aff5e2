#include "gate/git_repo.h"

#include <git2.h>

namespace mlgate {

namespace {

// libgit2 must be initialised once per process; this keeps it alive until exit.
struct Libgit2 {
  Libgit2() { git_libgit2_init(); }
  ~Libgit2() { git_libgit2_shutdown(); }
};

void EnsureLibgit2() { static Libgit2 instance; }

std::string LastError() {
  const git_error* e = git_error_last();
  return e && e->message ? e->message : "unknown libgit2 error";
}

}  // namespace

struct GitRepo::Impl {
  git_repository* repo = nullptr;
};

Status GitRepo::Open(const std::string& path, std::unique_ptr<GitRepo>* out) {
  EnsureLibgit2();
  git_repository* repo = nullptr;
  int rc = git_repository_open_ext(&repo, path.c_str(), 0, nullptr);
  if (rc == GIT_ENOTFOUND) return Status::NotFound(path + ": not inside a git repository");
  if (rc != 0) return Status::IOError(path + ": cannot open the git repository: " + LastError());
  auto* impl = new Impl;
  impl->repo = repo;
  out->reset(new GitRepo(impl));
  return Status::OK();
}

GitRepo::~GitRepo() {
  git_repository_free(impl_->repo);
  delete impl_;
}

Status GitRepo::HeadCommit(std::string* hex) const {
  git_oid oid;
  int rc = git_reference_name_to_id(&oid, impl_->repo, "HEAD");
  if (rc == GIT_ENOTFOUND || rc == GIT_EUNBORNBRANCH) return Status::NotFound("HEAD has no commit yet");
  if (rc != 0) return Status::IOError("cannot resolve HEAD: " + LastError());
  char buffer[GIT_OID_HEXSZ + 1];
  git_oid_tostr(buffer, sizeof buffer, &oid);
  *hex = buffer;
  return Status::OK();
}

Status GitRepo::HeadCommitTime(long long* unix_seconds) const {
  git_oid oid;
  if (git_reference_name_to_id(&oid, impl_->repo, "HEAD") != 0) return Status::NotFound("HEAD has no commit yet");
  git_commit* commit = nullptr;
  if (git_commit_lookup(&commit, impl_->repo, &oid) != 0) return Status::IOError("cannot read HEAD: " + LastError());
  *unix_seconds = static_cast<long long>(git_commit_time(commit));
  git_commit_free(commit);
  return Status::OK();
}

std::string GitRepo::WorkDir() const {
  const char* dir = git_repository_workdir(impl_->repo);
  return dir ? dir : "";
}

}  // namespace mlgate
