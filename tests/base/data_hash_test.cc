// DVC's hashes. Vectors: md5("foo"), md5("bar") and the two-file directory come from
// dvc-data's tests/hashfile/test_build.py (docs/FORMATS.md §8); the unicode directory was
// computed with ../shared/bench/hash_tree.py (json.dumps with Python's defaults), whose
// output is recorded here: 7ecd03d2a3a4f85ee1ebbbe802af32c2.dir.
#include "base/data_hash.h"

#include <gtest/gtest.h>

#include "tests/testing/test_util.h"

namespace mlgate {
namespace {

TEST(DataHashTest, FileMd5AndSha256) {
  testing::TempDir dir;
  std::vector<FileHash> h = HashFiles({dir.Write("foo", "foo"), dir.Write("bar", "bar"), dir.path() + "/missing"},
                                      HashAlgorithm::kMd5, 2);
  EXPECT_EQ(h[0].hex, "acbd18db4cc2f85cedef654fccc4a4d8");
  EXPECT_EQ(h[1].hex, "37b51d194a7513e45b56f6524f2d51f2");
  EXPECT_EQ(h[1].size, 3u);
  EXPECT_EQ(h[2].status.code(), Status::Code::kNotFound);
  h = HashFiles({dir.path() + "/foo"}, HashAlgorithm::kSha256, 1);
  EXPECT_EQ(h[0].hex, "2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae");
}

TEST(DataHashTest, LegacyDos2UnixOnlyForText) {
  testing::TempDir dir;
  // md5("a\nb\n") = dd8c6a395b5dd36c56d23275028f526c (md5sum); CRLF is converted for text.
  std::string crlf = dir.Write("crlf.txt", "a\r\nb\r\n");
  EXPECT_EQ(HashFiles({crlf}, HashAlgorithm::kMd5Dos2Unix, 1)[0].hex, "dd8c6a395b5dd36c56d23275028f526c");
  EXPECT_NE(HashFiles({crlf}, HashAlgorithm::kMd5, 1)[0].hex, "dd8c6a395b5dd36c56d23275028f526c");
  // A NUL makes it binary: bytes hashed as they are.
  std::string binary = dir.Write("bin", std::string("a\r\n\0", 4));
  EXPECT_EQ(HashFiles({binary}, HashAlgorithm::kMd5Dos2Unix, 1)[0].hex, HashFiles({binary}, HashAlgorithm::kMd5, 1)[0].hex);
  EXPECT_TRUE(IsTextBlock(""));
  EXPECT_TRUE(IsTextBlock("plain text\n"));
  EXPECT_FALSE(IsTextBlock("\x01\x02\x03\x04x"));
  EXPECT_FALSE(IsTextBlock(std::string("ab\0", 3)));
}

TEST(DataHashTest, DirectoryHashAsDvc) {
  testing::TempDir dir;
  dir.Write("d/foo", "foo");
  dir.Write("d/bar", "bar");
  DirHash h;
  ASSERT_OK(DvcDirHash(dir.path() + "/d", HashAlgorithm::kMd5, 2, &h));
  EXPECT_EQ(h.md5, "5ea40360f5b4ec688df672a4db9c17d1.dir");
  EXPECT_EQ(h.size, 6u);
  EXPECT_EQ(h.nfiles, 2);
  testing::TempDir u;
  u.Write("t/foo", "foo");
  u.Write("t/bar", "bar");
  u.Write("t/sub/é ü.txt", "x");
  u.Write("t/sub/🙂", "y");
  u.Write("t/sub/a\"b", "q\"\\");
  ASSERT_OK(DvcDirHash(u.path() + "/t", HashAlgorithm::kMd5, 1, &h));
  EXPECT_EQ(h.md5, "7ecd03d2a3a4f85ee1ebbbe802af32c2.dir");
  u.Write("t/.dvcignore", "*.tmp\n");
  EXPECT_FALSE(DvcDirHash(u.path() + "/t", HashAlgorithm::kMd5, 1, &h).ok());
}

TEST(DataHashTest, PythonJsonEscapes) {
  EXPECT_EQ(PythonJsonString("a\"b\\c\n\x01"), "\"a\\\"b\\\\c\\n\\u0001\"");
  EXPECT_EQ(PythonJsonString("é"), "\"\\u00e9\"");
  EXPECT_EQ(PythonJsonString("🙂"), "\"\\ud83d\\ude42\"");
}

}  // namespace
}  // namespace mlgate
