#include "base/process.h"

#include <gtest/gtest.h>

#include "tests/testing/test_util.h"

namespace mlgate {
namespace {

TEST(ProcessTest, RunsTheExactArgvWithoutAShell) {
  ProcessResult r;
  ASSERT_OK(RunProcess({"/bin/echo", "a b", "$HOME", "; rm -rf x"}, "", &r));
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.out, "a b $HOME ; rm -rf x\n");  // one argument each, nothing expanded
  ASSERT_OK(RunProcess({"/bin/false"}, "", &r));
  EXPECT_EQ(r.exit_code, 1);
  ASSERT_OK(RunProcess({"/bin/sh", "-c", "echo oops >&2; exit 7"}, "", &r));
  EXPECT_EQ(r.exit_code, 7);
  EXPECT_EQ(r.err, "oops\n");
  ASSERT_OK(RunProcess({"/bin/pwd"}, "", &r, "/tmp"));
  EXPECT_EQ(r.out, "/tmp\n");
}

TEST(ProcessTest, LargeInputAndOutputDoNotDeadlock) {
  // 4 MiB through cat: more than any pipe buffer, both ways at once.
  std::string input(4 << 20, 'x');
  for (size_t i = 0; i < input.size(); i += 4097) input[i] = '\n';
  ProcessResult r;
  ASSERT_OK(RunProcess({"/bin/cat"}, input, &r, "", 8 << 20));
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.out, input);
  // Output past the limit is read and dropped, so the child still finishes.
  ASSERT_OK(RunProcess({"/bin/cat"}, input, &r, "", 1000));
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.out.size(), 1000u);
  // A child that does not read its input is not waited on forever.
  ASSERT_OK(RunProcess({"/bin/true"}, input, &r));
  EXPECT_EQ(r.exit_code, 0);
}

TEST(ProcessTest, OnlyAbsolutePathsAndClearErrors) {
  ProcessResult r;
  EXPECT_EQ(RunProcess({"echo", "x"}, "", &r).code(), Status::Code::kInvalidArgument);
  EXPECT_EQ(RunProcess({}, "", &r).code(), Status::Code::kInvalidArgument);
  Status s = RunProcess({"/no/such/program"}, "", &r);
  // posix_spawn may start the child and fail its exec: either way nothing ran.
  EXPECT_TRUE(!s.ok() || r.exit_code == 127) << s.message() << " " << r.exit_code;
  EXPECT_EQ(FindProgram({"relative/git", "/no/such", "/bin/sh"}), "/bin/sh");
  EXPECT_EQ(FindProgram({"/no/such"}), "");
}

}  // namespace
}  // namespace mlgate
