// `mlgate init`: a starting mlgate.yaml for an existing ML repository. It looks for what
// the checks read — coverage and lint reports, dvc.lock, a train/test split, a metrics
// file, model files and a model card — and writes a policy for what it found, each choice
// explained in a comment, so that `mlgate check` runs at once; what it did not find is
// listed in comments with what to add. It does not extend the governance pack: the pack
// requires every production check, and a policy missing one would not run.
#include <algorithm>
#include <cstdio>
#include <iostream>
#include <map>
#include <memory>
#include <sstream>

#include "base/json_doc.h"
#include "base/text.h"
#include "cli/commands.h"
#include "cli/subcommands.h"
#include "gate/workspace.h"

namespace mlgate::cli {

namespace fs = std::filesystem;

namespace {

constexpr int kMaxDepth = 4;
constexpr size_t kMaxEntries = 20000;

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// What the scan found, as paths relative to the repository ('/'-separated).
struct Found {
  std::vector<std::string> files;  // every file seen, in a stable order
  std::string coverage;
  std::map<std::string, std::string> lint;  // tool → report
  std::string dvc_lock, dvc_yaml, train, test, metrics, readme, card, contract, locust;
  std::vector<std::string> models;
};

bool Skipped(const std::string& name) {
  static const char* kSkip[] = {".git",          ".dvc",          "node_modules", ".venv",      "venv",
                                "env",           "__pycache__",   ".tox",         "build",      "dist",
                                "site-packages", "mlgate-report", ".mypy_cache",  ".ruff_cache"};
  return std::find(std::begin(kSkip), std::end(kSkip), name) != std::end(kSkip);
}

void Walk(const fs::path& root, const fs::path& dir, int depth, std::vector<std::string>* files) {
  std::vector<fs::directory_entry> entries;
  std::error_code ec;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) entries.push_back(*it);
  std::sort(entries.begin(), entries.end(), [](const auto& a, const auto& b) { return a.path() < b.path(); });
  for (const auto& e : entries) {
    if (files->size() >= kMaxEntries) return;
    std::string name = e.path().filename().string();
    if (e.is_symlink(ec)) continue;
    if (e.is_directory(ec)) {
      if (depth < kMaxDepth && !Skipped(name)) Walk(root, e.path(), depth + 1, files);
    } else if (e.is_regular_file(ec)) {
      files->push_back(fs::relative(e.path(), root, ec).generic_string());
    }
  }
}

std::string Base(const std::string& path) { return path.substr(path.rfind('/') + 1); }
std::string Dir(const std::string& path) {
  size_t slash = path.rfind('/');
  return slash == std::string::npos ? "" : path.substr(0, slash);
}

// The lint tool a report file belongs to, by its name; "" when none.
std::string LintTool(const std::string& path) {
  static const std::vector<std::pair<std::string, std::vector<std::string>>> kTools = {
      {"ruff", {"ruff.json", "ruff.sarif"}},
      {"flake8", {"flake8.txt", "flake8.log", "flake8.json"}},
      {"pylint", {"pylint.json", "pylint.txt", "pylint.log"}},
      {"mypy", {"mypy.txt", "mypy.log", "mypy.json"}},
      {"bandit", {"bandit.json"}},
      {"pip-audit", {"pip-audit.json", "pip_audit.json"}},
      {"safety", {"safety.json"}},
      {"black", {"black.log", "black.txt"}},
      {"isort", {"isort.log", "isort.txt"}},
      {"semgrep", {"semgrep.json", "semgrep.sarif"}},
  };
  std::string name = Lower(Base(path));
  for (const auto& [tool, names] : kTools) {
    if (std::find(names.begin(), names.end(), name) != names.end()) return tool;
  }
  return "";
}

Found Scan(const fs::path& root) {
  Found f;
  Walk(root, root, 0, &f.files);
  const std::vector<std::string> coverage_names = {"coverage.xml", "cobertura.xml", "jacoco.xml",
                                                   "lcov.info",    "coverage.lcov", "coverage.json"};
  size_t coverage_rank = coverage_names.size();
  const std::vector<std::string> model_ext = {".joblib", ".pkl",   ".pickle",      ".onnx", ".pt",  ".pth",
                                              ".h5",     ".keras", ".safetensors", ".cbm",  ".ubj", ".lgb"};
  for (const auto& path : f.files) {
    std::string name = Lower(Base(path));
    auto rank =
        static_cast<size_t>(std::find(coverage_names.begin(), coverage_names.end(), name) - coverage_names.begin());
    if (rank < coverage_rank) coverage_rank = rank, f.coverage = path;
    if (std::string tool = LintTool(path); !tool.empty() && !f.lint.count(tool)) f.lint[tool] = path;
    if (path == "dvc.lock") f.dvc_lock = path;
    if (path == "dvc.yaml") f.dvc_yaml = path;
    if (f.metrics.empty() && name == "metrics.json") f.metrics = path;
    if (path == "README.md") f.readme = path;
    if (f.contract.empty() && (name == "contract.yaml" || name == "data_contract.yaml")) f.contract = path;
    if (f.locust.empty() && name.ends_with("_stats.csv") && name.find("history") == std::string::npos) f.locust = path;
    if (f.card.empty() && (name == "model_card.md" || name == "modelcard.md")) f.card = path;
    size_t dot = name.rfind('.');
    if (dot != std::string::npos && std::count(model_ext.begin(), model_ext.end(), name.substr(dot))) {
      f.models.push_back(path);
    }
    // A train/test split: two CSV files of one folder, one named for each.
    bool csv = name.size() > 4 && (name.ends_with(".csv") || name.ends_with(".csv.gz"));
    if (csv && f.train.empty() && name.find("train") != std::string::npos) {
      for (const auto& other : f.files) {
        std::string o = Lower(Base(other));
        if (Dir(other) == Dir(path) && o.find("test") != std::string::npos &&
            (o.ends_with(".csv") || o.ends_with(".csv.gz"))) {
          f.train = path;
          f.test = other;
          break;
        }
      }
    }
  }
  return f;
}

// A YAML double-quoted scalar: quotes, backslashes and control characters escaped.
std::string Quoted(const std::string& raw) {
  std::string out = "\"";
  for (char c : SanitizeUtf8(raw)) {
    auto u = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (u < 0x20 || u == 0x7F) {
      char buffer[8];
      std::snprintf(buffer, sizeof buffer, "\\x%02X", u);
      out += buffer;
    } else {
      out += c;
    }
  }
  return out + "\"";
}

// A model name from a file name: lowercase letters, digits and dashes.
std::string ModelName(const std::string& path) {
  std::string stem = Lower(Base(path));
  if (size_t dot = stem.find('.'); dot != std::string::npos) stem.resize(dot);
  std::string out;
  for (char c : stem) out += std::isalnum(static_cast<unsigned char>(c)) ? c : '-';
  return out.empty() ? "model" : out;
}

// The metrics file's top-level numbers, held at their current values: lower-is-better
// names (loss, error, latency…) as a max, the rest as a min.
std::string MetricThresholds(const fs::path& root, const std::string& name) {
  // Through the workspace, as the metrics check will read it: inside the repository, and
  // no larger than an evidence file may be.
  Workspace workspace(root.string(), Config().max_evidence_bytes);
  EvidenceFile file;
  JsonValue doc;
  if (!workspace.Read(name, &file).ok() || !ParseJson(file.bytes, name, &doc).ok() || !doc.IsObject()) return "";
  std::string out;
  for (const auto& [key, value] : doc.members) {
    if (!value.IsNumber()) continue;
    std::string k = Lower(key);
    bool lower_is_better = false;
    for (const char* word : {"loss", "error", "latency", "time", "mse", "mae", "rmse", "_ms", "seconds"}) {
      if (k.find(word) != std::string::npos) lower_is_better = true;
    }
    out += "      " + Quoted(key) + ": { " + (lower_is_better ? "max" : "min") + ": " + FormatNumber(value.number) +
           " }\n";
  }
  return out;
}

std::string Policy(const fs::path& root, const Found& f, std::vector<std::string>* configured) {
  std::ostringstream y;
  std::vector<std::string> missing;
  y << "# A starting policy written by `mlgate init` from what this repository holds. Each check\n"
       "# below is here because its evidence is; thresholds marked \"now\" hold today's values,\n"
       "# so the gate passes today and fails on a regression: raise them to your bar.\n"
       "# `mlgate explain CHECK` lists every setting; `mlgate validate` checks this file.\n"
       "version: 1\n";
  if (!f.models.empty()) {
    y << "\n# The model the gate judges (the first model file found; others: "
      << (f.models.size() > 1 ? std::to_string(f.models.size() - 1) : std::string("none")) << ").\n"
      << "models:\n  " << ModelName(f.models[0]) << ":\n    artifact: " << Quoted(f.models[0]) << "\n";
    if (!f.card.empty()) y << "    card: " << Quoted(f.card) << "\n";
  } else {
    missing.push_back("models: {NAME: {artifact: PATH}} — no model file (.joblib, .pkl, .onnx, .pt, …) was found");
  }
  y << "\nchecks:\n";
  if (!f.coverage.empty()) {
    configured->push_back("coverage");
    y << "  coverage:\n    report: " << Quoted(f.coverage) << "   # the test coverage report found\n"
      << "    min_line: 80                 # the practice's bar: 80 % of lines run by the tests\n";
  } else {
    missing.push_back("coverage: {report: coverage.xml} — run your tests with coverage (coverage xml, lcov, jacoco)");
  }
  if (!f.lint.empty()) {
    configured->push_back("lint");
    y << "  lint:\n    reports:                     # every report found, each required from now on\n";
    for (const auto& [tool, path] : f.lint) y << "      " << tool << ": " << Quoted(path) << "\n";
  } else {
    missing.push_back(
        "lint: {reports: {ruff: ruff.json, mypy: mypy.txt, bandit: bandit.json}} — save the tools' output");
  }
  if (!f.train.empty()) {
    configured->push_back("isolation");
    y << "  isolation:\n    train: " << Quoted(f.train) << "   # a train/test split of one folder\n"
      << "    test: " << Quoted(f.test)
      << "\n    max_overlap: 0               # not one test row in the training data\n";
    if (!f.dvc_yaml.empty()) y << "    pipeline: dvc.yaml           # and no training stage depends on the test set\n";
  } else {
    missing.push_back("isolation: {train: ..., test: ...} — no folder with a *train* and a *test* CSV was found");
  }
  if (!f.dvc_lock.empty()) {
    configured->push_back("reproducibility");
    y << "  reproducibility:\n    lock: dvc.lock               # every dep and out DVC recorded, re-hashed\n";
  } else {
    missing.push_back("reproducibility: {lock: dvc.lock} — or `mlgate lock` to record the hashes");
  }
  std::string thresholds = f.metrics.empty() ? "" : MetricThresholds(root, f.metrics);
  if (!thresholds.empty()) {
    configured->push_back("metrics");
    y << "  metrics:\n    file: " << Quoted(f.metrics) << "\n    thresholds:                  # now\n" << thresholds;
  } else {
    missing.push_back("metrics: {file: metrics.json, thresholds: {accuracy: {min: 0.9}}} — a JSON file of numbers");
  }
  if (!f.contract.empty() && !f.train.empty()) {
    configured->push_back("schema");
    y << "  schema:\n    contract: " << Quoted(f.contract) << "   # the data contract found, on the split\n"
      << "    data: [" << Quoted(f.train) << ", " << Quoted(f.test) << "]\n";
  } else {
    missing.push_back("schema: {contract: data/contract.yaml, data: [...]} — the data contract");
  }
  if (!f.readme.empty() && !f.card.empty() && !f.models.empty()) {
    configured->push_back("docs");
    y << "  docs:                          # the README and the model card (informs: never blocks)\n"
         "    readme: README.md\n"
         "    required_sections: [Intended use, Training data, Evaluation, Limitations]\n";
  }
  y << "\n# Not configured yet:\n";
  for (const auto& m : missing) y << "#   " << m << "\n";
  y << "#   approval: {committee: [...], quorum: 2, allowed_signers: .mlgate/allowed_signers}\n"
       "#   load: {stats: "
    << (f.locust.empty() ? std::string("locust_stats.csv") : Quoted(f.locust))
    << ", p95_ms: 100} — the load-test budget (Locust's --csv)\n"
       "#   drift: {reference: data/train.csv, current: logs/inference.csv} — after deployment\n"
       "# With all of them, `extends: governance` makes them the production requirements.\n";
  return y.str();
}

int RunInit(const std::string& dir, bool force, bool print) {
  fs::path root = dir.empty() ? fs::current_path() : fs::path(dir);
  std::error_code ec;
  if (!fs::is_directory(root, ec)) return Fail(root.string() + ": not a directory");
  fs::path target = root / "mlgate.yaml";
  if (!print && !force && fs::exists(target, ec)) {
    return Fail(target.string() + " exists; `mlgate init --force` replaces it, `--print` shows the proposal");
  }
  Found found = Scan(root);
  std::vector<std::string> configured;
  std::string policy = Policy(root, found, &configured);
  if (print) {
    std::cout << policy;
    return kExitPass;
  }
  Status s = WriteFileAtomically(target, policy);
  if (!s.ok()) return Fail(s.message());
  std::cout << "wrote " << target.string() << " (looked at " << found.files.size()
            << " files): " << (configured.empty() ? "no check configured" : Join(configured, ", "))
            << "; what else to add is listed at its end.\nnext: mlgate validate, then mlgate check\n";
  return kExitPass;
}

}  // namespace

Handler DefineInit(CLI::App* cmd) {
  struct Options {
    std::string dir;
    bool force = false, print = false;
  };
  auto o = std::make_shared<Options>();
  cmd->add_option("--dir", o->dir, "the repository (default: here)");
  cmd->add_flag("--force", o->force, "replace an existing mlgate.yaml");
  cmd->add_flag("--print", o->print, "print the proposal instead of writing it");
  cmd->footer(
      "Looks for coverage and lint reports, dvc.lock, a train/test split, metrics.json, model\n"
      "files and a model card; configures a check for each found, with today's metric values\n"
      "as thresholds, and lists the rest in comments.\n\n"
      "Examples:\n  mlgate init\n  mlgate init --print | less");
  return [o] { return RunInit(o->dir, o->force, o->print); };
}

}  // namespace mlgate::cli
