#include "base/git_repo.h"

#include <git2.h>

#include "base/commit_text.h"
#include "base/text.h"

#include <unistd.h>

#include <algorithm>
#include <filesystem>
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

std::string Email(const git_signature* s) { return s && s->email ? s->email : ""; }

// A set of object ids, open addressing in one array: a walk inserts one per commit, and a
// node per insert (std::unordered_set) was a fifth of a long walk's time.
class OidSet {
 public:
  // False when `oid` was there already.
  bool insert(const git_oid& oid) {
    if ((size_ + 1) * 2 > slots_.size()) Grow();
    size_t i = Find(oid);
    if (used_[i]) return false;
    slots_[i] = oid;
    used_[i] = 1;
    ++size_;
    return true;
  }
  bool count(const git_oid& oid) const { return !slots_.empty() && used_[Find(oid)]; }

 private:
  size_t Find(const git_oid& oid) const {
    size_t h;
    std::memcpy(&h, oid.id, sizeof h);  // object ids are uniform already
    size_t mask = slots_.size() - 1;
    for (size_t i = h & mask;; i = (i + 1) & mask) {
      if (!used_[i] || std::memcmp(slots_[i].id, oid.id, GIT_OID_RAWSZ) == 0) return i;
    }
  }
  void Grow() {
    std::vector<git_oid> old = std::move(slots_);
    std::vector<unsigned char> old_used = std::move(used_);
    slots_.assign(std::max<size_t>(1024, old.size() * 2), git_oid{});
    used_.assign(slots_.size(), 0);
    size_ = 0;
    for (size_t i = 0; i < old.size(); ++i) {
      if (old_used[i]) insert(old[i]);
    }
  }

  std::vector<git_oid> slots_;
  std::vector<unsigned char> used_;
  size_t size_ = 0;
};

// Calls visit(oid, raw header, message, parents) for every commit reachable from `tips`
// and not in *seen (which it extends): a depth-first walk over the object database that
// reads each commit once and parses only its parent lines.
Status Reach(git_odb* odb, std::vector<git_oid> tips, OidSet* seen,
             const std::function<Status(const git_oid&, std::string_view, std::string_view, int)>& visit) {
  while (!tips.empty()) {
    git_oid oid = tips.back();
    tips.pop_back();
    if (!seen->insert(oid)) continue;
    git_odb_object* raw = nullptr;
    if (git_odb_read(&raw, odb, &oid) != 0) return Status::IOError("cannot read commit " + Hex(&oid) + ": " + LastError());
    std::unique_ptr<git_odb_object, void (*)(git_odb_object*)> owner(raw, git_odb_object_free);
    if (git_odb_object_type(raw) != GIT_OBJECT_COMMIT) return Status::Corruption(Hex(&oid) + " is not a commit");
    std::string_view bytes(static_cast<const char*>(git_odb_object_data(raw)), git_odb_object_size(raw));
    CommitText text;
    Status s = SplitCommit(bytes, &text);
    if (!s.ok()) return s.WithContext("commit " + Hex(&oid));
    for (const auto& id : text.parents) {
      git_oid parent;
      if (git_oid_fromstrn(&parent, id.data(), GIT_OID_HEXSZ) != 0) return Status::Corruption("commit " + Hex(&oid) + ": a malformed parent line");
      if (!seen->count(parent)) tips.push_back(parent);
    }
    s = visit(oid, text.header, text.message, static_cast<int>(text.parents.size()));
    if (!s.ok()) return s;
  }
  return Status::OK();
}

Status Oids(const std::vector<std::string>& ids, std::vector<git_oid>* out) {
  for (const auto& id : ids) {
    git_oid oid;
    if (id.size() != GIT_OID_HEXSZ || git_oid_fromstr(&oid, id.c_str()) != 0) {
      return Status::InvalidArgument("\"" + id + "\" is not a full commit id");
    }
    out->push_back(oid);
  }
  return Status::OK();
}

}  // namespace

