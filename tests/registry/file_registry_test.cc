#include "registry/file_registry.h"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>

#include "base/hash.h"
#include "gate/artifact.h"
#include "tests/testing/test_util.h"

namespace mlgate {
namespace {

constexpr unsigned long long kNoLimit = ~0ull;

namespace fs = std::filesystem;

std::string HashOf(const std::string& bytes) { return Sha256Hex(bytes); }

// Publishes `path` (whose artifact sha256 is `sha256`) and makes it live, under the lock.
Status PromoteHashed(FileRegistry* r, const std::string& path, const std::string& sha256, std::string* version) {
  std::unique_ptr<FileRegistry::Lock> lock;
  Status s = r->Acquire(&lock);
  if (s.ok()) s = r->CleanLeftovers();
  bool existed = false;
  if (s.ok()) s = r->Publish(path, sha256, {{"manifest.json", "{\"manifest\": true}\n"}}, version, &existed);
  if (s.ok()) s = r->SetCurrent(*version);
  return s;
}

// The same for a file holding `bytes`.
Status Promote(FileRegistry* r, const std::string& path, const std::string& bytes, std::string* version) {
  return PromoteHashed(r, path, HashOf(bytes), version);
}

std::string DigestOf(const std::string& path) {
  ArtifactDigestResult digest;
  Status s = ArtifactDigest(path, kNoLimit, &digest);
  EXPECT_TRUE(s.ok()) << s.message();
  return digest.sha256;
}

TEST(RegistryTest, PublishesAVersionAndMakesItLive) {
  testing::TempDir dir;
  std::string v1_bytes = "weights v1\n", v2_bytes = std::string(3 << 20, 'w');
  std::string v1 = dir.Write("v1.bin", v1_bytes), v2 = dir.Write("v2.bin", v2_bytes);
  std::unique_ptr<FileRegistry> r;
  ASSERT_OK(FileRegistry::Open(dir.path() + "/registry/production", "churn", &r));
  std::string current;
  ASSERT_OK(r->Current(&current));
  EXPECT_EQ(current, "");  // never promoted
  std::string version;
  ASSERT_OK(Promote(r.get(), v1, v1_bytes, &version));
  EXPECT_EQ(version, HashOf(v1_bytes).substr(0, 16));
  ASSERT_OK(r->Current(&current));
  EXPECT_EQ(current, version);
  EXPECT_EQ(dir.Read("registry/production/churn/" + version + "/artifact"), v1_bytes);
  std::string manifest;
  ASSERT_OK(r->ReadFile(version, "manifest.json", &manifest));
  EXPECT_EQ(manifest, "{\"manifest\": true}\n");
  // The same artifact again changes nothing; a second one becomes live next to it.
  bool existed = false;
  std::string again;
  ASSERT_OK(r->Publish(v1, HashOf(v1_bytes), {{"manifest.json", "{}"}}, &again, &existed));
  EXPECT_TRUE(existed);
  EXPECT_EQ(again, version);
  std::string second;
  ASSERT_OK(Promote(r.get(), v2, v2_bytes, &second));
  std::vector<std::string> versions;
  ASSERT_OK(r->Versions(&versions));
  EXPECT_EQ(versions.size(), 2u);
  std::string problem;
  ASSERT_OK(r->Verify(second, 1ull << 40, &problem));
  EXPECT_EQ(problem, "");
  // Back to the first (a rollback is a SetCurrent to a published version).
  ASSERT_OK(r->SetCurrent(version));
  ASSERT_OK(r->Current(&current));
  EXPECT_EQ(current, version);
  EXPECT_EQ(r->SetCurrent("0123456789abcdef").code(), Status::Code::kNotFound);
  EXPECT_EQ(r->SetCurrent("../x").code(), Status::Code::kInvalidArgument);
}

TEST(RegistryTest, WhatIsCopiedMustBeWhatWasJudged) {
  testing::TempDir dir;
  std::string path = dir.Write("model.bin", "weights\n");
  std::unique_ptr<FileRegistry> r;
  ASSERT_OK(FileRegistry::Open(dir.path() + "/reg", "m", &r));
  std::string version;
  bool existed = false;
  Status s = r->Publish(path, HashOf("other weights\n"), {{"manifest.json", "{}"}}, &version, &existed);
  EXPECT_EQ(s.code(), Status::Code::kCorruption);
  EXPECT_NE(s.message().find("changed since it was judged"), std::string::npos) << s.message();
  std::vector<std::string> versions;
  ASSERT_OK(r->Versions(&versions));
  EXPECT_TRUE(versions.empty());
  EXPECT_EQ(std::distance(fs::directory_iterator(dir.path() + "/reg/m"), fs::directory_iterator()), 0);
}

TEST(RegistryTest, TamperingAndHostileNamesAreCaught) {
  testing::TempDir dir;
  std::string bytes = "weights\n";
  std::string path = dir.Write("model.bin", bytes);
  std::unique_ptr<FileRegistry> r;
  ASSERT_OK(FileRegistry::Open(dir.path() + "/reg", "m", &r));
  std::string version, problem;
  ASSERT_OK(Promote(r.get(), path, bytes, &version));
  dir.Write("reg/m/" + version + "/artifact", "weightz\n");
  ASSERT_OK(r->Verify(version, 1ull << 40, &problem));
  EXPECT_NE(problem.find("its artifact's sha256 is now"), std::string::npos) << problem;
  dir.Write("reg/m/CURRENT", "../../etc\n");
  std::string current;
  EXPECT_EQ(r->Current(&current).code(), Status::Code::kCorruption);
  for (const std::string& bad : std::vector<std::string>{"", "..", "a/b", "a\nb", std::string("m\0x", 3)}) {
    std::unique_ptr<FileRegistry> other;
    EXPECT_EQ(FileRegistry::Open(dir.path() + "/reg", bad, &other).code(), Status::Code::kInvalidArgument) << bad;
  }
  // A model directory that is a symbolic link is not followed.
  fs::create_directories(dir.path() + "/elsewhere");
  fs::create_directory_symlink(dir.path() + "/elsewhere", dir.path() + "/reg/linked");
  std::unique_ptr<FileRegistry> linked;
  EXPECT_EQ(FileRegistry::Open(dir.path() + "/reg", "linked", &linked).code(), Status::Code::kInvalidArgument);
}

TEST(RegistryTest, OnePromotionAtATimeAndStaleLocksAreTakenOver) {
  testing::TempDir dir;
  std::unique_ptr<FileRegistry> r;
  ASSERT_OK(FileRegistry::Open(dir.path() + "/reg", "m", &r));
  std::unique_ptr<FileRegistry::Lock> first, second;
  ASSERT_OK(r->Acquire(&first));
  Status s = r->Acquire(&second);
  EXPECT_FALSE(s.ok());
  EXPECT_NE(s.message().find("another promotion (pid " + std::to_string(::getpid()) + ") holds"), std::string::npos)
      << s.message();
  first.reset();
  ASSERT_OK(r->Acquire(&second));
  second.reset();
  // A lock left by a process that is gone.
  pid_t child = ::fork();
  if (child == 0) ::_exit(0);
  ::waitpid(child, nullptr, 0);
  dir.Write("reg/m/.lock", std::to_string(child) + "\n");
  ASSERT_OK(r->Acquire(&second));
  second.reset();
  // A lock whose writer died before writing its pid: taken over once it is old.
  dir.Write("reg/m/.lock", "");
  EXPECT_FALSE(r->Acquire(&second).ok());
  fs::last_write_time(dir.path() + "/reg/m/.lock", fs::file_time_type::clock::now() - std::chrono::seconds(60));
  ASSERT_OK(r->Acquire(&second));
  second.reset();
  // A live holder is waited for: a child holds the lock for a moment.
  int ready[2];
  ASSERT_EQ(::pipe(ready), 0);
  child = ::fork();
  if (child == 0) {
    std::unique_ptr<FileRegistry::Lock> held;
    bool ok = r->Acquire(&held).ok();
    char c = ok ? '1' : '0';
    (void)!::write(ready[1], &c, 1);
    ::usleep(300'000);
    held.reset();
    ::_exit(0);
  }
  char c = 0;
  ASSERT_EQ(::read(ready[0], &c, 1), 1);
  ASSERT_EQ(c, '1');
  long told = 0;
  ASSERT_OK(r->Acquire(&second, 10'000, [&](long pid) { told = pid; }));
  EXPECT_EQ(told, child);
  ::waitpid(child, nullptr, 0);
  ::close(ready[0]);
  ::close(ready[1]);
}

// The crash test: a promotion of v2 over a live v1 killed after each of its file-system
// steps in turn (a child process exits on the spot, as SIGKILL would leave it). After each:
// CURRENT names v1 or v2, that version verifies, and the next promotion completes.
void KillAtEveryStep(const std::string& root, const std::string& v1, const std::string& v2, int min_steps) {
  std::string v1_sha = DigestOf(v1), v2_sha = DigestOf(v2);
  auto open = [&] {
    std::unique_ptr<FileRegistry> r;
    EXPECT_TRUE(FileRegistry::Open(root, "m", &r).ok());
    return r;
  };
  // Count the steps of one promotion.
  int steps = 0;
  {
    testing::TempDir dry;
    std::unique_ptr<FileRegistry> r;
    ASSERT_OK(FileRegistry::Open(dry.path(), "m", &r));
    std::string version;
    ASSERT_OK(PromoteHashed(r.get(), v1, v1_sha, &version));
    r->set_step_hook([&](const char*) { ++steps; });
    ASSERT_OK(PromoteHashed(r.get(), v2, v2_sha, &version));
  }
  ASSERT_GE(steps, min_steps);
  std::string first, second = v2_sha.substr(0, 16);
  for (int kill_at = 1; kill_at <= steps + 1; ++kill_at) {
    fs::remove_all(root);
    ASSERT_OK(PromoteHashed(open().get(), v1, v1_sha, &first));
    pid_t child = ::fork();
    if (child == 0) {
      auto r = open();
      int n = 0;
      r->set_step_hook([&](const char*) {
        if (++n == kill_at) ::_exit(9);
      });
      std::string version;
      ::_exit(PromoteHashed(r.get(), v2, v2_sha, &version).ok() ? 0 : 1);
    }
    int status = 0;
    ::waitpid(child, &status, 0);
    ASSERT_TRUE(WIFEXITED(status));
    EXPECT_EQ(WEXITSTATUS(status), kill_at <= steps ? 9 : 0) << kill_at;
    auto r = open();
    std::string current, problem;
    ASSERT_OK(r->Current(&current));
    EXPECT_TRUE(current == first || current == second) << kill_at << ": " << current;
    ASSERT_OK(r->Verify(current, 1ull << 40, &problem));
    EXPECT_EQ(problem, "") << kill_at;
    // The next run takes over the dead run's lock, clears its leftovers, and completes.
    std::string version;
    Status s = PromoteHashed(r.get(), v2, v2_sha, &version);
    ASSERT_TRUE(s.ok()) << kill_at << ": " << s.message();
    ASSERT_OK(r->Current(&current));
    EXPECT_EQ(current, second) << kill_at;
    for (const auto& e : fs::directory_iterator(root + "/m")) {
      EXPECT_NE(e.path().filename().string().rfind(".tmp-", 0), 0u) << kill_at << " left " << e.path();
    }
  }
}

TEST(RegistryTest, AKillAtAnyStepLeavesTheOldOrTheNewVersionLive) {
  testing::TempDir dir;
  std::string v1 = dir.Write("v1.bin", "weights v1\n"), v2 = dir.Write("v2.bin", std::string((5 << 20) + 17, 'x'));
  KillAtEveryStep(dir.path() + "/reg", v1, v2, 12);  // five copy blocks and more
}

TEST(RegistryTest, ADirectoryArtifactIsCopiedFileByFileAndSurvivesAKillAtAnyStep) {
  testing::TempDir dir;
  std::string v1 = dir.path() + "/v1";
  dir.Write("v1/saved_model.pb", "graph v1\n");
  dir.Write("v1/variables/variables.index", "index v1\n");
  dir.Write("v2/saved_model.pb", "graph v2\n");
  dir.Write("v2/variables/variables.index", "index v2\n");
  dir.Write("v2/variables/variables.data-00000-of-00001", std::string((1 << 20) + 5, 'd'));
  dir.Write("v2/assets/vocab.txt", "a\nb\n");
  std::string v2 = dir.path() + "/v2";
  // Published: the same tree, the same digest, verified.
  std::unique_ptr<FileRegistry> r;
  ASSERT_OK(FileRegistry::Open(dir.path() + "/published", "m", &r));
  std::string version, problem;
  ASSERT_OK(PromoteHashed(r.get(), v2, DigestOf(v2), &version));
  EXPECT_EQ(dir.Read("published/m/" + version + "/artifact/assets/vocab.txt"), "a\nb\n");
  EXPECT_EQ(DigestOf(dir.path() + "/published/m/" + version + "/artifact"), DigestOf(v2));
  ASSERT_OK(r->Verify(version, 1ull << 40, &problem));
  EXPECT_EQ(problem, "");
  // A file added to (or changed in) a promoted directory is caught.
  dir.Write("published/m/" + version + "/artifact/assets/extra.txt", "x");
  ASSERT_OK(r->Verify(version, 1ull << 40, &problem));
  EXPECT_NE(problem.find("its artifact's sha256 is now"), std::string::npos) << problem;
  KillAtEveryStep(dir.path() + "/reg", v1, v2, 20);
}

}  // namespace
}  // namespace mlgate
