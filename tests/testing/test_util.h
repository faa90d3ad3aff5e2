// Shared test helpers: temporary directories, files, git repositories created by the test,
// and running the built mlgate binary as a user would.
#pragma once

#include <string>
#include <vector>

#include "base/status.h"

namespace mlgate::testing {

// A fresh directory under $TMPDIR, removed with everything in it when destroyed.
class TempDir {
 public:
  // In `parent` (default: the system's temporary directory).
  explicit TempDir(const std::string& parent = "");
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }
  // Writes `text` to `relative` (creating parent directories) and returns its full path.
  std::string Write(const std::string& relative, const std::string& text) const;
  // A file of `size` bytes that takes no disk (for oversized-input tests).
  std::string WriteSparse(const std::string& relative, unsigned long long size) const;
  std::string Read(const std::string& relative) const;
  bool Exists(const std::string& relative) const;

 private:
  std::string path_;
};

// The bytes of a file under tests/fixtures/.
std::string Fixture(const std::string& relative);
std::string FixturePath(const std::string& relative);

// Runs a shell command line; returns its exit code and fills stdout/stderr.
int RunCommand(const std::string& command, std::string* out, std::string* err);

struct CliResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

// Runs the built mlgate binary in `cwd` with `args` (shell-quoted by the caller where needed)
// and extra environment assignments ("NO_COLOR=1 MLGATE_TODAY=2026-11-25").
CliResult RunMlgate(const std::string& cwd, const std::string& args, const std::string& env = "");

// Makes `dir` a git repository with one commit of everything in it.
void InitGitRepo(const std::string& dir);

}  // namespace mlgate::testing

// Fails the test with the status message when `expr` is not OK.
#define ASSERT_OK(expr)                                         \
  do {                                                          \
    ::mlgate::Status _s = (expr);                               \
    ASSERT_TRUE(_s.ok()) << _s.message();                       \
  } while (0)
