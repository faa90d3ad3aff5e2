// Hashing data as DVC does, and many files at once. docs/FORMATS.md §8 has the algorithms:
// - a file entry with `hash: md5` (DVC 3) is the md5 of its bytes;
// - an entry without it (DVC 2's "md5-dos2unix") is the md5 of the bytes with CRLF turned
//   into LF in each 1 MiB chunk, when the first 512 bytes look like text (decided once, as
//   DVC 2 did when it wrote the entry);
// - a directory is md5(json.dumps(sorted [{"md5": …, "relpath": …}], sort_keys=True))
//   with ".dir" appended.
// Files are hashed by every core at once, in large reads.
#pragma once

#include <sys/stat.h>

#include <atomic>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "base/hash.h"
#include "base/status.h"

namespace mlgate {

enum class HashAlgorithm { kMd5, kMd5Dos2Unix, kSha256 };

// DVC's istextblock: empty is text; a NUL makes it binary; otherwise text when at most 30 %
// of the bytes are outside printable ASCII and \n \r \t \f \b.
bool IsTextBlock(std::string_view block);

struct FileHash {
  std::string path;  // as given
  std::string hex;
  unsigned long long size = 0;
  Status status;     // per file: a missing or unreadable file does not stop the others
};

// Progress of a long hashing run: bytes done so far (called from worker threads, at most
// a few times a second).
using HashProgress = std::function<void(unsigned long long done_bytes)>;

// The default of `limits: max_artifact_gb` (config.h): no file larger is hashed.
inline constexpr unsigned long long kDefaultMaxHashedBytes = 100ull << 30;

// Hashes `paths` (absolute) on `threads` threads (0: one per core). A file of more than
// `max_bytes` is a Limit error for that file, before it is read: a sparse terabyte costs
// nothing to make and hours to hash.
std::vector<FileHash> HashFiles(const std::vector<std::string>& paths, HashAlgorithm algorithm, int threads,
                                const HashProgress& progress = {},
                                unsigned long long max_bytes = kDefaultMaxHashedBytes);

// Calls `visit` for every entry below `root` that is not a directory (relative path, full
// path, lstat), descending into directories without following symbolic links, at most 64
// deep; the first non-OK status from `visit` stops the walk and is returned.
using TreeVisitor =
    std::function<Status(const std::string& relpath, const std::string& path, const struct stat& st)>;
Status WalkTree(const std::string& root, const TreeVisitor& visit);

// The DVC directory hash of `dir`: every regular file below it, hashed with `algorithm`
// (kMd5 or kMd5Dos2Unix). A .dvcignore inside is an error (DVC refuses it too); symlinks
// are not followed.
struct DirHash {
  std::string md5;  // "<hex>.dir"
  unsigned long long size = 0;
  long long nfiles = 0;
};
Status DvcDirHash(const std::string& dir, HashAlgorithm algorithm, int threads, DirHash* out,
                  const HashProgress& progress = {}, unsigned long long max_bytes = kDefaultMaxHashedBytes);

// json.dumps of a string with Python's defaults (ensure_ascii): for DVC's directory listing.
std::string PythonJsonString(std::string_view utf8);

}  // namespace mlgate
