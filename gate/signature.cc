#include "gate/signature.h"

#include <unistd.h>

#include <cstdlib>
#include <memory>
#include <vector>

#include "gate/process.h"
#include "gate/text.h"

namespace mlgate {

namespace {

// A private temporary file holding `bytes`, removed with the object.
class TempFile {
 public:
  explicit TempFile(const std::string& bytes) {
    const char* tmp = std::getenv("TMPDIR");
    path_ = std::string(tmp && *tmp == '/' ? tmp : "/tmp") + "/mlgate-sig-XXXXXX";
    int fd = ::mkstemp(path_.data());
    if (fd < 0) {
      path_.clear();
      return;
    }
    size_t done = 0;
    while (done < bytes.size()) {
      ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
      if (n <= 0) break;
      done += static_cast<size_t>(n);
    }
    ::close(fd);
    if (done != bytes.size()) {
      ::unlink(path_.c_str());
      path_.clear();
    }
  }
  ~TempFile() {
    if (!path_.empty()) ::unlink(path_.c_str());
  }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

std::string SshKeygen() { return FindProgram({"/usr/bin/ssh-keygen", "/bin/ssh-keygen", "/usr/local/bin/ssh-keygen"}); }

// `Good "git" signature for alice@example.org with ED25519 key SHA256:abc` → "SHA256:abc".
std::string KeyFingerprint(const std::string& output) {
  size_t at = output.find(" key ");
  if (at == std::string::npos) return "";
  size_t begin = at + 5, end = output.find_first_of(" \n", begin);
  return output.substr(begin, end == std::string::npos ? std::string::npos : end - begin);
}

}  // namespace

std::string SignatureKind(const std::string& signature) {
  if (signature.rfind("-----BEGIN SSH SIGNATURE-----", 0) == 0) return "ssh";
  if (signature.rfind("-----BEGIN PGP SIGNATURE-----", 0) == 0) return "gpg";
  if (signature.rfind("-----BEGIN SIGNED MESSAGE-----", 0) == 0) return "x509";
  return "";
}

Status VerifySshSignature(const std::string& signature, const std::string& data, const std::string& allowed_signers,
                          const std::string& revoked, SignatureVerdict* verdict) {
  *verdict = SignatureVerdict();
  std::string keygen = SshKeygen();
  if (keygen.empty()) {
    return Status::NotFound("ssh-keygen is not installed (Debian package openssh-client); SSH signatures cannot be verified");
  }
  TempFile sig(signature), signers_file(allowed_signers);
  std::unique_ptr<TempFile> revoked_file;
  if (!revoked.empty()) revoked_file = std::make_unique<TempFile>(revoked);
  if (sig.path().empty() || signers_file.path().empty() || (revoked_file && revoked_file->path().empty())) {
    return Status::IOError("cannot write a temporary file for ssh-keygen");
  }
  const std::string& signers_path = signers_file.path();
  ProcessResult found;
  Status s = RunProcess({keygen, "-Y", "find-principals", "-s", sig.path(), "-f", signers_path}, "", &found);
  if (!s.ok()) return s;
  if (found.exit_code != 0) {
    verdict->reason = "signed by a key no allowed_signers entry names as valid today (unknown, or outside its valid-after/valid-before)";
    return Status::OK();
  }
  std::vector<std::string> principals;
  LineReader lines(found.out);
  std::string_view line;
  while (lines.Next(&line)) {
    if (!line.empty()) principals.emplace_back(line);
  }
  for (const auto& principal : principals) {
    std::vector<std::string> argv = {keygen, "-Y", "verify", "-f", signers_path, "-I", principal, "-n", "git", "-s", sig.path()};
    if (revoked_file) {
      argv.push_back("-r");
      argv.push_back(revoked_file->path());
    }
    ProcessResult verified;
    s = RunProcess(argv, data, &verified);
    if (!s.ok()) return s;
    if (verified.exit_code == 0) {
      verdict->valid = true;
      verdict->principal = principal;
      verdict->key = KeyFingerprint(verified.out + verified.err);
      return Status::OK();
    }
    if (revoked_file) {
      // Valid but for the revocation file: say so, it is the likely story (a retired key).
      argv.resize(argv.size() - 2);
      ProcessResult without;
      if (RunProcess(argv, data, &without).ok() && without.exit_code == 0) {
        verdict->principal = principal;
        verdict->key = KeyFingerprint(without.out + without.err);
        verdict->reason = "signed by a revoked key (" + verdict->key + ", listed in the revocation file)";
        return Status::OK();
      }
    }
    verdict->principal = principal;
    std::string why(Trim(verified.err.empty() ? verified.out : verified.err));
    verdict->reason = "the signature does not verify for " + principal + (why.empty() ? "" : " (" + why + ")");
  }
  if (principals.empty()) verdict->reason = "signed by a key no allowed_signers entry names as valid today (unknown, or outside its valid-after/valid-before)";
  return Status::OK();
}

}  // namespace mlgate
