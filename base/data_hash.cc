#include "base/data_hash.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <memory>
#include <mutex>
#include <thread>

namespace mlgate {

namespace {

constexpr size_t kChunk = 1 << 20;  // DVC's read size; the dos2unix rule depends on it

int ThreadCount(int threads) {
  return threads > 0 ? threads : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
}

// Hashes one file; `buffer` is the worker's own 1 MiB.
Status HashOne(const std::string& path, HashAlgorithm algorithm, unsigned long long max_bytes, std::vector<char>* buffer,
               std::string* hex, unsigned long long* size, std::atomic<unsigned long long>* done) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
  if (fd < 0) {
    return errno == ENOENT ? Status::NotFound(path + ": not found")
                           : Status::IOError(path + ": cannot be opened: " + std::strerror(errno));
  }
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    return Status::InvalidArgument(path + ": not a regular file");
  }
  if (static_cast<unsigned long long>(st.st_size) > max_bytes) {
    ::close(fd);
    return Status::Limit(path + ": " + std::to_string(st.st_size) + " bytes is over the limit of " +
                         std::to_string(max_bytes) + " for a hashed file (limits: max_artifact_gb in mlgate.yaml)");
  }
  ::posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
  Digest digest(algorithm == HashAlgorithm::kSha256 ? Digest::Kind::kSha256 : Digest::Kind::kMd5);
  unsigned long long total = 0;
  bool first = true, dos2unix = false;
  std::string converted;
  for (;;) {
    // Fill a whole chunk (short reads would move DVC's chunk boundaries).
    size_t got = 0;
    while (got < kChunk) {
      ssize_t n = ::read(fd, buffer->data() + got, kChunk - got);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) {
        Status error = Status::IOError(path + ": read failed: " + std::strerror(errno));
        ::close(fd);
        return error;
      }
      if (n == 0) break;
      got += static_cast<size_t>(n);
    }
    if (got == 0) break;
    std::string_view chunk(buffer->data(), got);
    if (first && algorithm == HashAlgorithm::kMd5Dos2Unix) dos2unix = IsTextBlock(chunk.substr(0, 512));
    first = false;
    if (dos2unix) {
      converted.clear();
      for (size_t i = 0; i < chunk.size(); ++i) {
        if (chunk[i] == '\r' && i + 1 < chunk.size() && chunk[i + 1] == '\n') continue;
        converted += chunk[i];
      }
      digest.Update(converted);
    } else {
      digest.Update(chunk);
    }
    total += got;
    if (done) *done += got;
    if (got < kChunk) break;
  }
  ::close(fd);
  *hex = digest.Hex();
  *size = total;
  return Status::OK();
}

Status WalkFrom(const std::string& root, const std::string& rel, const TreeVisitor& visit, int depth) {
  if (depth > 64) return Status::Limit(root + "/" + rel + ": directories nested deeper than 64");
  std::string dir = rel.empty() ? root : root + "/" + rel;
  DIR* d = ::opendir(dir.c_str());
  if (!d) return Status::IOError(dir + ": cannot be listed: " + std::strerror(errno));
  std::unique_ptr<DIR, int (*)(DIR*)> closer(d, ::closedir);
  while (struct dirent* e = ::readdir(d)) {
    std::string name = e->d_name;
    if (name == "." || name == "..") continue;
    std::string child_rel = rel.empty() ? name : rel + "/" + name;
    std::string child = root + "/" + child_rel;
    struct stat st {};
    if (::lstat(child.c_str(), &st) != 0) return Status::IOError(child + ": " + std::strerror(errno));
    Status s = S_ISDIR(st.st_mode) ? WalkFrom(root, child_rel, visit, depth + 1) : visit(child_rel, child, st);
    if (!s.ok()) return s;
  }
  return Status::OK();
}

}  // namespace

Status WalkTree(const std::string& root, const TreeVisitor& visit) { return WalkFrom(root, "", visit, 0); }

bool IsTextBlock(std::string_view block) {
  if (block.empty()) return true;
  if (block.find('\0') != std::string_view::npos) return false;
  size_t other = 0;
  for (unsigned char c : block) {
    bool text = (c >= 32 && c <= 126) || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == '\b';
    other += text ? 0 : 1;
  }
  return static_cast<double>(other) / static_cast<double>(block.size()) <= 0.30;
}

