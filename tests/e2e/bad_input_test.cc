// The bad-input suite (docs/THREATS.md §3): the built mlgate, asked to promote the example model,
// meets one class of hostile or broken input at a time. Each must end in exit 1 or 2 with a
// message naming the file (or the thing) at fault, and the production registry and the
// promotion tags must be exactly as before: a gate that crashes, hangs or passes on any of
// these is broken.
#include <sys/stat.h>

#include <filesystem>
#include <functional>

#include "tests/e2e/example_repo.h"

namespace mlgate {
namespace {

namespace fs = std::filesystem;
using testing::CliResult;
using testing::RunCommand;

class BadInputTest;

struct BadInput {
  std::string name;
  std::string names;  // what the message must name: a file, or the thing at fault
  std::function<void(BadInputTest&)> apply;
};

// gtest prints a parameter in test listings and failures: by its name, not its bytes.
void PrintTo(const BadInput& c, std::ostream* os) { *os << c.name; }

std::string Repeat(const std::string& s, size_t n) {
  std::string out;
  out.reserve(s.size() * n);
  for (size_t i = 0; i < n; ++i) out += s;
  return out;
}

class BadInputTest : public testing::ExampleRepoTest, public ::testing::WithParamInterface<BadInput> {
 public:
  void Write(const std::string& path, const std::string& bytes) { repo_.Write(path, bytes); }
  std::string Read(const std::string& path) { return repo_.Read(path); }
  void Replace(const std::string& path, const std::string& from, const std::string& to) {
    std::string text = repo_.Read(path);
    size_t at = text.find(from);
    ASSERT_NE(at, std::string::npos) << path << ": " << from;
    repo_.Write(path, text.replace(at, from.size(), to));
  }
  void Policy(const std::string& from, const std::string& to) { EditPolicy(from, to); }
  void Shell(const std::string& command) {
    std::string out, err;
    // In a subshell: RunCommand redirects the whole line's output, which would override
    // the command's own redirection.
    ASSERT_EQ(RunCommand("cd '" + repo_.path() + "' && (" + command + ")", &out, &err), 0) << command << ": " << err;
  }
  std::string Path(const std::string& relative) const { return repo_.path() + "/" + relative; }

