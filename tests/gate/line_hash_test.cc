#include "gate/line_hash.h"

#include <gtest/gtest.h>

namespace mlgate {
namespace {

// The expected values are github/codeql-action's own test vectors (src/fingerprints.test.ts):
// what upload-sarif computes for the same text.
TEST(LineHashTest, MatchesGithubCodeqlActionVectors) {
  using V = std::vector<std::string>;
  EXPECT_EQ(LineHashes(""), V{"c129715d7a2bc9a3:1"});
  EXPECT_EQ(LineHashes(" a\nb\n  \t\tc\n d"),
            (V{"271789c17abda88f:1", "54703d4cd895b18:1", "180aee12dab6264:1", "a23a3dc5e078b07b:1"}));
  EXPECT_EQ(LineHashes(" hello; \t\nworld!!!\n\n\n  \t\tGreetings\n End"),
            (V{"8b7cf3e952e7aeb2:1", "b1ae1287ec4718d9:1", "bff680108adb0fcc:1", "c6805c5e1288b612:1",
               "b86d3392aea1be30:1", "e6ceba753e1a442:1"}));
  const V ended = {"e9496ae3ebfced30:1", "fb7c023a8b9ccb3f:1", "ce8ba1a563dcdaca:1", "e20e36e16fcb0cc8:1",
                   "b3edc88f2938467e:1", "c8e28b0b4002a3a0:1", "c129715d7a2bc9a3:1"};
  // The same lines with LF, CR, CRLF and mixed line ends.
  EXPECT_EQ(LineHashes(" hello; \t\nworld!!!\n\n\n  \t\tGreetings\n End\n"), ended);
  EXPECT_EQ(LineHashes(" hello; \t\nworld!!!\r\r\r  \t\tGreetings\r End\r"), ended);
  EXPECT_EQ(LineHashes(" hello; \t\r\nworld!!!\r\n\r\n\r\n  \t\tGreetings\r\n End\r\n"), ended);
  EXPECT_EQ(LineHashes(" hello; \t\nworld!!!\r\n\n\r  \t\tGreetings\r End\r\n"), ended);
  // Identical windows are told apart by their running count.
  std::string lorem;
  for (int i = 0; i < 10; ++i) lorem += "Lorem ipsum dolor sit amet.\n";
  EXPECT_EQ(LineHashes(lorem),
            (V{"a7f2ff13bc495cf2:1", "a7f2ff13bc495cf2:2", "a7f2ff13bc495cf2:3", "a7f2ff13bc495cf2:4",
               "a7f2ff13bc495cf2:5", "a7f2ff13bc495cf2:6", "a7f2ff1481e87703:1", "a9cf91f7bbf1862b:1",
               "55ec222b86bcae53:1", "cc97dc7b1d7d8f7b:1", "c129715d7a2bc9a3:1"}));
}

// Text that is not UTF-8, or holds characters beyond the BMP, still gives one hash a line;
// an invalid byte hashes as U+FFFD does.
TEST(LineHashTest, HostileBytesGiveOneHashALine) {
  EXPECT_EQ(LineHashes("a\xff\nb\n").size(), 3u);
  EXPECT_EQ(LineHashes("\xff\n"), LineHashes("\xef\xbf\xbd\n"));              // U+FFFD spelled out
  EXPECT_EQ(LineHashes("\xe2\x82\n"), LineHashes("\xef\xbf\xbd\n"));          // a truncated sequence: one
  EXPECT_NE(LineHashes("\xf0\x9f\x98\x80\n"), LineHashes("\xef\xbf\xbd\n"));  // U+1F600: two units
  EXPECT_EQ(LineHashes(std::string("a\0b", 3)).size(), 1u);
}

}  // namespace
}  // namespace mlgate
