// Cryptographic digests through OpenSSL's EVP interface, streamed so that large evidence
// files and artifacts are never held twice.
#pragma once

#include <string>
#include <string_view>

#include "base/status.h"

namespace mlgate {

// Incremental SHA-256 (or MD5 for DVC compatibility); Hex() ends the stream.
class Digest {
 public:
  enum class Kind { kSha256, kMd5 };
  explicit Digest(Kind kind = Kind::kSha256);
  ~Digest();
  Digest(const Digest&) = delete;
  Digest& operator=(const Digest&) = delete;

  void Update(std::string_view bytes);
  std::string Hex();  // lowercase hex

 private:
  struct Impl;
  Impl* impl_;
};

std::string Sha256Hex(std::string_view bytes);

// SHA-256 of a file's bytes, read in large blocks. Sets *size to the byte count.
Status Sha256File(const std::string& path, std::string* hex, unsigned long long* size);

}  // namespace mlgate