 protected:
  CliResult Promote() {
    return testing::RunMlgate(repo_.path(), "promote tumor-classifier --to production",
                              "MLGATE_TODAY=2026-11-25 GIT_CONFIG_NOSYSTEM=1 HOME='" + keys_.path() +
                                  "' MLGATE_SIGNING_KEY='" + keys_.path() + "/release'");
  }
  // Every file of the registry (path and bytes), and the promotion tags.
  std::string Snapshot() {
    std::string out, err;
    RunCommand("cd '" + repo_.path() + "' && { git tag -l 'mlgate/*'; [ ! -e registry ] || find registry -print0 | "
               "sort -z | xargs -0 -r sha256sum 2>&1; }",
               &out, &err);
    return out;
  }
};

TEST_P(BadInputTest, BlocksNamesTheCulpritAndLeavesTheRegistryAlone) {
  const BadInput& c = GetParam();
  std::string before = Snapshot();
  c.apply(*this);
  if (HasFatalFailure()) return;
  CliResult r = Promote();
  EXPECT_TRUE(r.exit_code == 1 || r.exit_code == 2) << "exit " << r.exit_code << "\n" << r.out << r.err;
  EXPECT_NE((r.out + r.err).find(c.names), std::string::npos) << "no mention of " << c.names << ":\n" << r.out << r.err;
  EXPECT_EQ(r.err.find("internal error"), std::string::npos) << r.err;
  EXPECT_EQ(Snapshot(), before);
}

const char kLol[] =
    "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n"
    "b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n"
    "e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\ng: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]\n"
    "h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]\ni: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]\n";

const char kBillionLaughs[] =
    "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;\">"
    "<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n<coverage line-rate=\"&lol2;\" lines-valid=\"&x;\"/>\n";

std::vector<BadInput> Cases() {
  return {
      // --- the policy (mlgate.yaml) ---
      {"policy_deep_brackets", "mlgate.yaml", [](BadInputTest& t) { t.Write("mlgate.yaml", std::string(100000, '[')); }},
      {"policy_deep_blocks", "mlgate.yaml",
       [](BadInputTest& t) {
         std::string yaml;
         for (int i = 0; i < 10000; ++i) yaml += std::string(static_cast<size_t>(i), ' ') + "k:\n";
         t.Write("mlgate.yaml", yaml);
       }},
      {"policy_alias_bomb", "mlgate.yaml", [](BadInputTest& t) { t.Write("mlgate.yaml", kLol); }},
      {"policy_alias_cycle", "mlgate.yaml", [](BadInputTest& t) { t.Write("mlgate.yaml", "version: &a [*a]\n"); }},
      {"policy_duplicate_key", "mlgate.yaml",
       [](BadInputTest& t) { t.Policy("    min_line: 80\n", "    min_line: 90\n    min_line: 0\n"); }},
      {"policy_nan_threshold", "mlgate.yaml", [](BadInputTest& t) { t.Policy("min_line: 80", "min_line: .nan"); }},
      {"policy_hex_float", "mlgate.yaml", [](BadInputTest& t) { t.Policy("min_line: 80", "min_line: 0x1p3"); }},
      {"policy_yaml11_boolean", "mlgate.yaml",
       [](BadInputTest& t) { t.Policy("    quorum: 2\n", "    quorum: 2\n    forbid_self_approval: off\n"); }},
      {"policy_typo", "min_lines", [](BadInputTest& t) { t.Policy("min_line: 80", "min_lines: 80"); }},
      {"policy_empty", "mlgate.yaml", [](BadInputTest& t) { t.Write("mlgate.yaml", "---\n"); }},
      {"policy_two_documents", "mlgate.yaml",
       [](BadInputTest& t) { t.Write("mlgate.yaml", t.Read("mlgate.yaml") + "---\nversion: 1\n"); }},
      {"policy_quorum_text", "quorum", [](BadInputTest& t) { t.Policy("quorum: 2", "quorum: \"2\""); }},
      {"policy_quorum_over_committee", "quorum", [](BadInputTest& t) { t.Policy("quorum: 2", "quorum: 3"); }},
      {"policy_utf16", "mlgate.yaml",
       [](BadInputTest& t) {
         std::string utf16 = "\xFF\xFE";
         for (char ch : t.Read("mlgate.yaml")) utf16 += std::string(1, ch) + '\0';
         t.Write("mlgate.yaml", utf16);
       }},
      {"policy_nul_byte", "mlgate.yaml",
       [](BadInputTest& t) { t.Policy("min_line: 80", std::string("min_line: 8\0" "0", 13)); }},
      // --- coverage XML ---
      {"coverage_entities", "reports/coverage.xml",
       [](BadInputTest& t) { t.Write("reports/coverage.xml", kBillionLaughs); }},
      {"coverage_deep_nesting", "reports/coverage.xml",
       [](BadInputTest& t) { t.Write("reports/coverage.xml", "<coverage>" + Repeat("<a>", 1000000)); }},
      {"coverage_duplicate_attribute", "reports/coverage.xml",
       [](BadInputTest& t) { t.Replace("reports/coverage.xml", "line-rate=\"0.9778\"", "line-rate=\"0.1\" line-rate=\"1.0\""); }},
      {"coverage_nan_count", "reports/coverage.xml",
       [](BadInputTest& t) { t.Replace("reports/coverage.xml", "lines-valid=\"45\"", "lines-valid=\"NaN\""); }},
      {"coverage_truncated", "reports/coverage.xml",
       [](BadInputTest& t) { t.Write("reports/coverage.xml", t.Read("reports/coverage.xml").substr(0, 700)); }},
      // --- JSON evidence: metrics and lint ---
      {"metrics_deep_nesting", "metrics.json", [](BadInputTest& t) { t.Write("metrics.json", std::string(1000000, '[')); }},
      {"metrics_deep_objects", "metrics.json",
       [](BadInputTest& t) { t.Write("metrics.json", Repeat("{\"a\":", 100000)); }},
      {"metrics_duplicate_key", "metrics.json",
       [](BadInputTest& t) { t.Replace("metrics.json", "\"accuracy\": 0.986,", "\"accuracy\": 0.1, \"accuracy\": 0.99,"); }},
      {"metrics_huge_number", "metrics.json", [](BadInputTest& t) { t.Replace("metrics.json", "0.986", "1e400"); }},
      {"metrics_nan", "metrics.json", [](BadInputTest& t) { t.Replace("metrics.json", "0.986", "NaN"); }},
      {"metrics_lone_surrogate", "metrics.json",
       [](BadInputTest& t) { t.Replace("metrics.json", "\"f1\"", "\"f1\\ud800\""); }},
      {"metrics_invalid_utf8", "metrics.json",
       [](BadInputTest& t) { t.Replace("metrics.json", "\"f1\"", "\"f1\xff\xfe\""); }},
      {"lint_wrong_format_for_tool", "reports/bandit.json",
       [](BadInputTest& t) { t.Write("reports/bandit.json", t.Read("reports/coverage.xml")); }},
      {"lint_binary", "reports/flake8.txt",
       [](BadInputTest& t) { t.Write("reports/flake8.txt", std::string("\x7f" "ELF\x02\x01\x01\0\0\0", 10)); }},
      {"coverage_negative_hits", "reports/coverage.xml",
       [](BadInputTest& t) { t.Replace("reports/coverage.xml", "hits=\"1\"", "hits=\"-1\""); }},
      // --- CSV data ---
      {"csv_ragged_row", "data/train.csv",
       [](BadInputTest& t) { t.Write("data/train.csv", t.Read("data/train.csv") + "1,2,3\n"); }},
      {"csv_unterminated_quote", "data/test.csv",
       [](BadInputTest& t) { t.Write("data/test.csv", t.Read("data/test.csv") + "\"19.89,20.26\n"); }},
      {"csv_header_only", "data/test.csv",
       [](BadInputTest& t) {
         std::string csv = t.Read("data/test.csv");
         t.Write("data/test.csv", csv.substr(0, csv.find('\n') + 1));
       }},
      {"csv_ten_million_columns", "data/train.csv",
       [](BadInputTest& t) { t.Write("data/train.csv", Repeat("x,", 10000000) + "x\n" + Repeat("1,", 10000000) + "1\n"); }},
      {"csv_duplicate_header", "data/test.csv",
       [](BadInputTest& t) { t.Replace("data/test.csv", "mean radius,mean texture", "mean texture,mean texture"); }},
      {"csv_long_line", "data/train.csv",
       [](BadInputTest& t) { t.Write("data/train.csv", t.Read("data/train.csv") + std::string(20 << 20, '9')); }},
      // --- DVC and the file system ---
      {"dvc_path_traversal", "dvc.lock",
       [](BadInputTest& t) { t.Replace("dvc.lock", "path: data/train.csv", "path: ../../../etc/passwd"); }},
      {"dvc_bad_hash", "dvc.lock",
       [](BadInputTest& t) {
         std::string lock = t.Read("dvc.lock");
         size_t at = lock.find("md5: ") + 5;
         t.Write("dvc.lock", lock.replace(at, 32, "../../x" + std::string(25, 'g')));
       }},
      {"evidence_symlink_out", "reports/coverage.xml",
       [](BadInputTest& t) {
         fs::remove(t.Path("reports/coverage.xml"));
         fs::create_symlink("/etc/passwd", t.Path("reports/coverage.xml"));
       }},
      {"evidence_is_a_directory", "metrics.json",
       [](BadInputTest& t) {
         fs::remove(t.Path("metrics.json"));
         fs::create_directory(t.Path("metrics.json"));
       }},
      {"evidence_is_a_fifo", "reports/coverage.xml",
       [](BadInputTest& t) {
         fs::remove(t.Path("reports/coverage.xml"));
         ASSERT_EQ(::mkfifo(t.Path("reports/coverage.xml").c_str(), 0644), 0);
       }},
      {"evidence_missing", "reports/pylint.json", [](BadInputTest& t) { fs::remove(t.Path("reports/pylint.json")); }},
      {"artifact_sparse_terabyte", "models/classifier.joblib",
       [](BadInputTest& t) { fs::resize_file(t.Path("models/classifier.joblib"), 1ULL << 40); }},
      // --- git history ---
      {"git_shallow", "shallow clone", [](BadInputTest& t) { t.Shell("git rev-parse HEAD > .git/shallow"); }},
      {"git_grafts", "grafts", [](BadInputTest& t) { t.Shell("mkdir -p .git/info && git rev-parse HEAD > .git/info/grafts"); }},
      {"git_replace_ref", "refs/replace",
       [](BadInputTest& t) { t.Shell("git update-ref refs/replace/$(git rev-parse HEAD) $(git rev-parse HEAD~1)"); }},
      {"git_no_history", "git", [](BadInputTest& t) { fs::remove_all(t.Path(".git")); }},
      {"git_detached_before_approvals", "approval",
       [](BadInputTest& t) { t.Shell("git -c advice.detachedHead=false checkout -q --detach HEAD~2"); }},
      // --- an empty world ---
      {"no_evidence_at_all", "reports/",
       [](BadInputTest& t) {
         fs::remove_all(t.Path("reports"));
         fs::remove(t.Path("metrics.json"));
       }},
      {"empty_committee", "committee",
       [](BadInputTest& t) { t.Policy("committee: [alice@example.org, bob@example.org]", "committee: []"); }},
  };
}

INSTANTIATE_TEST_SUITE_P(ThreatsSection3, BadInputTest, ::testing::ValuesIn(Cases()),
                         [](const ::testing::TestParamInfo<BadInput>& param) { return param.param.name; });

}  // namespace
}  // namespace mlgate
