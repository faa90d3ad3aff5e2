#include "gate/policy_source.h"

#include <sys/stat.h>

#include <fstream>
#include <sstream>

#include "base/git_repo.h"
#include "base/hash.h"

namespace mlgate {

namespace {

constexpr size_t kMaxPolicyBytes = 1 << 20;

bool IsSafeRelative(const std::string& path) {
  if (path.empty() || path[0] == '/' || path.find('\0') != std::string::npos) return false;
  size_t start = 0;
  while (start <= path.size()) {
    size_t end = path.find('/', start);
    if (end == std::string::npos) end = path.size();
    std::string part = path.substr(start, end - start);
    if (part == ".." || part.empty()) return false;
    start = end + 1;
  }
  return true;
}

class WorkingTreeSource : public PolicySource {
 public:
  explicit WorkingTreeSource(std::string root) : PolicySource(false), root_(std::move(root)) {}
  std::string Describe() const override { return "the working tree"; }

 protected:
  Status ReadRaw(const std::string& path, std::string* text) const override {
    std::string full = root_ + "/" + path;
    struct stat st {};
    if (::stat(full.c_str(), &st) != 0) return Status::NotFound(path + ": not found");
    if (!S_ISREG(st.st_mode)) return Status::InvalidArgument(path + ": not a regular file");
    if (static_cast<unsigned long long>(st.st_size) > kMaxPolicyBytes) {
      return Status::Limit(path + ": " + std::to_string(st.st_size) + " bytes is over the 1 MiB limit for policy files");
    }
    std::ifstream in(full, std::ios::binary);
    if (!in) return Status::IOError(path + ": cannot be read (check its permissions)");
    std::ostringstream buffer;
    buffer << in.rdbuf();
    *text = buffer.str();
    return Status::OK();
  }

 private:
  std::string root_;
};

class BaseCommitSource : public PolicySource {
 public:
  BaseCommitSource(const GitRepo* repo, std::string base, std::string relative)
      : PolicySource(true), repo_(repo), base_(std::move(base)), relative_(std::move(relative)) {}
  std::string Describe() const override { return "base commit " + base_.substr(0, 12); }

 protected:
  Status ReadRaw(const std::string& path, std::string* text) const override {
    std::string in_repo = relative_.empty() ? path : relative_ + "/" + path;
    Status s = repo_->ReadFileAt(base_, in_repo, kMaxPolicyBytes, text);
    if (!s.ok() && s.code() == Status::Code::kNotFound) {
      return Status::NotFound(path + ": not in base commit " + base_.substr(0, 12));
    }
    return s;
  }

 private:
  const GitRepo* repo_;
  std::string base_, relative_;
};

}  // namespace

std::unique_ptr<PolicySource> PolicySource::WorkingTree(std::string root) {
  return std::make_unique<WorkingTreeSource>(std::move(root));
}

std::unique_ptr<PolicySource> PolicySource::BaseCommit(const GitRepo* repo, std::string base, std::string relative) {
  return std::make_unique<BaseCommitSource>(repo, std::move(base), std::move(relative));
}

Status PolicySource::Read(const std::string& path, std::string* text) const {
  if (!IsSafeRelative(path)) {
    return Status::InvalidArgument("\"" + path + "\": a policy file is named relative to mlgate.yaml, without ..");
  }
  Status s = ReadRaw(path, text);
  std::lock_guard<std::mutex> lock(mutex_);
  if (s.ok() || s.code() == Status::Code::kNotFound) files_read_.push_back({path, s.ok() ? Sha256Hex(*text) : ""});
  return s;
}

std::vector<PolicySource::FileRead> PolicySource::files_read() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return files_read_;
}

std::vector<std::string> PendingPolicyChanges(const PolicySource& base, const std::string& root) {
  std::vector<std::string> changes;
  auto tree = PolicySource::WorkingTree(root);
  std::vector<std::string> seen;
  for (const auto& f : base.files_read()) {
    if (std::find(seen.begin(), seen.end(), f.path) != seen.end()) continue;
    seen.push_back(f.path);
    std::string text;
    Status s = tree->Read(f.path, &text);
    std::string now = s.ok() ? Sha256Hex(text) : "";
    if (now == f.sha256) continue;
    changes.push_back(f.path + (f.sha256.empty() ? " (added)" : now.empty() ? " (deleted)" : " (edited)"));
  }
  return changes;
}

}  // namespace mlgate
