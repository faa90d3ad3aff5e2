#include "tests/testing/test_util.h"

#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace mlgate::testing {

namespace fs = std::filesystem;

TempDir::TempDir(const std::string& parent) {
  std::string pattern =
      ((parent.empty() ? fs::temp_directory_path() : fs::path(parent)) / "mlgate-test-XXXXXX").string();
  char* made = ::mkdtemp(pattern.data());
  if (!made) throw std::runtime_error("mkdtemp failed");
  path_ = made;
}

TempDir::~TempDir() {
  std::error_code ec;
  // Tests may remove permissions to provoke errors; restore them so cleanup works.
  for (auto it = fs::recursive_directory_iterator(path_, fs::directory_options::skip_permission_denied, ec);
       !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    fs::permissions(it->path(), fs::perms::owner_all, fs::perm_options::add, ec);
  }
  fs::remove_all(path_, ec);
}

std::string TempDir::Write(const std::string& relative, const std::string& text) const {
  fs::path p = fs::path(path_) / relative;
  fs::create_directories(p.parent_path());
  std::ofstream out(p, std::ios::binary | std::ios::trunc);
  out << text;
  return p.string();
}

std::string TempDir::WriteSparse(const std::string& relative, unsigned long long size) const {
  std::string p = Write(relative, "");
  fs::resize_file(p, size);  // a hole: no disk is used
  return p;
}

std::string TempDir::Read(const std::string& relative) const {
  std::ifstream in(fs::path(path_) / relative, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

bool TempDir::Exists(const std::string& relative) const { return fs::exists(fs::path(path_) / relative); }

std::string FixturePath(const std::string& relative) {
  return std::string(MLGATE_SOURCE_DIR) + "/tests/fixtures/" + relative;
}

std::string Fixture(const std::string& relative) {
  std::ifstream in(FixturePath(relative), std::ios::binary);
  if (!in) ADD_FAILURE() << "missing fixture " << relative;
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

int RunCommand(const std::string& command, std::string* out, std::string* err) {
  TempDir capture;
  std::string o = capture.path() + "/out", e = capture.path() + "/err";
  int status = std::system((command + " >" + o + " 2>" + e + " </dev/null").c_str());
  if (out) *out = capture.Read("out");
  if (err) *err = capture.Read("err");
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

CliResult RunMlgate(const std::string& cwd, const std::string& args, const std::string& env) {
  CliResult r;
  std::string command = "cd '" + cwd +
                        "' && env -u GITHUB_ACTIONS -u GITHUB_OUTPUT -u GITHUB_STEP_SUMMARY -u GITHUB_EVENT_NAME -u "
                        "GITHUB_EVENT_PATH -u GITHUB_BASE_REF -u CI_MERGE_REQUEST_DIFF_BASE_SHA NO_COLOR=1 " +
                        env + " '" + MLGATE_BINARY + "' " + args;
  r.exit_code = RunCommand(command, &r.out, &r.err);
  return r;
}

void InitGitRepo(const std::string& dir) {
  std::string err;
  int rc = RunCommand("cd '" + dir +
                          "' && git init -q -b main && git -c user.name=Test -c user.email=test@example.org "
                          "add -A && git -c user.name=Test -c user.email=test@example.org commit -q -m fixture",
                      nullptr, &err);
  ASSERT_EQ(rc, 0) << err;
}

}  // namespace mlgate::testing
