// Hash vectors: md5("foo"), md5("bar") and the {foo, bar} directory are dvc-data's own
// (tests/hashfile/test_build.py, FORMATS.md §8); md5("a\nb\n") is md5sum's.
#include "checks/reproducibility_check.h"

#include <filesystem>

#include "checks/data/dvc_files.h"
#include "tests/checks/check_fixture.h"

namespace mlgate {
namespace {

const char kLock[] = R"(schema: '2.0'
stages:
  prepare:
    cmd: python prepare.py
    deps:
    - path: raw.txt
      md5: dd8c6a395b5dd36c56d23275028f526c
      size: 6
    outs:
    - path: data/prepared
      hash: md5
      md5: 5ea40360f5b4ec688df672a4db9c17d1.dir
      size: 6
      nfiles: 2
  train:
    cmd: python train.py
    deps:
    - path: data/prepared
      hash: md5
      md5: 5ea40360f5b4ec688df672a4db9c17d1.dir
      size: 6
      nfiles: 2
    outs:
    - path: model.pkl
      hash: md5
      md5: acbd18db4cc2f85cedef654fccc4a4d8
      size: 3
)";

class ReproducibilityCheckTest : public testing::CheckFixture {
 protected:
  void SetUp() override {
    dir_.Write("dvc.lock", kLock);
    dir_.Write("raw.txt", "a\r\nb\r\n");  // a DVC 2 entry: hashed with CRLF made LF
    dir_.Write("data/prepared/foo", "foo");
    dir_.Write("data/prepared/bar", "bar");
    dir_.Write("model.pkl", "foo");
    EXPECT_TRUE(Configure("reproducibility", "lock: dvc.lock\n").empty());
  }
  int Count(const CheckResult& r, const std::string& rule) {
    int n = 0;
    for (const auto& f : r.findings) n += f.rule == rule;
    return n;
  }
};

TEST_F(ReproducibilityCheckTest, ACleanPipelinePasses) {
  Status s;
  CheckResult r = Run(&s);
  ASSERT_OK(s);
  EXPECT_EQ(r.status, CheckStatus::kPass) << r.summary;
  EXPECT_EQ(Find(r, "hash_mismatches")->value, 0);
  EXPECT_EQ(Find(r, "files_hashed")->value, 4);
  EXPECT_EQ(Find(r, "bytes_hashed")->value, 6 + 6 + 3);  // the size on disk, as DVC records it
  EXPECT_EQ(r.summary, "3 paths of dvc.lock re-hashed (4 files, 15 bytes): all match");
}

TEST_F(ReproducibilityCheckTest, AFlippedByteInATrackedDirectoryIsCaught) {
  dir_.Write("data/prepared/bar", "baz");
  Status s;
  CheckResult r = Run(&s);
  ASSERT_OK(s);
  EXPECT_EQ(r.status, CheckStatus::kFail);
  // The directory is an out of prepare and a dep of train: both entries disagree now.
  EXPECT_EQ(Find(r, "hash_mismatches")->value, 2);
  ASSERT_EQ(Count(r, "reproducibility:hash-mismatch"), 2);
  EXPECT_NE(r.findings[0].message.find("data/prepared (out of stage prepare, dvc.lock:10) changed: expected md5 "
                                       "5ea40360f5b4ec688df672a4db9c17d1.dir (6 bytes), found "),
            std::string::npos)
      << r.findings[0].message;
}

TEST_F(ReproducibilityCheckTest, AMissingFileIsAMismatch) {
  std::filesystem::remove(dir_.path() + "/model.pkl");
  Status s;
  CheckResult r = Run(&s);
  ASSERT_OK(s);
  EXPECT_EQ(r.status, CheckStatus::kFail);
  EXPECT_EQ(Count(r, "reproducibility:missing"), 1);
  EXPECT_EQ(Find(r, "hash_mismatches")->value, 1);
}

TEST_F(ReproducibilityCheckTest, ALegacyEntryIsNotTheRawMd5) {
  // The same bytes recorded as a DVC 3 entry (raw md5) no longer match md5("a\nb\n").
  std::string lock = kLock;
  lock.replace(lock.find("    - path: raw.txt\n"), 20, "    - path: raw.txt\n      hash: md5\n");
  dir_.Write("dvc.lock", lock);
  Status s;
  CheckResult r = Run(&s);
  ASSERT_OK(s);
  EXPECT_EQ(Count(r, "reproducibility:hash-mismatch"), 1);
}

TEST_F(ReproducibilityCheckTest, BadLockFiles) {
  for (auto [text, expected] : std::vector<std::pair<std::string, std::string>>{
           {"schema: '3.0'\nstages: {}\n", "dvc.lock:1:9: dvc.lock schema \"3.0\"; mlgate reads schema 2.0"},
           {"stages: {}\n", "no schema key; DVC 1's dvc.lock is not supported"},
           {"schema: '2.0'\nstages:\n  a:\n    deps:\n    - md5: x\n", "an entry without path"},
           {"schema: '2.0'\nstages:\n  a:\n    deps:\n    - path: p\n      size: -3\n", "size: expected a whole number"},
           {"schema: '2.0'\nstages:\n  a:\n    deps:\n    - path: p\n      hash: sha1\n", "is not a hash mlgate knows"},
           {"", "mlgate.yaml"}}) {
    dir_.Write("dvc.lock", text);
    Status s;
    CheckResult r = Run(&s);
    EXPECT_EQ(r.status, CheckStatus::kError) << expected;
    if (expected != "mlgate.yaml") {
      EXPECT_NE(s.message().find(expected), std::string::npos) << s.message();
    }
  }
}

TEST(DvcFilesTest, RealLocksAndPipelineOfExampleGetStarted) {
  // iterative/example-get-started's files (tests/fixtures/dvc/README.md).
  DvcLock three, two;
  ASSERT_OK(ParseDvcLock(testing::Fixture("dvc/dvc3.lock"), "dvc3.lock", &three));
  ASSERT_OK(ParseDvcLock(testing::Fixture("dvc/dvc2_legacy.lock"), "dvc2_legacy.lock", &two));
  ASSERT_FALSE(three.entries.empty());
  EXPECT_EQ(three.entries[0].path, "data/data.xml");
  EXPECT_EQ(three.entries[0].md5, "22a1a2931c8370d3aeedd7183606fd7f");
  EXPECT_EQ(three.entries[0].size, 14445097);
  EXPECT_FALSE(three.entries[0].legacy);
  EXPECT_TRUE(two.entries[0].legacy);
  std::vector<DvcStage> stages;
  ASSERT_OK(ParseDvcYaml(testing::Fixture("dvc/dvc.yaml"), "dvc.yaml", &stages));
  bool train = false;
  for (const auto& st : stages) train = train || st.name == "train";
  EXPECT_TRUE(train);
}

}  // namespace
}  // namespace mlgate
