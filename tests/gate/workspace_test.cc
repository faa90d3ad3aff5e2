#include "gate/workspace.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/hash.h"
#include "tests/testing/test_util.h"

namespace mlgate {
namespace {

using testing::TempDir;

TEST(WorkspaceTest, ReadsAndHashesInsideTheRoot) {
  TempDir dir;
  dir.Write("reports/c.xml", "<coverage/>");
  Workspace ws(dir.path(), 1 << 20);
  EvidenceFile f;
  ASSERT_OK(ws.Read("reports/c.xml", &f));
  EXPECT_EQ(f.bytes, "<coverage/>");
  EXPECT_EQ(f.sha256, Sha256Hex("<coverage/>"));
  EXPECT_EQ(ws.Relativize(dir.path() + "/reports/c.xml"), "reports/c.xml");
}

TEST(WorkspaceTest, LargeFilesAreMappedWithTheSameBytes) {
  TempDir dir;
  std::string big(3 << 20, 'x');
  big[12345] = 'y';
  dir.Write("big.txt", big);
  Workspace ws(dir.path(), 16 << 20);
  EvidenceFile f;
  ASSERT_OK(ws.Read("big.txt", &f));
  EXPECT_EQ(f.bytes.size(), big.size());
  EXPECT_EQ(f.sha256, Sha256Hex(big));
}

TEST(WorkspaceTest, RefusesPathsLeavingTheRoot) {
  TempDir outside, dir;
  outside.Write("secret", "s");
  Workspace ws(dir.path(), 1 << 20);
  EvidenceFile f;
  Status s = ws.Read("../" + outside.path().substr(outside.path().rfind('/') + 1) + "/secret", &f);
  EXPECT_EQ(s.code(), Status::Code::kInvalidArgument);
  EXPECT_NE(s.message().find("leads outside the repository"), std::string::npos);
  ASSERT_EQ(::symlink((outside.path() + "/secret").c_str(), (dir.path() + "/link").c_str()), 0);
  EXPECT_NE(ws.Read("link", &f).message().find("leads outside the repository"), std::string::npos);
  EXPECT_NE(ws.Read(outside.path() + "/secret", &f).message().find("leads outside"), std::string::npos);
  EXPECT_NE(ws.Read("a\nb", &f).message().find("control characters"), std::string::npos);
  // A directory linked out, and a link out next to a file already read from the same
  // directory (whose resolution is remembered): both refused.
  ASSERT_EQ(::symlink(outside.path().c_str(), (dir.path() + "/linkdir").c_str()), 0);
  EXPECT_NE(ws.Read("linkdir/secret", &f).message().find("leads outside the repository"), std::string::npos);
  dir.Write("sub/ok", "fine");
  ASSERT_EQ(::symlink((outside.path() + "/secret").c_str(), (dir.path() + "/sub/out").c_str()), 0);
  ASSERT_OK(ws.Read("sub/ok", &f));
  EXPECT_NE(ws.Read("sub/out", &f).message().find("leads outside the repository"), std::string::npos);
  EXPECT_NE(ws.Read("sub/../../x", &f).message().find("not found"), std::string::npos);
}

TEST(WorkspaceTest, ClearErrorsForMissingDirectoriesLimitsAndPermissions) {
  TempDir dir;
  dir.Write("d/x", "");
  dir.Write("big", std::string(2048, 'x'));
  Workspace ws(dir.path(), 1024);
  EvidenceFile f;
  EXPECT_EQ(ws.Read("missing.xml", &f).message(),
            "missing.xml: not found (looked for " + dir.path() + "/missing.xml)");
  EXPECT_NE(ws.Read("d", &f).message().find("is not a regular file"), std::string::npos);
  Status s = ws.Read("big", &f);
  EXPECT_EQ(s.code(), Status::Code::kLimit);
  EXPECT_NE(s.message().find("over the evidence limit of 1024 bytes"), std::string::npos);
  if (::geteuid() != 0) {  // root reads anything
    dir.Write("locked", "x");
    ::chmod((dir.path() + "/locked").c_str(), 0);
    EXPECT_NE(ws.Read("locked", &f).message().find("cannot be opened"), std::string::npos);
  }
}

}  // namespace
}  // namespace mlgate