Status GitRepo::WalkHistory(const std::vector<std::string>& marks,
                            const std::function<Status(const RawCommit&)>& visit) const {
  git_oid head;
  int rc = git_reference_name_to_id(&head, impl_->repo, "HEAD");
  if (rc == GIT_ENOTFOUND || rc == GIT_EUNBORNBRANCH) return Status::NotFound("HEAD has no commit yet");
  if (rc != 0) return Status::IOError("cannot resolve HEAD: " + LastError());
  git_odb* odb = nullptr;
  if (git_repository_odb(&odb, impl_->repo) != 0) return Status::IOError("cannot open the object database: " + LastError());
  std::unique_ptr<git_odb, void (*)(git_odb*)> odb_owner(odb, git_odb_free);
  // The marked part first (when there are marks): then the walk from HEAD knows it.
  OidSet marked;
  std::vector<git_oid> tips;
  Status s = Oids(marks, &tips);
  if (!s.ok()) return s;
  s = Reach(odb, tips, &marked, [](const git_oid&, std::string_view, std::string_view, int) { return Status::OK(); });
  if (!s.ok()) return s;
  OidSet seen;
  // Each commit is read once: keeping them in libgit2's object cache would only cost time
  // and memory (a third of a 100 000-commit walk). The option is process-wide; mlgate reads
  // git from one thread.
  git_libgit2_opts(GIT_OPT_ENABLE_CACHING, 0);
  struct CachingBack {
    ~CachingBack() { git_libgit2_opts(GIT_OPT_ENABLE_CACHING, 1); }
  } caching_back;
  return Reach(odb, {head}, &seen, [&](const git_oid& oid, std::string_view header, std::string_view message, int parents) {
    RawCommit c;
    c.id = Hex(&oid);
    c.header = header;
    c.message = message;
    c.parents = parents;
    c.marked = marked.count(oid) > 0;
    return visit(c);
  });
}

Status GitRepo::ReadCommit(const std::string& id, Commit* out) const {
  *out = Commit();
  std::vector<git_oid> oids;
  Status s = Oids({id}, &oids);
  if (!s.ok()) return s;
  const git_oid* oid = &oids[0];
  git_commit* commit = nullptr;
  if (git_commit_lookup(&commit, impl_->repo, oid) != 0) return Status::IOError("cannot read commit " + id + ": " + LastError());
  std::unique_ptr<git_commit, void (*)(git_commit*)> commit_owner(commit, git_commit_free);
  out->id = id;
  const git_signature* author = git_commit_author(commit);
  out->author_name = author && author->name ? author->name : "";
  out->author_email = Email(author);
  out->time = static_cast<long long>(git_commit_time(commit));
  const char* message = git_commit_message(commit);
  out->message = message ? message : "";
  out->trailers = MessageTrailers(out->message);
  const char* header = git_commit_raw_header(commit);
  out->signature_headers = header ? SignatureHeaders(header) : 0;
  git_buf signature = GIT_BUF_INIT, signed_data = GIT_BUF_INIT;
  if (git_commit_extract_signature(&signature, &signed_data, impl_->repo, const_cast<git_oid*>(oid), nullptr) == 0) {
    out->signature.assign(signature.ptr, signature.size);
    out->signed_data.assign(signed_data.ptr, signed_data.size);
  }
  git_buf_dispose(&signature);
  git_buf_dispose(&signed_data);
  return Status::OK();
}

