#include "gate/artifact.h"

#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "base/data_hash.h"
#include "base/hash.h"

namespace mlgate {

namespace {

constexpr size_t kMaxArtifactFiles = 1'000'000;

}  // namespace

Status ListArtifactDirectory(const std::string& dir, std::vector<std::string>* relpaths) {
  relpaths->clear();
  Status s = WalkTree(dir, [&](const std::string& relpath, const std::string& path, const struct stat& st) {
    if (!S_ISREG(st.st_mode)) {
      return Status::InvalidArgument(path + ": " + (S_ISLNK(st.st_mode) ? "a symbolic link" : "not a regular file") +
                                     " inside a model artifact directory; an artifact holds regular files only");
    }
    if (relpath.find('\n') != std::string::npos || relpath.find('\\') != std::string::npos) {
      return Status::InvalidArgument(path +
                                     ": a name with a line end or a backslash inside a model artifact "
                                     "directory; rename it (sha256sum would escape it)");
    }
    if (relpaths->size() >= kMaxArtifactFiles) {
      return Status::Limit(dir + ": more than " + std::to_string(kMaxArtifactFiles) + " files in a model artifact");
    }
    relpaths->push_back(relpath);
    return Status::OK();
  });
  // Bytewise, as `LC_ALL=C sort` orders the listing.
  std::sort(relpaths->begin(), relpaths->end());
  return s;
}

std::string DirectoryDigest(const std::vector<std::pair<std::string, std::string>>& hex_and_relpath) {
  Digest digest;
  for (const auto& [hex, relpath] : hex_and_relpath) {
    digest.Update(hex);
    digest.Update("  ");
    digest.Update(relpath);
    digest.Update("\n");
  }
  return digest.Hex();
}

Status ArtifactDigest(const std::string& path, unsigned long long max_bytes, ArtifactDigestResult* out) {
  *out = ArtifactDigestResult{};
  struct stat st {};
  if (::lstat(path.c_str(), &st) != 0) {
    return errno == ENOENT ? Status::NotFound(path + ": not found")
                           : Status::IOError(path + ": " + std::strerror(errno));
  }
  auto too_large = [&](unsigned long long bytes) {
    return Status::Limit(path + ": " + std::to_string(bytes) + " bytes is over the artifact limit of " +
                         std::to_string(max_bytes) + " (limits: max_artifact_gb in mlgate.yaml)");
  };
  if (S_ISREG(st.st_mode)) {
    if (static_cast<unsigned long long>(st.st_size) > max_bytes) return too_large(static_cast<unsigned long long>(st.st_size));
    std::vector<FileHash> one = HashFiles({path}, HashAlgorithm::kSha256, 1, {}, max_bytes);
    out->sha256 = one[0].hex;
    out->size = one[0].size;
    return one[0].status;
  }
  if (!S_ISDIR(st.st_mode))
    return Status::InvalidArgument(path + ": a model artifact is a regular file or a directory");
  std::vector<std::string> relpaths;
  Status s = ListArtifactDirectory(path, &relpaths);
  if (!s.ok()) return s;
  std::vector<std::string> paths;
  paths.reserve(relpaths.size());
  unsigned long long total = 0;
  for (const auto& r : relpaths) {
    paths.push_back(path + "/" + r);
    struct stat file {};
    if (::lstat(paths.back().c_str(), &file) == 0) total += static_cast<unsigned long long>(file.st_size);
    if (total > max_bytes) return too_large(total);
  }
  std::vector<FileHash> hashes = HashFiles(paths, HashAlgorithm::kSha256, 0, {}, max_bytes);
  std::vector<std::pair<std::string, std::string>> listing;
  listing.reserve(relpaths.size());
  for (size_t i = 0; i < relpaths.size(); ++i) {
    if (!hashes[i].status.ok()) return hashes[i].status;
    listing.emplace_back(hashes[i].hex, relpaths[i]);
    out->size += hashes[i].size;
  }
  out->sha256 = DirectoryDigest(listing);
  out->directory = true;
  out->files = static_cast<long long>(relpaths.size());
  return Status::OK();
}

}  // namespace mlgate
