// End to end: isolation and reproducibility through the built binary, on a git repository
// made from the example (its data/, dvc.yaml and dvc.lock come from make_evidence.sh).
#include "tests/e2e/example_repo.h"

#include <filesystem>

namespace mlgate {
namespace {

using DataCliTest = testing::ExampleRepoTest;
using testing::CliResult;

std::string Line(const std::string& text, int n) {  // 1-based
  size_t at = 0;
  for (int i = 1; i < n; ++i) at = text.find('\n', at) + 1;
  return text.substr(at, text.find('\n', at) + 1 - at);
}

TEST_F(DataCliTest, TheExamplesSplitAndPipelinePass) {
  CliResult r = Check();
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("pass    isolation       0 of 143 test rows (0.000 %) found in data/train.csv"), std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("pass    reproducibility dvc.lock (6 paths) re-hashed (6 files"), std::string::npos) << r.out;
}

TEST_F(DataCliTest, LeakedRowsAreCaughtWithTheirLines) {
  std::string train = repo_.Read("data/train.csv");
  // Test gains train's rows 2 and 3 (lines 2 and 3), the second with a number respelled.
  std::string respelled = Line(train, 3);
  respelled.replace(respelled.rfind(','), std::string::npos, ",1.0\n");  // the target 1 as 1.0
  ASSERT_NE(Line(train, 3).substr(Line(train, 3).rfind(',')), ",1\n") << "the fixture's row 3 must be class 1";
  repo_.Write("data/test.csv", repo_.Read("data/test.csv") + Line(train, 2) + respelled);
  CliResult r = Check();
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_NE(r.out.find("fail    isolation       2 of 145 test rows"), std::string::npos) << r.out;
  std::string json = repo_.Read("mlgate-report/report.json");
  EXPECT_NE(json.find("data/test.csv:145 is the same row as data/train.csv:2"), std::string::npos);
  EXPECT_NE(json.find("data/test.csv:146 is the same row as data/train.csv:3"), std::string::npos);
  // The edited test set no longer matches the hash the split recorded.
  EXPECT_NE(r.out.find("data/test.csv (out of stage split"), std::string::npos) << r.out;
}

TEST_F(DataCliTest, ATrainingStageDependingOnTheTestSetIsCaught) {
  std::string pipeline = repo_.Read("dvc.yaml");
  pipeline.replace(pipeline.find("    - data/train.csv\n    - src/tumor/features.py"), 20,
                   "    - data/train.csv\n    - data\n");
  repo_.Write("dvc.yaml", pipeline);
  CliResult r = Check();
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_NE(r.out.find("isolation:test-set-in-training-deps: dvc.yaml:13: training stage train depends on data, "
                       "which holds the test set data/test.csv"),
            std::string::npos)
      << r.out;
}

TEST_F(DataCliTest, AFlippedByteInTrackedDataIsCaught) {
  std::string train = repo_.Read("data/train.csv");
  train[train.size() / 2] = train[train.size() / 2] == '1' ? '2' : '1';
  repo_.Write("data/train.csv", train);
  CliResult r = Check();
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_NE(r.out.find("hash_mismatches 2, required <= 0"), std::string::npos) << r.out;  // split's out, train's dep
  EXPECT_NE(r.out.find("data/train.csv (out of stage split, dvc.lock:"), std::string::npos) << r.out;
}

TEST_F(DataCliTest, BadDataAndLocksBlockWithTheFileNamed) {
  repo_.Write("data/test.csv", repo_.Read("data/test.csv") + "1.0,2.0\n");
  CliResult r = Check();
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.out.find("error   isolation       data/test.csv:145: 2 fields, the header has 31"), std::string::npos)
      << r.out;
  repo_.Write("dvc.lock", "schema: '1.0'\nstages: {}\n");
  r = Check();
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.out.find("dvc.lock:1:9: dvc.lock schema \"1.0\"; mlgate reads schema 2.0"), std::string::npos) << r.out;
}

