#include "base/hash.h"

#include <fcntl.h>
#include <openssl/evp.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <vector>

namespace mlgate {

struct Digest::Impl {
  EVP_MD_CTX* ctx = nullptr;
};

Digest::Digest(Kind kind) : impl_(new Impl) {
  impl_->ctx = EVP_MD_CTX_new();
  EVP_DigestInit_ex(impl_->ctx, kind == Kind::kSha256 ? EVP_sha256() : EVP_md5(), nullptr);
}

Digest::~Digest() {
  EVP_MD_CTX_free(impl_->ctx);
  delete impl_;
}

void Digest::Update(std::string_view bytes) { EVP_DigestUpdate(impl_->ctx, bytes.data(), bytes.size()); }

std::string Digest::Hex() {
  unsigned char raw[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_DigestFinal_ex(impl_->ctx, raw, &length);
  static const char kHex[] = "0123456789abcdef";
  std::string hex;
  for (unsigned int i = 0; i < length; ++i) {
    hex += kHex[raw[i] >> 4];
    hex += kHex[raw[i] & 15];
  }
  return hex;
}

std::string Sha256Hex(std::string_view bytes) {
  Digest digest;
  digest.Update(bytes);
  return digest.Hex();
}

Status Sha256File(const std::string& path, std::string* hex, unsigned long long* size) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return Status::IOError(path + ": cannot open: " + std::strerror(errno));
  Digest digest;
  std::vector<char> block(1 << 20);
  unsigned long long total = 0;
  while (true) {
    ssize_t n = ::read(fd, block.data(), block.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      Status error = Status::IOError(path + ": read failed: " + std::strerror(errno));
      ::close(fd);
      return error;
    }
    if (n == 0) break;
    digest.Update(std::string_view(block.data(), static_cast<size_t>(n)));
    total += static_cast<unsigned long long>(n);
  }
  ::close(fd);
  *hex = digest.Hex();
  if (size) *size = total;
  return Status::OK();
}

}  // namespace mlgate