Status GitRepo::ChangedPaths(const std::string& id, std::vector<std::string>* paths) const {
  paths->clear();
  std::vector<git_oid> oids;
  Status s = Oids({id}, &oids);
  if (!s.ok()) return s;
  git_commit* commit = nullptr;
  if (git_commit_lookup(&commit, impl_->repo, &oids[0]) != 0) return Status::IOError("cannot read commit " + id + ": " + LastError());
  std::unique_ptr<git_commit, void (*)(git_commit*)> commit_owner(commit, git_commit_free);
  git_tree *tree = nullptr, *parent_tree = nullptr;
  if (git_commit_tree(&tree, commit) != 0) return Status::IOError("cannot read a commit's tree: " + LastError());
  std::unique_ptr<git_tree, void (*)(git_tree*)> tree_owner(tree, git_tree_free);
  if (git_commit_parentcount(commit) > 0) {
    git_commit* parent = nullptr;
    if (git_commit_parent(&parent, commit, 0) != 0) return Status::IOError("cannot read a parent commit: " + LastError());
    int rc = git_commit_tree(&parent_tree, parent);
    git_commit_free(parent);
    if (rc != 0) return Status::IOError("cannot read a commit's tree: " + LastError());
  }
  std::unique_ptr<git_tree, void (*)(git_tree*)> parent_owner(parent_tree, git_tree_free);
  git_diff* diff = nullptr;
  if (git_diff_tree_to_tree(&diff, impl_->repo, parent_tree, tree, nullptr) != 0) {
    return Status::IOError("cannot diff commit " + id + ": " + LastError());
  }
  std::unique_ptr<git_diff, void (*)(git_diff*)> diff_owner(diff, git_diff_free);
  for (size_t i = 0; i < git_diff_num_deltas(diff); ++i) {
    const git_diff_delta* d = git_diff_get_delta(diff, i);
    if (d->old_file.path) paths->push_back(d->old_file.path);
    if (d->new_file.path && (!d->old_file.path || std::strcmp(d->new_file.path, d->old_file.path) != 0)) {
      paths->push_back(d->new_file.path);
    }
  }
  return Status::OK();
}

Status GitRepo::ReadFileAt(const std::string& id, const std::string& path, size_t max_bytes, std::string* text) const {
  std::vector<git_oid> oids;
  Status s = Oids({id}, &oids);
  if (!s.ok()) return s;
  git_commit* commit = nullptr;
  if (git_commit_lookup(&commit, impl_->repo, &oids[0]) != 0) return Status::NotFound("no commit " + id);
  std::unique_ptr<git_commit, void (*)(git_commit*)> commit_owner(commit, git_commit_free);
  git_tree* tree = nullptr;
  if (git_commit_tree(&tree, commit) != 0) return Status::IOError("cannot read a commit's tree: " + LastError());
  std::unique_ptr<git_tree, void (*)(git_tree*)> tree_owner(tree, git_tree_free);
  git_tree_entry* entry = nullptr;
  if (git_tree_entry_bypath(&entry, tree, path.c_str()) != 0) return Status::NotFound(path + ": not in commit " + id);
  std::unique_ptr<git_tree_entry, void (*)(git_tree_entry*)> entry_owner(entry, git_tree_entry_free);
  if (git_tree_entry_type(entry) != GIT_OBJECT_BLOB || git_tree_entry_filemode(entry) == GIT_FILEMODE_LINK) {
    return Status::InvalidArgument(path + ": not a regular file in commit " + id.substr(0, 12));
  }
  git_blob* blob = nullptr;
  if (git_blob_lookup(&blob, impl_->repo, git_tree_entry_id(entry)) != 0) {
    return Status::IOError(path + ": cannot read it from commit " + id.substr(0, 12) + ": " + LastError());
  }
  std::unique_ptr<git_blob, void (*)(git_blob*)> blob_owner(blob, git_blob_free);
  size_t size = static_cast<size_t>(git_blob_rawsize(blob));
  if (size > max_bytes) {
    return Status::Limit(path + ": " + std::to_string(size) + " bytes in commit " + id.substr(0, 12) + " is over the " +
                         std::to_string(max_bytes) + "-byte limit");
  }
  text->assign(static_cast<const char*>(git_blob_rawcontent(blob)), size);
  return Status::OK();
}

