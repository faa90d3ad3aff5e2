// Helpers shared by the libFuzzer targets (fuzz/README.md). Each target feeds its bytes to
// one reader and checks what the reader promises beyond "no crash": a reader that says OK
// hands back values within their documented ranges. A broken promise is a crash (trap),
// which libFuzzer saves as a reproducer.
#pragma once

#include <sys/mman.h>
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

namespace mlgate::fuzz {

// The invariant a target checks; false stops the run with the input saved, saying which.
inline void Require(bool ok, const char* what = "an invariant") {
  if (ok) return;
  std::fprintf(stderr, "fuzz: broken: %s\n", what);
  __builtin_trap();
}

inline std::string_view Bytes(const uint8_t* data, size_t size) {
  return std::string_view(reinterpret_cast<const char*>(data), size);
}

// For readers that open a path (CSV data files): the bytes in an anonymous memory file,
// reachable as /proc/self/fd/N while the object lives. No disk, nothing left behind.
class MemoryFile {
 public:
  explicit MemoryFile(std::string_view bytes) {
    fd_ = ::memfd_create("fuzz-input", MFD_CLOEXEC);
    if (fd_ < 0) std::abort();
    size_t done = 0;
    while (done < bytes.size()) {
      ssize_t n = ::write(fd_, bytes.data() + done, bytes.size() - done);
      if (n <= 0) std::abort();
      done += static_cast<size_t>(n);
    }
    path_ = "/proc/self/fd/" + std::to_string(fd_);
  }
  ~MemoryFile() { ::close(fd_); }
  MemoryFile(const MemoryFile&) = delete;
  MemoryFile& operator=(const MemoryFile&) = delete;
  const std::string& path() const { return path_; }

 private:
  int fd_ = -1;
  std::string path_;
};

// The first byte chooses among `count` variants of a reader; the rest is the input.
inline size_t Choose(const uint8_t** data, size_t* size, size_t count) {
  if (*size == 0) return 0;
  size_t choice = **data % count;
  ++*data;
  --*size;
  return choice;
}

}  // namespace mlgate::fuzz
