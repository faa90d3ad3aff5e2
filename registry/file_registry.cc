#include "registry/file_registry.h"

#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <thread>

#include "base/hash.h"
#include "gate/artifact.h"

namespace mlgate {

namespace fs = std::filesystem;

namespace {

constexpr size_t kCopyBlock = 1 << 20;
constexpr size_t kVersionDigits = 16;
constexpr const char* kSha256File = "artifact.sha256";

Status Errno(const std::string& what) { return Status::IOError(what + ": " + std::strerror(errno)); }

// Writes all of `bytes` to fd.
bool WriteAll(int fd, const char* bytes, size_t size) {
  while (size > 0) {
    ssize_t n = ::write(fd, bytes, size);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    bytes += n;
    size -= static_cast<size_t>(n);
  }
  return true;
}

Status SyncPath(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return Errno(path);
  int rc = ::fsync(fd);
  ::close(fd);
  return rc == 0 ? Status::OK() : Errno("fsync " + path);
}

// A new file holding `text`, synced.
Status WriteNewFile(const std::string& path, const std::string& text) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0644);
  if (fd < 0) return Errno(path);
  bool ok = WriteAll(fd, text.data(), text.size()) && ::fsync(fd) == 0;
  ::close(fd);
  return ok ? Status::OK() : Errno(path);
}

Status ReadSmall(const std::string& path, size_t limit, std::string* text) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
  if (fd < 0) return errno == ENOENT ? Status::NotFound(path + ": not found") : Errno(path);
  text->clear();
  char buffer[4096];
  for (;;) {
    ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      ::close(fd);
      return Errno(path);
    }
    if (n == 0) break;
    text->append(buffer, static_cast<size_t>(n));
    if (text->size() > limit) {
      ::close(fd);
      return Status::Limit(path + ": larger than " + std::to_string(limit) + " bytes");
    }
  }
  ::close(fd);
  return Status::OK();
}

std::string Unique() {
  static std::atomic<unsigned> counter{0};
  return std::to_string(::getpid()) + "-" + std::to_string(counter++);
}

}  // namespace

bool IsSafeName(const std::string& name) {
  if (name.empty() || name.size() > 128 || name == "." || name == "..") return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
           c == '-';
  });
}

Status FileRegistry::Open(const std::string& root, const std::string& model, std::unique_ptr<FileRegistry>* out) {
  if (!IsSafeName(model)) {
    return Status::InvalidArgument("model name \"" + model +
                                   "\" cannot name a registry directory (use letters, "
                                   "digits, . _ -)");
  }
  std::error_code ec;
  fs::create_directories(fs::path(root) / model, ec);
  if (ec) return Status::IOError(root + "/" + model + ": cannot create the registry directory: " + ec.message());
  struct stat st {};
  std::string dir = root + "/" + model;
  if (::lstat(dir.c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) {
    return Status::InvalidArgument(dir + ": not a directory (a symbolic link is not followed out of a registry)");
  }
  out->reset(new FileRegistry());
  (*out)->dir_ = dir;
  return Status::OK();
}

FileRegistry::Lock::~Lock() { ::unlink(path_.c_str()); }

Status FileRegistry::Acquire(std::unique_ptr<Lock>* lock, int wait_ms, const std::function<void(long pid)>& waiting) {
  std::string path = dir_ + "/.lock";
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(wait_ms);
  long waited_for = 0;
  for (;;) {
    int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0644);
    if (fd >= 0) {
      std::string pid = std::to_string(::getpid()) + "\n";
      bool ok = WriteAll(fd, pid.data(), pid.size()) && ::fsync(fd) == 0;
      ::close(fd);
      if (!ok) {
        ::unlink(path.c_str());
        return Errno(path);
      }
      lock->reset(new Lock(path));
      return Status::OK();
    }
    if (errno != EEXIST) return Errno(path);
    // Held: by a live process (wait for it), or left by one that died (take it over).
    std::string text;
    Status s = ReadSmall(path, 64, &text);
    if (!s.ok() && s.code() != Status::Code::kNotFound) return s;
    long holder = std::atol(text.c_str());
    bool alive = holder > 0 && (::kill(static_cast<pid_t>(holder), 0) == 0 || errno == EPERM);
    // A lock with no pid is one being written this instant, or one whose writer died
    // between creating and writing it: a few seconds tell the two apart.
    struct stat st {};
    bool unwritten_and_old = holder <= 0 && ::lstat(path.c_str(), &st) == 0 && ::time(nullptr) - st.st_mtime > 5;
    if ((!alive && holder > 0) || unwritten_and_old) {
      ::unlink(path.c_str());
      continue;
    }
    // No pid yet (the holder is between creating and writing it), or a live one.
    if (std::chrono::steady_clock::now() >= deadline) {
      return Status::IOError("another promotion (pid " + std::to_string(holder) + ") holds " + path +
                             "; wait for it to finish");
    }
    if (holder > 0 && holder != waited_for && waiting) waiting(holder);
    waited_for = holder;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
}

Status FileRegistry::CleanLeftovers() {
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir_, ec)) {
    std::string name = entry.path().filename().string();
    if (name.rfind(".tmp-", 0) != 0) continue;
    fs::remove_all(entry.path(), ec);
    if (ec) return Status::IOError(entry.path().string() + ": cannot remove a leftover: " + ec.message());
  }
  return ec ? Status::IOError(dir_ + ": cannot list: " + ec.message()) : Status::OK();
}