Status GitRepo::ResolveExact(const std::string& ref, std::string* id) const {
  bool hex = ref.size() == GIT_OID_HEXSZ && ref.find_first_not_of("0123456789abcdef") == std::string::npos;
  if (hex) {
    git_oid oid;
    git_commit* commit = nullptr;
    if (git_oid_fromstr(&oid, ref.c_str()) != 0 || git_commit_lookup(&commit, impl_->repo, &oid) != 0) {
      return Status::NotFound("--base " + ref + ": no such commit in this repository (fetch it, e.g. git fetch origin " +
                              ref + ")");
    }
    git_commit_free(commit);
    *id = ref;
    return Status::OK();
  }
  // Only what a branch or tag name can hold; anything else is refused before libgit2 sees it.
  bool plain = !ref.empty() && ref.size() <= 200 && ref[0] != '-' && ref[0] != '/' && ref.find("..") == std::string::npos &&
               ref.find("@{") == std::string::npos && ref.back() != '/' && ref.find("//") == std::string::npos;
  for (char c : ref) {
    plain = plain && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '/' ||
                      c == '-' || c == '_' || c == '.');
  }
  if (!plain) {
    return Status::InvalidArgument("--base " + ref + ": expected a full commit id or a branch or tag name "
                                   "(revision expressions such as ~, ^, :/ or @{} are not accepted)");
  }
  std::vector<std::string> names = ref.rfind("refs/", 0) == 0
                                       ? std::vector<std::string>{ref}
                                       : std::vector<std::string>{"refs/heads/" + ref, "refs/remotes/origin/" + ref,
                                                                  "refs/tags/" + ref};
  for (const auto& name : names) {
    git_reference* r = nullptr;
    if (git_reference_lookup(&r, impl_->repo, name.c_str()) != 0) continue;
    git_object* target = nullptr;
    int rc = git_reference_peel(&target, r, GIT_OBJECT_COMMIT);
    git_reference_free(r);
    if (rc != 0) continue;
    *id = Hex(git_object_id(target));
    git_object_free(target);
    return Status::OK();
  }
  return Status::NotFound("--base " + ref + ": no such branch or tag (looked for " + Join(names, ", ") +
                          "); fetch the base branch, e.g. git fetch origin " + ref);
}

Status GitRepo::MergeBase(const std::string& a, const std::string& b, std::string* base) const {
  std::vector<git_oid> oids;
  Status s = Oids({a, b}, &oids);
  if (!s.ok()) return s;
  git_oid out;
  int rc = git_merge_base(&out, impl_->repo, &oids[0], &oids[1]);
  if (rc == GIT_ENOTFOUND) return Status::NotFound("commits " + a.substr(0, 12) + " and " + b.substr(0, 12) + " share no history");
  if (rc != 0) return Status::IOError("cannot find the merge base: " + LastError());
  *base = Hex(&out);
  return Status::OK();
}

namespace {

Status CommitTree(git_repository* repo, const git_oid& oid, git_tree** tree) {
  git_commit* commit = nullptr;
  if (git_commit_lookup(&commit, repo, &oid) != 0) return Status::NotFound("no commit " + Hex(&oid));
  int rc = git_commit_tree(tree, commit);
  git_commit_free(commit);
  return rc == 0 ? Status::OK() : Status::IOError("cannot read a commit's tree: " + LastError());
}

}  // namespace

