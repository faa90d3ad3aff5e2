#include "gate/git_repo.h"

#include <git2.h>

#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <memory>
#include <string_view>

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

std::string GitRepo::GitDir() const {
  const char* dir = git_repository_path(impl_->repo);
  return dir ? dir : "";
}

Status GitRepo::CheckHistoryTrust() const {
  if (IsShallow()) {
    return Status::InvalidArgument("cannot verify: the repository is a shallow clone, so the history is incomplete; "
                                   "fetch it whole (actions/checkout with fetch-depth: 0, GIT_DEPTH: 0 on GitLab)");
  }
  std::string grafts = GitDir() + "info/grafts";
  if (::access(grafts.c_str(), F_OK) == 0) {
    return Status::InvalidArgument("cannot verify: " + grafts +
                                   " rewrites the history locally; run on a fresh checkout without it");
  }
  git_reference_iterator* it = nullptr;
  if (git_reference_iterator_glob_new(&it, impl_->repo, "refs/replace/*") == 0) {
    git_reference* ref = nullptr;
    bool any = git_reference_next(&ref, it) == 0;
    std::string name = any ? git_reference_name(ref) : "";
    if (any) git_reference_free(ref);
    git_reference_iterator_free(it);
    if (any) {
      return Status::InvalidArgument("cannot verify: " + name +
                                     " replaces a commit locally; run on a fresh checkout without refs/replace/");
    }
  }
  return Status::OK();
}

namespace {

// A revwalk from HEAD, newest first, hiding `hide`.
Status NewWalk(git_repository* repo, const std::vector<std::string>& hide, git_revwalk** out) {
  if (git_revwalk_new(out, repo) != 0) return Status::IOError("cannot walk the history: " + LastError());
  git_revwalk_sorting(*out, GIT_SORT_TIME);
  if (git_revwalk_push_head(*out) != 0) {
    git_revwalk_free(*out);
    return Status::NotFound("HEAD has no commit yet");
  }
  for (const auto& h : hide) {
    git_oid oid;
    if (h.size() != GIT_OID_HEXSZ || git_oid_fromstr(&oid, h.c_str()) != 0 || git_revwalk_hide(*out, &oid) != 0) {
      git_revwalk_free(*out);
      return Status::InvalidArgument("cannot hide commit " + h + ": " + LastError());
    }
  }
  return Status::OK();
}

std::string Email(const git_signature* s) { return s && s->email ? s->email : ""; }

}  // namespace

Status GitRepo::FindCommits(const std::string& needle, const std::vector<std::string>& hide,
                            const std::function<Status(const Commit&)>& visit) const {
  git_revwalk* walk = nullptr;
  Status s = NewWalk(impl_->repo, hide, &walk);
  if (!s.ok()) return s;
  std::unique_ptr<git_revwalk, void (*)(git_revwalk*)> walk_owner(walk, git_revwalk_free);
  git_odb* odb = nullptr;
  if (git_repository_odb(&odb, impl_->repo) != 0) return Status::IOError("cannot open the object database: " + LastError());
  std::unique_ptr<git_odb, void (*)(git_odb*)> odb_owner(odb, git_odb_free);
  git_oid oid;
  int rc;
  while ((rc = git_revwalk_next(&oid, walk)) == 0) {
    // The raw object first: most commits are not approvals, and a byte search is cheaper
    // than parsing each one.
    git_odb_object* raw = nullptr;
    if (git_odb_read(&raw, odb, &oid) != 0) return Status::IOError("cannot read commit " + Hex(&oid) + ": " + LastError());
    std::string_view bytes(static_cast<const char*>(git_odb_object_data(raw)), git_odb_object_size(raw));
    bool hit = bytes.find(needle) != std::string_view::npos;
    git_odb_object_free(raw);
    if (!hit) continue;
    git_commit* commit = nullptr;
    if (git_commit_lookup(&commit, impl_->repo, &oid) != 0) return Status::IOError("cannot read a commit: " + LastError());
    std::unique_ptr<git_commit, void (*)(git_commit*)> commit_owner(commit, git_commit_free);
    const char* message = git_commit_message(commit);
    if (!message || !std::strstr(message, needle.c_str())) continue;  // in a header, not the message
    Commit c;
    c.id = Hex(&oid);
    const git_signature* author = git_commit_author(commit);
    c.author_name = author && author->name ? author->name : "";
    c.author_email = Email(author);
    c.time = static_cast<long long>(git_commit_time(commit));
    c.message = message;
    git_message_trailer_array trailers{};
    if (git_message_trailers(&trailers, message) == 0) {
      for (size_t i = 0; i < trailers.count; ++i) c.trailers.emplace_back(trailers.trailers[i].key, trailers.trailers[i].value);
      git_message_trailer_array_free(&trailers);
    }
    const char* header = git_commit_raw_header(commit);
    for (const char* p = header; p && *p;) {
      if (std::strncmp(p, "gpgsig ", 7) == 0 || std::strncmp(p, "gpgsig-sha256 ", 14) == 0) ++c.signature_headers;
      const char* nl = std::strchr(p, '\n');
      if (!nl) break;
      p = nl + 1;
    }
    git_buf signature = GIT_BUF_INIT, signed_data = GIT_BUF_INIT;
    if (git_commit_extract_signature(&signature, &signed_data, impl_->repo, &oid, nullptr) == 0) {
      c.signature.assign(signature.ptr, signature.size);
      c.signed_data.assign(signed_data.ptr, signed_data.size);
    }
    git_buf_dispose(&signature);
    git_buf_dispose(&signed_data);
    s = visit(c);
    if (!s.ok()) return s;
  }
  if (rc != GIT_ITEROVER) return Status::IOError("the history walk stopped: " + LastError());
  return Status::OK();
}