TEST_F(DataCliTest, DataBreakingTheContractIsCaughtWithItsLine) {
  EXPECT_NE(Check().out.find("pass    schema          0 violations of data/contract.yaml in 2 files (569 rows)"),
            std::string::npos);
  std::string test = repo_.Read("data/test.csv");
  size_t second_line = test.find('\n') + 1;
  test.insert(second_line, "-");  // the first measurement of line 2 turns negative
  repo_.Write("data/test.csv", test);
  CliResult r = Check();
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_NE(r.out.find("fail    schema          1 violation of data/contract.yaml"), std::string::npos) << r.out;
  EXPECT_NE(repo_.Read("mlgate-report/report.json").find("data/test.csv: column mean radius: 1 value below min 0 (lines 2)"),
            std::string::npos);
}

TEST_F(DataCliTest, ATestSetEditedAfterTheSplitIsCaughtWithTheCommit) {
  std::string test = repo_.Read("data/test.csv");
  test.replace(test.rfind(",1\r\n"), 4, ",0\r\n");  // one label flipped (csv.writer ends lines with CRLF)
  repo_.Write("data/test.csv", test);
  CliResult r = Check();
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_NE(r.out.find("data/test.csv is not the test set recorded when the split was made (dvc.lock:15 has "),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("changed in the working tree and not committed"), std::string::npos) << r.out;
  std::string out, err;
  ASSERT_EQ(testing::RunCommand("cd '" + repo_.path() + "' && git -c user.name=Mallory -c user.email=m@example.org "
                                "commit -q -am 'relabel a hard case'",
                                &out, &err),
            0)
      << err;
  r = Check();
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.out.find("by Mallory <m@example.org>: \"relabel a hard case\""), std::string::npos) << r.out;
  EXPECT_NE(repo_.Read("mlgate-report/report.json").find("\"name\": \"test_set_changed\""), std::string::npos);
}

TEST_F(DataCliTest, ATenGigabyteLineIsRefusedWithBoundedMemory) {
  // A header, then 10 GB without a line end (a hole: no disk used). The reader gives up at
  // its 64 MiB record limit instead of buffering the line.
  std::string train = repo_.Read("data/train.csv");
  std::string path = repo_.Write("data/huge.csv", train.substr(0, train.find('\n') + 1));
  EditPolicy("    test: data/test.csv\n", "    test: data/huge.csv\n");  // only isolation reads it
  std::filesystem::resize_file(path, 10'000'000'000ULL);
  std::string out, err;
  int rc = testing::RunCommand("cd '" + repo_.path() + "' && MLGATE_TODAY=2026-11-25 /usr/bin/time -f 'RSS %M' " +
                                   std::string(MLGATE_BINARY) + " check --quiet",
                               &out, &err);
  EXPECT_EQ(rc, 1) << err;
  std::string json = repo_.Read("mlgate-report/report.json");
  EXPECT_NE(json.find("data/huge.csv:2: a record longer than 67108864 bytes"), std::string::npos) << json.substr(0, 3000);
  size_t at = err.rfind("RSS ");
  ASSERT_NE(at, std::string::npos) << err;
  EXPECT_LT(std::stoll(err.substr(at + 4)), 512 * 1024) << "peak RSS in KiB";  // far below the 10 GB
}

TEST_F(DataCliTest, MlgateLockRecordsAndCheckVerifies) {
  EditPolicy("    lock: dvc.lock                     # every dep and out re-hashed\n",
             "    lock: dvc.lock\n    files: [\"data/*.csv\", metrics.json]\n");
  CliResult r = testing::RunMlgate(repo_.path(), "lock");
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("mlgate.lock: 4 files,"), std::string::npos) << r.out;  // 2 CSV, metrics, the model
  EXPECT_NE(repo_.Read("mlgate.lock").find("\"path\": \"models/classifier.joblib\""), std::string::npos);
  r = Check();
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_NE(r.out.find("dvc.lock (6 paths) and mlgate.lock (4 files) re-hashed"), std::string::npos) << r.out;
  repo_.Write("metrics.json", repo_.Read("metrics.json") + "\n");
  r = Check();
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_NE(r.out.find("metrics.json (mlgate.lock) changed: expected sha256"), std::string::npos) << r.out;
  EditPolicy("metrics.json]", "metrics.json, \"data/*.parquet\"]");
  r = testing::RunMlgate(repo_.path(), "lock");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("\"data/*.parquet\" matches no file"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace mlgate