// Copies one regular file, hashing the bytes as they are read from the same descriptor
// they are written from: what lands is what was hashed. The copy is synced.
Status FileRegistry::CopyHashed(const std::string& from, const std::string& to, std::string* hex,
                                unsigned long long* size) const {
  int in = ::open(from.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
  if (in < 0) return Errno(from);
  struct stat st {};
  if (::fstat(in, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(in);
    return Status::InvalidArgument(from + ": not a regular file");
  }
  Step("create file");
  int out = ::open(to.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0644);
  if (out < 0) {
    ::close(in);
    return Errno(to);
  }
  Digest digest;
  std::string block(kCopyBlock, '\0');
  bool ok = true;
  *size = 0;
  for (;;) {
    ssize_t n = ::read(in, block.data(), block.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      ok = false;
      break;
    }
    if (n == 0) break;
    Step("copy block");
    digest.Update(std::string_view(block.data(), static_cast<size_t>(n)));
    *size += static_cast<unsigned long long>(n);
    if (!WriteAll(out, block.data(), static_cast<size_t>(n))) {
      ok = false;
      break;
    }
  }
  ::close(in);
  Step("fsync file");
  ok = ok && ::fsync(out) == 0;
  ::close(out);
  if (!ok) return Errno("copying " + from);
  *hex = digest.Hex();
  return Status::OK();
}

// A directory artifact, file by file into `to` (which does not exist yet); *hex is its
// directory digest (gate/artifact.h) over the bytes actually copied.
Status FileRegistry::CopyTreeHashed(const std::string& from, const std::string& to, std::string* hex) const {
  std::vector<std::string> relpaths;
  Status s = ListArtifactDirectory(from, &relpaths);
  if (!s.ok()) return s;
  std::vector<std::string> dirs = {to};
  Step("create artifact directory");
  if (::mkdir(to.c_str(), 0755) != 0) return Errno(to);
  std::vector<std::pair<std::string, std::string>> listing;
  for (const auto& rel : relpaths) {
    // Parent directories first, each made once (the listing is sorted, so a parent's
    // files come together).
    for (size_t slash = rel.find('/'); slash != std::string::npos; slash = rel.find('/', slash + 1)) {
      std::string dir = to + "/" + rel.substr(0, slash);
      if (std::find(dirs.begin(), dirs.end(), dir) != dirs.end()) continue;
      Step("create directory");
      if (::mkdir(dir.c_str(), 0755) != 0 && errno != EEXIST) return Errno(dir);
      dirs.push_back(dir);
    }
    std::string file_hex;
    unsigned long long size = 0;
    s = CopyHashed(from + "/" + rel, to + "/" + rel, &file_hex, &size);
    if (!s.ok()) return s;
    listing.emplace_back(file_hex, rel);
  }
  for (auto it = dirs.rbegin(); it != dirs.rend(); ++it) {
    Step("fsync directory");
    s = SyncPath(*it);
    if (!s.ok()) return s;
  }
  *hex = DirectoryDigest(listing);
  return Status::OK();
}

Status FileRegistry::Publish(const std::string& source, const std::string& expected_sha256,
                             const std::vector<std::pair<std::string, std::string>>& files, std::string* version,
                             bool* existed) {
  *existed = false;
  struct stat st {};
  if (::lstat(source.c_str(), &st) != 0) return Errno(source);
  if (!S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode)) {
    return Status::InvalidArgument(source + ": a model artifact is a regular file or a directory");
  }
  std::string tmp = dir_ + "/.tmp-" + Unique();
  Step("create temporary version");
  if (::mkdir(tmp.c_str(), 0755) != 0) return Errno(tmp);
  auto abandon = [&](Status s) {
    std::error_code ec;
    fs::remove_all(tmp, ec);
    return s;
  };
  std::string hex;
  unsigned long long size = 0;
  Status s = S_ISDIR(st.st_mode) ? CopyTreeHashed(source, tmp + "/artifact", &hex)
                                 : CopyHashed(source, tmp + "/artifact", &hex, &size);
  if (!s.ok()) return abandon(s);
  if (hex != expected_sha256) {
    return abandon(Status::Corruption(source + " changed since it was judged: its sha256 is now " + hex +
                                      ", the checks and approvals saw " + expected_sha256 + "; nothing was promoted"));
  }
  *version = hex.substr(0, kVersionDigits);
  std::string final_dir = dir_ + "/" + *version;
  if (::access(final_dir.c_str(), F_OK) == 0) {
    *existed = true;
    return abandon(Status::OK());
  }
  for (const auto& [name, text] : files) {
    if (!IsSafeName(name) || name == "artifact" || name == kSha256File) {
      return abandon(Status::InvalidArgument("\"" + name + "\" cannot name a file of a registry version"));
    }
    Step("write file");
    s = WriteNewFile(tmp + "/" + name, text);
    if (!s.ok()) return abandon(s);
  }
  Step("write sha256");
  s = WriteNewFile(tmp + "/" + kSha256File, hex + "\n");
  if (s.ok()) {
    Step("fsync version");
    s = SyncPath(tmp);
  }
  if (!s.ok()) return abandon(s);
  Step("rename version");
  if (::rename(tmp.c_str(), final_dir.c_str()) != 0) return abandon(Errno("rename to " + final_dir));
  Step("fsync registry");
  return SyncPath(dir_);
}

Status FileRegistry::SetCurrent(const std::string& version) {
  if (!IsSafeName(version)) return Status::InvalidArgument("\"" + version + "\" is not a version name");
  struct stat st {};
  std::string version_dir = dir_ + "/" + version;
  if (::lstat(version_dir.c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) {
    return Status::NotFound("version " + version + " is not in " + dir_);
  }
  return Replace("CURRENT", version + "\n");
}

// A new <dir>/<name> holding `text`: written to a temporary file, synced, renamed over the
// old one, and the directory synced, so a reader sees the old file or the new one whole.
Status FileRegistry::Replace(const std::string& name, const std::string& text) {
  std::string tmp = dir_ + "/.tmp-" + name + "-" + Unique();
  Step(("write " + name).c_str());
  Status s = WriteNewFile(tmp, text);
  if (!s.ok()) return s;
  Step(("rename " + name).c_str());
  if (::rename(tmp.c_str(), (dir_ + "/" + name).c_str()) != 0) {
    Status e = Errno("replacing " + dir_ + "/" + name);
    ::unlink(tmp.c_str());
    return e;
  }
  Step("fsync registry");
  return SyncPath(dir_);
}

Status FileRegistry::Current(std::string* version) const {
  version->clear();
  std::string text;
  Status s = ReadSmall(dir_ + "/CURRENT", 256, &text);
  if (s.code() == Status::Code::kNotFound) return Status::OK();
  if (!s.ok()) return s;
  if (text.empty() || text.back() != '\n' || !IsSafeName(text.substr(0, text.size() - 1))) {
    return Status::Corruption(dir_ + "/CURRENT: expected a version name and a line end, got \"" + text + "\"");
  }
  *version = text.substr(0, text.size() - 1);
  struct stat st {};
  if (::lstat((dir_ + "/" + *version).c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) {
    return Status::Corruption(dir_ + "/CURRENT names " + *version + ", which is not in the registry");
  }
  return Status::OK();
}

Status FileRegistry::Versions(std::vector<std::string>* versions) const {
  versions->clear();
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir_, ec)) {
    std::string name = entry.path().filename().string();
    if (name[0] == '.' || !IsSafeName(name) || !entry.is_directory(ec) || entry.is_symlink(ec)) continue;
    versions->push_back(name);
  }
  if (ec) return Status::IOError(dir_ + ": cannot list: " + ec.message());
  std::sort(versions->begin(), versions->end());
  return Status::OK();
}

Status FileRegistry::Verify(const std::string& version, unsigned long long max_artifact_bytes,
                            std::string* problem) const {
  problem->clear();
  if (!IsSafeName(version)) return Status::InvalidArgument("\"" + version + "\" is not a version name");
  std::string dir = dir_ + "/" + version;
  std::string recorded;
  Status s = ReadSmall(dir + "/artifact.sha256", 128, &recorded);
  if (!s.ok()) {
    *problem = "its recorded sha256 is missing or unreadable (" + s.message() + ")";
    return Status::OK();
  }
  if (recorded.size() != 65 || recorded.compare(0, kVersionDigits, version) != 0) {
    *problem = "its recorded sha256 does not match its name";
    return Status::OK();
  }
  ArtifactDigestResult digest;
  s = ArtifactDigest(dir + "/artifact", max_artifact_bytes, &digest);
  if (s.code() == Status::Code::kNotFound) {
    *problem = "its artifact is missing";
    return Status::OK();
  }
  if (s.code() == Status::Code::kInvalidArgument) {
    *problem = s.message();
    return Status::OK();
  }
  if (!s.ok()) return s;
  if (digest.sha256 + "\n" != recorded) {
    *problem = "its artifact's sha256 is now " + digest.sha256 + ", not the " + recorded.substr(0, 64) + " promoted";
  }
  if (problem->empty() && ::access((dir + "/manifest.json").c_str(), R_OK) != 0)
    *problem = "its manifest.json is missing";
  return Status::OK();
}

Status FileRegistry::ReadFile(const std::string& version, const std::string& name, std::string* text) const {
  if (!IsSafeName(version) || !IsSafeName(name)) {
    return Status::InvalidArgument("\"" + version + "/" + name + "\" does not name a file of a registry version");
  }
  return ReadSmall(dir_ + "/" + version + "/" + name, 16 << 20, text);
}

Status FileRegistry::AppendHistory(const std::string& line) {
  std::string text;
  Status s = ReadSmall(dir_ + "/HISTORY", 64 << 20, &text);
  if (!s.ok() && s.code() != Status::Code::kNotFound) return s;
  return Replace("HISTORY", text + line + "\n");
}

}  // namespace mlgate