std::vector<FileHash> HashFiles(const std::vector<std::string>& paths, HashAlgorithm algorithm, int threads,
                                const HashProgress& progress, unsigned long long max_bytes) {
  std::vector<FileHash> out(paths.size());
  std::atomic<size_t> next{0};
  std::atomic<unsigned long long> done{0};
  std::mutex progress_mutex;
  auto last_report = std::chrono::steady_clock::now();
  // Largest first: the cores then finish together instead of one hashing the last big file
  // alone (sizes from stat; a file that cannot be stat'ed sorts last and fails when read).
  std::vector<std::pair<unsigned long long, size_t>> order(paths.size());
  for (size_t i = 0; i < paths.size(); ++i) {
    struct stat st {};
    order[i] = {::stat(paths[i].c_str(), &st) == 0 ? static_cast<unsigned long long>(st.st_size) : 0, i};
  }
  std::stable_sort(order.begin(), order.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
  auto worker = [&] {
    std::vector<char> buffer(kChunk);
    for (size_t k = next++; k < paths.size(); k = next++) {
      size_t i = order[k].second;
      out[i].path = paths[i];
      out[i].status = HashOne(paths[i], algorithm, max_bytes, &buffer, &out[i].hex, &out[i].size, &done);
      if (progress) {
        std::lock_guard<std::mutex> lock(progress_mutex);
        auto now = std::chrono::steady_clock::now();
        if (now - last_report > std::chrono::milliseconds(250)) {
          last_report = now;
          progress(done);
        }
      }
    }
  };
  int n = std::min<int>(ThreadCount(threads), static_cast<int>(std::max<size_t>(1, paths.size())));
  std::vector<std::thread> pool;
  for (int i = 1; i < n; ++i) pool.emplace_back(worker);
  worker();
  for (auto& t : pool) t.join();
  return out;
}

std::string PythonJsonString(std::string_view utf8) {
  static const char kHex[] = "0123456789abcdef";
  auto escape = [&](std::string* out, unsigned code) {
    *out += "\\u";
    for (int shift = 12; shift >= 0; shift -= 4) *out += kHex[(code >> shift) & 15];
  };
  std::string out = "\"";
  for (size_t i = 0; i < utf8.size();) {
    unsigned char c = static_cast<unsigned char>(utf8[i]);
    if (c < 0x80) {
      switch (c) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        case '\b': out += "\\b"; break;
        case '\f': out += "\\f"; break;
        default:
          if (c < 0x20 || c == 0x7f) {
            if (c == 0x7f) {
              out += static_cast<char>(c);  // json.dumps leaves DEL as it is
            } else {
              escape(&out, c);
            }
          } else {
            out += static_cast<char>(c);
          }
      }
      ++i;
      continue;
    }
    // A multi-byte sequence: its code point, as \uXXXX (a surrogate pair above the BMP).
    int extra = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : 1;
    unsigned code = c & (0x3F >> extra);
    for (int k = 1; k <= extra && i + static_cast<size_t>(k) < utf8.size(); ++k) {
      code = (code << 6) | (static_cast<unsigned char>(utf8[i + static_cast<size_t>(k)]) & 0x3F);
    }
    i += static_cast<size_t>(extra) + 1;
    if (code >= 0x10000) {
      code -= 0x10000;
      escape(&out, 0xD800 + (code >> 10));
      escape(&out, 0xDC00 + (code & 0x3FF));
    } else {
      escape(&out, code);
    }
  }
  return out + "\"";
}

Status DvcDirHash(const std::string& dir, HashAlgorithm algorithm, int threads, DirHash* out,
                  const HashProgress& progress, unsigned long long max_bytes) {
  struct Walked {
    std::string relpath;
    std::string absolute;
  };
  std::vector<Walked> files;
  Status s = WalkTree(dir, [&](const std::string& relpath, const std::string& absolute, const struct stat& st) {
    if (relpath.substr(relpath.rfind('/') + 1) == ".dvcignore") {
      return Status::InvalidArgument(absolute + ": a .dvcignore inside a tracked directory; DVC refuses it as well");
    }
    if (S_ISREG(st.st_mode)) files.push_back({relpath, absolute});
    return Status::OK();
  });
  if (!s.ok()) return s;
  // Python sorts the listing by relpath in code-point order, which is UTF-8 byte order.
  std::sort(files.begin(), files.end(), [](const Walked& a, const Walked& b) { return a.relpath < b.relpath; });
  std::vector<std::string> paths;
  paths.reserve(files.size());
  for (const auto& f : files) paths.push_back(f.absolute);
  std::vector<FileHash> hashes = HashFiles(paths, algorithm, threads, progress, max_bytes);
  std::string listing = "[";
  *out = DirHash{};
  for (size_t i = 0; i < files.size(); ++i) {
    if (!hashes[i].status.ok()) return hashes[i].status;
    if (i) listing += ", ";
    listing += "{\"md5\": \"" + hashes[i].hex + "\", \"relpath\": " + PythonJsonString(files[i].relpath) + "}";
    out->size += hashes[i].size;
  }
  listing += "]";
  Digest digest(Digest::Kind::kMd5);
  digest.Update(listing);
  out->md5 = digest.Hex() + ".dir";
  out->nfiles = static_cast<long long>(files.size());
  return Status::OK();
}

}  // namespace mlgate