Status GitRepo::ChangesBy(const std::vector<std::string>& authors, const std::function<bool(const std::string&)>& matches,
                          const std::vector<std::string>& hide, std::vector<Change>* out) const {
  out->clear();
  if (authors.empty()) return Status::OK();
  git_revwalk* walk = nullptr;
  Status s = NewWalk(impl_->repo, hide, &walk);
  if (!s.ok()) return s;
  std::unique_ptr<git_revwalk, void (*)(git_revwalk*)> walk_owner(walk, git_revwalk_free);
  git_oid oid;
  int rc;
  while ((rc = git_revwalk_next(&oid, walk)) == 0) {
    git_commit* commit = nullptr;
    if (git_commit_lookup(&commit, impl_->repo, &oid) != 0) return Status::IOError("cannot read a commit: " + LastError());
    std::unique_ptr<git_commit, void (*)(git_commit*)> commit_owner(commit, git_commit_free);
    std::string email = Email(git_commit_author(commit));
    if (std::find(authors.begin(), authors.end(), email) == authors.end()) continue;
    // Only commits by the authors asked about are diffed: the others cost one lookup.
    if (git_commit_parentcount(commit) > 1) continue;  // a merge's changes are its parents' commits
    git_tree *tree = nullptr, *parent_tree = nullptr;
    if (git_commit_tree(&tree, commit) != 0) return Status::IOError("cannot read a commit's tree: " + LastError());
    std::unique_ptr<git_tree, void (*)(git_tree*)> tree_owner(tree, git_tree_free);
    if (git_commit_parentcount(commit) == 1) {
      git_commit* parent = nullptr;
      if (git_commit_parent(&parent, commit, 0) != 0) return Status::IOError("cannot read a parent commit: " + LastError());
      int trc = git_commit_tree(&parent_tree, parent);
      git_commit_free(parent);
      if (trc != 0) return Status::IOError("cannot read a commit's tree: " + LastError());
    }
    std::unique_ptr<git_tree, void (*)(git_tree*)> parent_owner(parent_tree, git_tree_free);
    git_diff* diff = nullptr;
    if (git_diff_tree_to_tree(&diff, impl_->repo, parent_tree, tree, nullptr) != 0) {
      return Status::IOError("cannot diff commit " + Hex(&oid) + ": " + LastError());
    }
    std::unique_ptr<git_diff, void (*)(git_diff*)> diff_owner(diff, git_diff_free);
    for (size_t i = 0; i < git_diff_num_deltas(diff); ++i) {
      const git_diff_delta* d = git_diff_get_delta(diff, i);
      std::string path = d->new_file.path ? d->new_file.path : d->old_file.path ? d->old_file.path : "";
      std::string old_path = d->old_file.path ? d->old_file.path : path;
      if (matches(path) || matches(old_path)) {
        out->push_back({Hex(&oid), email, matches(path) ? path : old_path});
        break;
      }
    }
  }
  if (rc != GIT_ITEROVER) return Status::IOError("the history walk stopped: " + LastError());
  return Status::OK();
}

Status GitRepo::TagTargets(const std::string& prefix, std::vector<std::string>* out) const {
  out->clear();
  git_reference_iterator* it = nullptr;
  std::string glob = "refs/tags/" + prefix + "*";
  if (git_reference_iterator_glob_new(&it, impl_->repo, glob.c_str()) != 0) {
    return Status::IOError("cannot list tags: " + LastError());
  }
  std::unique_ptr<git_reference_iterator, void (*)(git_reference_iterator*)> owner(it, git_reference_iterator_free);
  git_reference* ref = nullptr;
  while (git_reference_next(&ref, it) == 0) {
    git_object* target = nullptr;
    if (git_reference_peel(&target, ref, GIT_OBJECT_COMMIT) == 0) {
      out->push_back(Hex(git_object_id(target)));
      git_object_free(target);
    }
    git_reference_free(ref);
  }
  return Status::OK();
}

std::string GitRepo::WorkDir() const {
  const char* dir = git_repository_workdir(impl_->repo);
  return dir ? dir : "";
}

}  // namespace mlgate
