#include "gate/git_repo.h"

#include <git2.h>

#include <memory>

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

namespace {

std::string Hex(const git_oid* oid) {
  char buffer[GIT_OID_HEXSZ + 1];
  git_oid_tostr(buffer, sizeof buffer, oid);
  return buffer;
}

}  // namespace

Status GitRepo::FileHistory(const std::string& path, int limit, std::vector<FileVersion>* out) const {
  out->clear();
  git_revwalk* walk = nullptr;
  if (git_revwalk_new(&walk, impl_->repo) != 0) return Status::IOError("cannot walk the history: " + LastError());
  std::unique_ptr<git_revwalk, void (*)(git_revwalk*)> walk_owner(walk, git_revwalk_free);
  git_revwalk_simplify_first_parent(walk);
  if (git_revwalk_push_head(walk) != 0) return Status::NotFound("HEAD has no commit yet");
  git_oid oid;
  while (static_cast<int>(out->size()) < limit && git_revwalk_next(&oid, walk) == 0) {
    git_commit* commit = nullptr;
    if (git_commit_lookup(&commit, impl_->repo, &oid) != 0) return Status::IOError("cannot read a commit: " + LastError());
    std::unique_ptr<git_commit, void (*)(git_commit*)> commit_owner(commit, git_commit_free);
    FileVersion v;
    v.commit = Hex(&oid);
    const git_signature* author = git_commit_author(commit);
    if (author) v.author = std::string(author->name ? author->name : "") + " <" + (author->email ? author->email : "") + ">";
    const char* summary = git_commit_summary(commit);
    v.summary = summary ? summary : "";
    v.time = static_cast<long long>(git_commit_time(commit));
    git_tree* tree = nullptr;
    if (git_commit_tree(&tree, commit) != 0) return Status::IOError("cannot read a commit's tree: " + LastError());
    std::unique_ptr<git_tree, void (*)(git_tree*)> tree_owner(tree, git_tree_free);
    git_tree_entry* entry = nullptr;
    if (git_tree_entry_bypath(&entry, tree, path.c_str()) == 0) {
      if (git_tree_entry_type(entry) == GIT_OBJECT_BLOB) v.blob = Hex(git_tree_entry_id(entry));
      git_tree_entry_free(entry);
    }
    out->push_back(std::move(v));
  }
  return Status::OK();
}

Status GitRepo::WorkingBlob(const std::string& path, std::string* blob) const {
  git_oid oid;
  // git_repository_hashfile applies the repository's filters (line endings), as `git add` would.
  if (git_repository_hashfile(&oid, impl_->repo, path.c_str(), GIT_OBJECT_BLOB, nullptr) != 0) {
    return Status::IOError(path + ": cannot be hashed as git would: " + LastError());
  }
  *blob = Hex(&oid);
  return Status::OK();
}

bool GitRepo::IsShallow() const { return git_repository_is_shallow(impl_->repo) == 1; }

std::string GitRepo::WorkDir() const {
  const char* dir = git_repository_workdir(impl_->repo);
  return dir ? dir : "";
}

}  // namespace mlgate
