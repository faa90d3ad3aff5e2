// Hash vectors: md5("foo"), md5("bar") and the {foo, bar} directory are dvc-data's own
// (tests/hashfile/test_build.py, docs/FORMATS.md §8); md5("a\nb\n") is md5sum's.
#include "checks/reproducibility_check.h"

#include <filesystem>

#include "base/hash.h"
#include "checks/data/dvc_files.h"
#include "checks/data/lock_file.h"
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
  EXPECT_EQ(r.summary, "dvc.lock (3 paths) re-hashed (4 files, 15 bytes): all match");
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

namespace mlgate {
namespace {

class MlgateLockTest : public testing::CheckFixture {
 protected:
  void SetUp() override {
    dir_.Write("data/train.csv", "a,b\n1,2\n");
    dir_.Write("data/test.csv", "a,b\n3,4\n");
    dir_.Write("models/m.bin", "model");
    dir_.Write("requirements.txt", "scikit-learn==1.2.1\n");
    model_artifact_ = "models/m.bin";
    Workspace ws(dir_.path(), 1 << 20);
    std::vector<LockEntry> entries;
    EXPECT_TRUE(BuildLock(ws, {"data/*.csv"}, {"models/m.bin"}, {}, &entries).ok());
    dir_.Write("mlgate.lock", RenderLockFile(entries));
    EXPECT_TRUE(Configure("reproducibility", "files: [\"data/*.csv\"]\n").empty());
  }
};

TEST_F(MlgateLockTest, TheLockCoversDataModelAndEnvironmentAndPasses) {
  std::vector<LockEntry> entries;
  ASSERT_OK(ParseLockFile(dir_.Read("mlgate.lock"), "mlgate.lock", &entries));
  ASSERT_EQ(entries.size(), 4u);
  EXPECT_EQ(entries[0].path, "data/test.csv");
  EXPECT_EQ(entries[2].path, "models/m.bin");
  EXPECT_EQ(entries[3].path, "requirements.txt");
  EXPECT_EQ(entries[2].sha256, "9372c470eeadd5ecd9c3c74c2b3cb633f8e2f2fad799250a0f70d652b6b825e4");  // sha256sum
  EXPECT_EQ(entries[2].size, 5u);
  Status s;
  CheckResult r = Run(&s);
  ASSERT_OK(s);
  EXPECT_EQ(r.status, CheckStatus::kPass);
  EXPECT_EQ(r.summary, "mlgate.lock (4 files) re-hashed (4 files, 41 bytes): all match");
}

TEST_F(MlgateLockTest, ChangedMissingAndUnlockedFilesFail) {
  dir_.Write("data/train.csv", "a,b\n1,3\n");
  std::filesystem::remove(dir_.path() + "/requirements.txt");
  dir_.Write("data/extra.csv", "a,b\n");
  Status s;
  CheckResult r = Run(&s);
  ASSERT_OK(s);
  EXPECT_EQ(r.status, CheckStatus::kFail);
  EXPECT_EQ(Find(r, "hash_mismatches")->value, 3);
  std::vector<std::string> rules;
  for (const auto& f : r.findings) rules.push_back(f.rule + " " + f.path);
  EXPECT_EQ(rules, (std::vector<std::string>{"reproducibility:missing requirements.txt",
                                             "reproducibility:hash-mismatch data/train.csv",
                                             "reproducibility:not-locked data/extra.csv"}));
}

TEST_F(MlgateLockTest, NoLockAtAllIsAnError) {
  std::filesystem::remove(dir_.path() + "/mlgate.lock");
  Status s;
  CheckResult r = Run(&s);
  EXPECT_EQ(r.status, CheckStatus::kError);
  EXPECT_NE(s.message().find("neither dvc.lock nor mlgate.lock exists"), std::string::npos) << s.message();
}

TEST_F(MlgateLockTest, BadLockFiles) {
  for (auto [text, expected] : std::vector<std::pair<std::string, std::string>>{
           {"", "mlgate.lock"},
           {"{\"version\": 2, \"algorithm\": \"sha256\", \"files\": []}", "not an mlgate.lock of version 1"},
           {"{\"version\": 1, \"algorithm\": \"md5\", \"files\": []}", "algorithm must be \"sha256\""},
           {"{\"version\": 1, \"algorithm\": \"sha256\", \"files\": [{\"path\": \"a\", \"sha256\": \"xyz\", \"size\": 1}]}",
            "sha256: expected 64 lower-case hex digits"},
           {"{\"version\": 1, \"algorithm\": \"sha256\", \"files\": [{\"path\": \"a\", \"sha256\": \"" + std::string(64, 'a') +
                "\", \"size\": -1}]}",
            "size: expected a non-negative integer"},
           {"{\"version\": 1, \"algorithm\": \"sha256\", \"files\": [{\"path\": \"a\", \"sha256\": \"" + std::string(64, 'a') +
                "\", \"size\": 5.0}]}",  // a size is written as an integer
            "size: expected a non-negative integer"},
           {"{\"version\": 1, \"algorithm\": \"sha256\", \"files\": [{\"path\": \"a\", \"sha256\": \"" + std::string(64, 'a') +
                "\", \"size\": 1e30}]}",
            "size: expected a non-negative integer"}}) {
    dir_.Write("mlgate.lock", text);
    Status s;
    CheckResult r = Run(&s);
    EXPECT_EQ(r.status, CheckStatus::kError) << expected;
    EXPECT_NE(s.message().find(expected), std::string::npos) << s.message();
  }
}

TEST_F(MlgateLockTest, ADeclaredPatternMatchingNothingIsAnError) {
  Workspace ws(dir_.path(), 1 << 20);
  std::vector<LockEntry> entries;
  Status s = BuildLock(ws, {"data/*.parquet"}, {}, {}, &entries);
  EXPECT_EQ(s.code(), Status::Code::kNotFound);
  EXPECT_NE(s.message().find("\"data/*.parquet\" matches no file"), std::string::npos) << s.message();
}

}  // namespace
}  // namespace mlgate
