#include "base/commit_text.h"

#include <gtest/gtest.h>

namespace mlgate {
namespace {

const char kCommit[] =
    "tree 4b825dc642cb6eb9a060e54bf8d69288fbee4904\n"
    "parent 0123456789abcdef0123456789abcdef01234567\n"
    "parent 89abcdef0123456789abcdef0123456789abcdef\n"
    "author Alice Example <alice@example.org> 1764489600 +0000\n"
    "committer Bob <bob@example.org> 1764489600 +0000\n"
    "gpgsig -----BEGIN SSH SIGNATURE-----\n U1NIU0lH\n -----END SSH SIGNATURE-----\n"
    "\n"
    "approve the model\n\nApprove-Model: tumor@sha256:abc\nSigned-off-by: Alice <alice@example.org>\n";

TEST(CommitTextTest, SplitsAGitCommitObject) {
  CommitText t;
  ASSERT_TRUE(SplitCommit(kCommit, &t).ok());
  EXPECT_EQ(t.parents, (std::vector<std::string>{"0123456789abcdef0123456789abcdef01234567",
                                                 "89abcdef0123456789abcdef0123456789abcdef"}));
  EXPECT_EQ(AuthorEmail(t.header), "alice@example.org");
  EXPECT_EQ(SignatureHeaders(t.header), 1);
  EXPECT_EQ(t.message.substr(0, 17), "approve the model");
  auto trailers = MessageTrailers(std::string(t.message));
  ASSERT_EQ(trailers.size(), 2u);
  EXPECT_EQ(trailers[0], (std::pair<std::string, std::string>{"Approve-Model", "tumor@sha256:abc"}));
}

TEST(CommitTextTest, HostileHeadersAreRefusedOrReadForWhatTheyAre) {
  CommitText t;
  EXPECT_FALSE(SplitCommit("tree x\nparent 0123\n\nmsg", &t).ok());         // a short parent id
  EXPECT_FALSE(SplitCommit("tree x\nparent ../../etc/passwd\n\n", &t).ok());  // not hex
  ASSERT_TRUE(SplitCommit("tree x\ngpgsig a\ngpgsig-sha256 b\nauthor <a@b> 1 +0000\n", &t).ok());
  EXPECT_EQ(SignatureHeaders(t.header), 2);  // two signatures: the check refuses such a commit
  EXPECT_EQ(t.message, "");
  EXPECT_EQ(AuthorEmail("tree x\nauthor Eve <eve@x\n> 1 +0000\n"), "");  // '>' on another line
  EXPECT_EQ(AuthorEmail("tree x\ncommitter <c@x> 1 +0000\n"), "");
}

}  // namespace
}  // namespace mlgate