Status GitRepo::AddedLines(const std::string& from, const std::string& to, ChangedLines* out) const {
  out->clear();
  std::vector<git_oid> oids;
  Status s = Oids({from, to}, &oids);
  if (!s.ok()) return s;
  git_tree *old_tree = nullptr, *new_tree = nullptr;
  s = CommitTree(impl_->repo, oids[0], &old_tree);
  std::unique_ptr<git_tree, void (*)(git_tree*)> old_owner(old_tree, git_tree_free);
  if (s.ok()) s = CommitTree(impl_->repo, oids[1], &new_tree);
  std::unique_ptr<git_tree, void (*)(git_tree*)> new_owner(new_tree, git_tree_free);
  if (!s.ok()) return s;
  // Initialised by libgit2's functions: its INIT macros leave fields to the compiler.
  git_diff_options options;
  git_diff_options_init(&options, GIT_DIFF_OPTIONS_VERSION);
  options.context_lines = 0;
  git_diff* diff = nullptr;
  if (git_diff_tree_to_tree(&diff, impl_->repo, old_tree, new_tree, &options) != 0) {
    return Status::IOError("cannot diff " + from.substr(0, 12) + ".." + to.substr(0, 12) + ": " + LastError());
  }
  std::unique_ptr<git_diff, void (*)(git_diff*)> diff_owner(diff, git_diff_free);
  git_diff_find_options find;
  git_diff_find_options_init(&find, GIT_DIFF_FIND_OPTIONS_VERSION);
  find.flags = GIT_DIFF_FIND_RENAMES;
  if (git_diff_find_similar(diff, &find) != 0) return Status::IOError("cannot detect renames: " + LastError());
  auto on_line = [](const git_diff_delta* delta, const git_diff_hunk*, const git_diff_line* line, void* payload) {
    if (line->origin == GIT_DIFF_LINE_ADDITION && line->new_lineno > 0 && delta->new_file.path) {
      (*static_cast<ChangedLines*>(payload))[delta->new_file.path].push_back(line->new_lineno);
    }
    return 0;
  };
  if (git_diff_foreach(diff, nullptr, nullptr, nullptr, on_line, out) != 0) {
    return Status::IOError("cannot read the diff: " + LastError());
  }
  for (auto& [path, lines] : *out) std::sort(lines.begin(), lines.end());
  return Status::OK();
}

Status GitRepo::CreateTag(const std::string& name, const std::string& message) const {
  git_oid head;
  if (git_reference_name_to_id(&head, impl_->repo, "HEAD") != 0) return Status::NotFound("HEAD has no commit yet");
  git_object* target = nullptr;
  if (git_object_lookup(&target, impl_->repo, &head, GIT_OBJECT_COMMIT) != 0) {
    return Status::IOError("cannot read HEAD: " + LastError());
  }
  std::unique_ptr<git_object, void (*)(git_object*)> target_owner(target, git_object_free);
  git_signature* tagger = nullptr;
  if (git_signature_default(&tagger, impl_->repo) != 0 && git_signature_now(&tagger, "mlgate", "mlgate@localhost") != 0) {
    return Status::IOError("cannot make a tagger signature: " + LastError());
  }
  std::unique_ptr<git_signature, void (*)(git_signature*)> tagger_owner(tagger, git_signature_free);
  git_oid tag;
  int rc = git_tag_create(&tag, impl_->repo, name.c_str(), target, tagger, message.c_str(), 0);
  if (rc == GIT_EEXISTS) return Status::InvalidArgument("tag " + name + " exists already");
  if (rc != 0) return Status::IOError("cannot create tag " + name + ": " + LastError());
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

Status GitRepo::RelativeDir(const std::string& dir, std::string* relative) const {
  std::error_code ec, ec2;
  std::filesystem::path real = std::filesystem::canonical(dir, ec);
  std::filesystem::path top = std::filesystem::canonical(WorkDir(), ec2);
  std::string r = real.lexically_relative(top).generic_string();
  if (ec || ec2 || r.empty() || r.rfind("..", 0) == 0) {
    return Status::InvalidArgument(dir + ": is not inside the repository " + WorkDir());
  }
  *relative = r == "." ? "" : r;
  return Status::OK();
}

std::string GitRepo::WorkDir() const {
  const char* dir = git_repository_workdir(impl_->repo);
  return dir ? dir : "";
}

}  // namespace mlgate
