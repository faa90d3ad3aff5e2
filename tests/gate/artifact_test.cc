#include "gate/artifact.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "base/hash.h"
#include "tests/testing/test_util.h"

namespace mlgate {
namespace {

constexpr unsigned long long kNoLimit = ~0ull;

namespace fs = std::filesystem;

// What the header promises a user can run to recompute a directory's digest.
std::string CoreutilsDigest(const std::string& dir) {
  std::string out, err;
  int rc = testing::RunCommand("(cd '" + dir +
                                   "' && find . -type f -printf '%P\\n' | LC_ALL=C sort | xargs -r -d '\\n' sha256sum "
                                   "| sha256sum)",
                               &out, &err);
  EXPECT_EQ(rc, 0) << err;
  return out.substr(0, 64);
}

TEST(ArtifactTest, AFileIsItsSha256) {
  testing::TempDir dir;
  std::string path = dir.Write("model.pkl", "weights\n");
  ArtifactDigestResult r;
  ASSERT_OK(ArtifactDigest(path, kNoLimit, &r));
  EXPECT_EQ(r.sha256, Sha256Hex("weights\n"));
  EXPECT_EQ(r.size, 8u);
  EXPECT_FALSE(r.directory);
}

TEST(ArtifactTest, ADirectoryIsTheSha256OfItsSha256sumListing) {
  testing::TempDir dir;
  dir.Write("m/saved_model.pb", "graph\n");
  dir.Write("m/variables/variables.index", "index\n");
  dir.Write("m/variables/variables.data-00000-of-00001", std::string(3 << 20, '\x01'));
  dir.Write("m/Z-upper.txt", "sorted before lower case in C order\n");
  dir.Write("m/a b/with space.json", "{}");
  dir.Write("m/\xc3\xa9t\xc3\xa9.txt", "utf-8 name\n");
  fs::create_directories(dir.path() + "/m/empty");  // empty directories do not count
  ArtifactDigestResult r;
  ASSERT_OK(ArtifactDigest(dir.path() + "/m", kNoLimit, &r));
  EXPECT_EQ(r.sha256, CoreutilsDigest(dir.path() + "/m"));
  EXPECT_TRUE(r.directory);
  EXPECT_EQ(r.files, 6);
  EXPECT_EQ(r.size, 6u + 6u + (3u << 20) + 36u + 2u + 11u);
  // Renaming a file changes the digest even when no byte does.
  fs::rename(dir.path() + "/m/saved_model.pb", dir.path() + "/m/saved_model2.pb");
  ArtifactDigestResult renamed;
  ASSERT_OK(ArtifactDigest(dir.path() + "/m", kNoLimit, &renamed));
  EXPECT_NE(renamed.sha256, r.sha256);
  EXPECT_EQ(renamed.sha256, CoreutilsDigest(dir.path() + "/m"));
  // An empty directory is the digest of an empty listing.
  fs::create_directories(dir.path() + "/none");
  ASSERT_OK(ArtifactDigest(dir.path() + "/none", kNoLimit, &r));
  EXPECT_EQ(r.sha256, Sha256Hex(""));
  EXPECT_EQ(r.files, 0);
}

TEST(ArtifactTest, LinksOddNamesAndOtherFilesAreRefused) {
  testing::TempDir dir;
  dir.Write("secret.txt", "outside\n");
  dir.Write("linked/model.bin", "w");
  fs::create_symlink(dir.path() + "/secret.txt", dir.path() + "/linked/escape");
  ArtifactDigestResult r;
  Status s = ArtifactDigest(dir.path() + "/linked", kNoLimit, &r);
  EXPECT_EQ(s.code(), Status::Code::kInvalidArgument);
  EXPECT_NE(s.message().find("linked/escape: a symbolic link inside a model artifact directory"), std::string::npos)
      << s.message();
  dir.Write("newline/a\nb", "w");
  s = ArtifactDigest(dir.path() + "/newline", kNoLimit, &r);
  EXPECT_EQ(s.code(), Status::Code::kInvalidArgument);
  EXPECT_NE(s.message().find("line end"), std::string::npos) << s.message();
  // The artifact path itself a link: not followed.
  fs::create_symlink(dir.path() + "/secret.txt", dir.path() + "/model.pkl");
  EXPECT_EQ(ArtifactDigest(dir.path() + "/model.pkl", kNoLimit, &r).code(), Status::Code::kInvalidArgument);
  EXPECT_EQ(ArtifactDigest(dir.path() + "/missing", kNoLimit, &r).code(), Status::Code::kNotFound);
}

// docs/THREATS.md §3 item 25: a terabyte costs nothing to make as a sparse file and would take
// hours to hash; past the limit nothing is read.
TEST(ArtifactTest, AnArtifactOverTheLimitIsRefusedBeforeReading) {
  testing::TempDir dir;
  std::string path = dir.WriteSparse("model.pkl", 1ull << 40);
  ArtifactDigestResult r;
  Status s = ArtifactDigest(path, 100ull << 30, &r);
  EXPECT_EQ(s.code(), Status::Code::kLimit);
  EXPECT_NE(s.message().find("model.pkl: 1099511627776 bytes is over the artifact limit of 107374182400"),
            std::string::npos)
      << s.message();
  dir.WriteSparse("m/a.bin", 60ull << 30);
  dir.WriteSparse("m/b.bin", 60ull << 30);  // a directory's files count together
  EXPECT_EQ(ArtifactDigest(dir.path() + "/m", 100ull << 30, &r).code(), Status::Code::kLimit);
  dir.Write("small.pkl", "weights");
  EXPECT_TRUE(ArtifactDigest(dir.path() + "/small.pkl", 7, &r).ok());  // at the limit
  EXPECT_EQ(ArtifactDigest(dir.path() + "/small.pkl", 6, &r).code(), Status::Code::kLimit);
}

}  // namespace
}  // namespace mlgate
