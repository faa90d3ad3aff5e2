#include "checks/isolation_check.h"

#include <algorithm>
#include <atomic>
#include <optional>

#include "base/bit_filter.h"
#include "base/csv_reader.h"
#include "base/data_hash.h"
#include "base/git_repo.h"
#include "base/text.h"
#include "checks/data/dvc_files.h"
#include "checks/data/lock_file.h"
#include "checks/data/row_fingerprint.h"

namespace mlgate {

const char kIsolationHelp[] = R"(isolation — the test set is never used for training

Row overlap: the test rows that also appear in the training data, compared after
normalisation — blanks trimmed, numbers by exact decimal value (1.0 equals 1 and 1e0),
text as written — over all columns, or over the `key` columns only. Rows are reduced to
128-bit fingerprints (XXH3); train is streamed on every core and never held. CSV, plain or
gzip, RFC 4180.
Lineage: in dvc.yaml, no training stage lists the test file, or a directory holding it,
among its deps.

Measured: overlap_rows (test rows found in train, at most max_overlap), overlap_share,
test_set_in_training_deps (with pipeline:), test_set_changed (when a lock records it). The first examples are listed as findings
with the test and the train line.

Parameters:
  train: PATH                training data (required)
  test: PATH                 test data (required)
  key: [COLUMN, ...]         compare these columns only (default: every column; the two
                             files must then have the same columns, in any order)
  max_overlap: 0             test rows allowed in train
  examples: 5                overlapping rows listed as findings
  delimiter: ","             one character
  pipeline: dvc.yaml         check the training stages' deps (optional)
  training_stages: [NAME]    default: every stage whose name contains "train"
  frozen: true               the test file must hash as dvc.lock (next to the pipeline) or
                             mlgate.lock recorded it at the split; on a change, git names the
                             commit (default: checked whenever a lock records the test file)

Example:
  checks:
    isolation:
      train: data/train.csv
      test: data/test.csv
      key: [customer_id]
      pipeline: dvc.yaml
)";

namespace {

struct Row {
  Fingerprint fp;
  long long line;
};

struct Match {
  long long test_line, train_line;
};

// What one worker collects; on cache lines of its own: adjacent std::strings written on
// every row by two cores would share a line and ping-pong it.
struct alignas(64) Worker {
  std::string scratch;
  std::vector<Row> rows;
  std::vector<unsigned long long> hashes;
  std::vector<Match> matches;
};

// 32 bits per member: about one non-member in 32 gets past a filter.
constexpr int kFilterExtraBits = 5;

// Rows grouped by their fingerprints' top bits (they are uniform), placed by a counting
// sort: a lookup reads one or two cache lines, and a bit filter on the low bits answers
// most misses from cache.
class RowIndex {
 public:
  explicit RowIndex(const std::vector<Row>& rows) : filter_(BitFilter::BitsFor(rows.size(), 4)) {
    while (bits_ < 30 && (size_t{1} << bits_) < rows.size()) ++bits_;
    bucket_.assign((size_t{1} << bits_) + 1, 0);
    for (const auto& row : rows) {
      ++bucket_[Bucket(row.fp) + 1];
      filter_.Add(row.fp.low);
    }
    for (size_t b = 1; b < bucket_.size(); ++b) bucket_[b] += bucket_[b - 1];
    rows_.resize(rows.size());
    std::vector<unsigned> next(bucket_.begin(), bucket_.end() - 1);
    for (const auto& row : rows) rows_[next[Bucket(row.fp)]++] = row;
  }

  size_t size() const { return rows_.size(); }
  const Row& operator[](size_t i) const { return rows_[i]; }

  // Calls f(i) for every row i with fingerprint fp.
  template <class F>
  void ForEachEqual(const Fingerprint& fp, F f) const {
    if (!filter_.MayHave(fp.low)) return;
    size_t b = Bucket(fp);
    for (size_t i = bucket_[b]; i < bucket_[b + 1]; ++i) {
      if (rows_[i].fp == fp) f(i);
    }
  }

 private:
  size_t Bucket(const Fingerprint& fp) const { return static_cast<size_t>(fp.high >> (64 - bits_)); }

  int bits_ = 1;
  std::vector<unsigned> bucket_;
  std::vector<Row> rows_;
  BitFilter filter_;
};

// A probe is worth it when most of the sampled test rows differ in it.
constexpr size_t kProbeSample = 2048;
constexpr double kProbeMinDistinct = 0.5;

class IsolationCheck : public Check {
 public:
  void Configure(Params& params) override {
    train_ = params.String("train", true);
    test_ = params.String("test", true);
    key_ = params.StringList("key", false);
    max_overlap_ = params.Number("max_overlap", 0, 1e15, 0);
    examples_ = static_cast<int>(params.Number("examples", 0, 1000, 5));
    std::string delimiter = params.String("delimiter", false, ",");
    if (delimiter.size() != 1 || delimiter[0] == '"' || delimiter[0] == '\n' || delimiter[0] == '\r') {
      params.Error(params.location(), params.path() + ".delimiter: one character other than a quote or a line end");
    } else {
      options_.delimiter = delimiter[0];
    }
    pipeline_ = params.String("pipeline", false);
    training_stages_ = params.StringList("training_stages", false);
    frozen_ = params.Has("frozen") ? std::optional<bool>(params.Bool("frozen", true)) : std::nullopt;
  }

  Status Run(const CheckContext& ctx, CheckResult* result) const override {
    Status s = Overlap(ctx, result);
    if (!s.ok()) return s;
    if (!pipeline_.empty()) {
      s = Lineage(ctx, result);
      if (!s.ok()) return s;
    }
    if (frozen_.value_or(true)) s = Frozen(ctx, result);
    return s;
  }

 private:
  // Opens a data file inside the workspace. (Data files are not hashed into the evidence
  // list: that would read them twice; reproducibility and mlgate.lock pin their bytes.)
  Status OpenData(const CheckContext& ctx, const std::string& path, std::unique_ptr<CsvFile>* file) const {
    std::string absolute;
    Status s = ctx.workspace.Resolve(path, &absolute);
    if (!s.ok()) return s;
    return CsvFile::Open(absolute, path, options_, file);
  }

  // The column indexes to fingerprint in `header`, in the order of `names`.
  static Status Columns(const std::vector<std::string>& header, const std::vector<std::string>& names,
                        const std::string& file, std::vector<int>* out) {
    out->clear();
    for (const auto& name : names) {
      auto it = std::find(header.begin(), header.end(), name);
      if (it == header.end()) {
        std::string near = SuggestNearest(name, header);
        return Status::Corruption(file + ":1: no column \"" + name + "\"" +
                                  (near.empty() ? "" : " (did you mean \"" + near + "\"?)") + "; it has " +
                                  Join(header, ", "));
      }
      out->push_back(static_cast<int>(it - header.begin()));
    }
    return Status::OK();
  }

  // The compared column (an index into `columns`) with the most distinct values in the
  // first test rows, or -1 when none is distinct enough to skip most train rows.
  Status ChooseProbe(const CheckContext& ctx, const std::vector<int>& columns, int* probe) const {
    *probe = -1;
    std::unique_ptr<CsvFile> head;
    Status s = OpenData(ctx, test_, &head);
    std::vector<std::vector<std::string>> sample;
    if (s.ok()) s = head->Head(kProbeSample, &sample);
    if (!s.ok() || sample.empty()) return s;
    std::string scratch;
    size_t best = 0;
    for (size_t j = 0; j < columns.size(); ++j) {
      std::vector<unsigned long long> hashes;
      hashes.reserve(sample.size());
      for (const auto& row : sample) hashes.push_back(FieldHash(row[static_cast<size_t>(columns[j])], &scratch));
      std::sort(hashes.begin(), hashes.end());
      size_t distinct = static_cast<size_t>(std::unique(hashes.begin(), hashes.end()) - hashes.begin());
      if (distinct > best) {
        best = distinct;
        *probe = static_cast<int>(j);
      }
    }
    if (static_cast<double>(best) < kProbeMinDistinct * static_cast<double>(sample.size())) *probe = -1;
    return Status::OK();
  }

  Status Overlap(const CheckContext& ctx, CheckResult* result) const {
    std::unique_ptr<CsvFile> test, train;
    Status s = OpenData(ctx, test_, &test);
    if (s.ok()) s = OpenData(ctx, train_, &train);
    if (!s.ok()) return s;
    std::vector<std::string> names = key_.empty() ? test->header() : key_;
    if (key_.empty()) {
      std::vector<std::string> a = test->header(), b = train->header();
      std::sort(a.begin(), a.end());
      std::sort(b.begin(), b.end());
      if (a != b) {
        return Status::Corruption(test_ + " and " + train_ + " have different columns (" + Join(test->header(), ", ") +
                                  " vs " + Join(train->header(), ", ") + "); compare on key: columns instead");
      }
    }
    std::vector<int> test_columns, train_columns;
    s = Columns(test->header(), names, test_, &test_columns);
    if (s.ok()) s = Columns(train->header(), names, train_, &train_columns);
    if (!s.ok()) return s;

    int probe = -1;
    s = ChooseProbe(ctx, test_columns, &probe);
    if (!s.ok()) return s;
    std::vector<Match> matches;
    long long test_rows = 0;
    s = probe >= 0 ? MatchByProbe(ctx, *test, *train, test_columns, train_columns, probe, &matches, &test_rows)
                   : MatchAllRows(*test, *train, test_columns, train_columns, &matches, &test_rows);
    if (!s.ok()) return s;
    Report(std::move(matches), test_rows, result);
    return Status::OK();
  }

  // Every test row fingerprinted and indexed, then every train row looked up.
  Status MatchAllRows(CsvFile& test, CsvFile& train, const std::vector<int>& test_columns,
                      const std::vector<int>& train_columns, std::vector<Match>* matches, long long* test_rows) const {
    std::vector<Worker> workers(static_cast<size_t>(std::max(test.threads(), train.threads())));
    Status s = test.ForEach([&](int worker, const CsvRecord& r) {
      Worker& w = workers[static_cast<size_t>(worker)];
      w.rows.push_back({FingerprintRow(r.fields, test_columns, &w.scratch), r.line});
      return Status::OK();
    });
    if (!s.ok()) return s;
    RowIndex index(TakeRows(&workers));
    *test_rows = static_cast<long long>(index.size());
    std::vector<std::atomic<long long>> train_line(index.size());
    for (auto& t : train_line) t.store(0, std::memory_order_relaxed);
    s = train.ForEach([&](int worker, const CsvRecord& r) {
      Fingerprint fp = FingerprintRow(r.fields, train_columns, &workers[static_cast<size_t>(worker)].scratch);
      index.ForEachEqual(fp, [&](size_t i) {
        auto& slot = train_line[i];
        long long seen = slot.load(std::memory_order_relaxed);
        while ((seen == 0 || r.line < seen) && !slot.compare_exchange_weak(seen, r.line)) {
        }
      });
      return Status::OK();
    });
    if (!s.ok()) return s;
    for (size_t i = 0; i < index.size(); ++i) {
      if (long long line = train_line[i].load()) matches->push_back({index[i].line, line});
    }
    return Status::OK();
  }

  // Three passes, each looking at little more than the probe column: the test probe values;
  // the train rows sharing one, fingerprinted; the test rows sharing one of theirs,
  // fingerprinted and looked up. Most rows of either file are only scanned, never split.
  Status MatchByProbe(const CheckContext& ctx, CsvFile& test, CsvFile& train, const std::vector<int>& test_columns,
                      const std::vector<int>& train_columns, int probe, std::vector<Match>* matches,
                      long long* test_rows) const {
    const int test_probe = test_columns[static_cast<size_t>(probe)];
    const int train_probe = train_columns[static_cast<size_t>(probe)];
    std::vector<Worker> workers(static_cast<size_t>(std::max(test.threads(), train.threads())));
    auto hash_into = [&](int worker, std::string_view field) {
      Worker& w = workers[static_cast<size_t>(worker)];
      unsigned long long h = FieldHash(field, &w.scratch);
      w.hashes.push_back(h);
      return h;
    };
    auto hash = [&](int worker, std::string_view field) {
      return FieldHash(field, &workers[static_cast<size_t>(worker)].scratch);
    };
    auto ignore = [](int, const CsvRecord&) { return Status::OK(); };

    // 1. The test probe values: an empty filter visits nothing; the hash collects them.
    BitFilter none(6);
    CsvProbe first{test_probe, hash_into, &none};
    Status s = test.ForEach(ignore, &first);
    if (!s.ok()) return s;
    BitFilter test_values = FilterOf(&workers, test_rows);

    // 2. Train rows whose probe value a test row may have: fingerprinted and kept.
    CsvProbe second{train_probe, hash, &test_values};
    s = train.ForEach(
        [&](int worker, const CsvRecord& r) {
          Worker& w = workers[static_cast<size_t>(worker)];
          w.rows.push_back({FingerprintRow(r.fields, train_columns, &w.scratch), r.line});
          w.hashes.push_back(FieldHash(r.fields[static_cast<size_t>(train_probe)], &w.scratch));
          return Status::OK();
        },
        &second);
    if (!s.ok()) return s;
    long long candidates = 0;
    BitFilter train_values = FilterOf(&workers, &candidates);
    RowIndex index(TakeRows(&workers));

    // 3. Test rows whose probe value a kept train row has: fingerprinted and looked up.
    std::unique_ptr<CsvFile> again;
    s = OpenData(ctx, test_, &again);
    if (!s.ok()) return s;
    CsvProbe third{test_probe, hash, &train_values};
    s = again->ForEach(
        [&](int worker, const CsvRecord& r) {
          Worker& w = workers[static_cast<size_t>(worker)];
          long long first_train = 0;
          index.ForEachEqual(FingerprintRow(r.fields, test_columns, &w.scratch), [&](size_t i) {
            if (first_train == 0 || index[i].line < first_train) first_train = index[i].line;
          });
          if (first_train) w.matches.push_back({r.line, first_train});
          return Status::OK();
        },
        &third);
    if (!s.ok()) return s;
    for (auto& w : workers) matches->insert(matches->end(), w.matches.begin(), w.matches.end());
    return Status::OK();
  }

  // A filter of the hashes the workers collected (which it clears); *count is how many.
  static BitFilter FilterOf(std::vector<Worker>* workers, long long* count) {
    size_t n = 0;
    for (const auto& w : *workers) n += w.hashes.size();
    BitFilter filter(BitFilter::BitsFor(n, kFilterExtraBits));
    for (auto& w : *workers) {
      for (auto h : w.hashes) filter.Add(h);
      w.hashes = {};
    }
    *count = static_cast<long long>(n);
    return filter;
  }

  static std::vector<Row> TakeRows(std::vector<Worker>* workers) {
    std::vector<Row> rows;
    for (auto& w : *workers) {
      rows.insert(rows.end(), w.rows.begin(), w.rows.end());
      w.rows = {};
    }
    return rows;
  }

  void Report(std::vector<Match> matches, long long test_rows, CheckResult* result) const {
    std::sort(matches.begin(), matches.end(), [](const Match& a, const Match& b) { return a.test_line < b.test_line; });
    double overlap = static_cast<double>(matches.size());
    double share = test_rows == 0 ? 0 : overlap / static_cast<double>(test_rows);
    result->measurements.push_back(LimitMeasurement("overlap_rows", overlap, Op::kLe, max_overlap_, "rows"));
    result->measurements.push_back(InformationalMeasurement("overlap_share", share, ""));
    for (size_t i = 0; i < matches.size() && static_cast<int>(i) < examples_; ++i) {
      Finding f;
      f.rule = "isolation:test-row-in-train";
      f.severity = Severity::kHigh;
      f.blocking = false;  // overlap_rows judges; these show where
      f.path = test_;
      f.line = static_cast<int>(std::min<long long>(matches[i].test_line, 2147483647));
      f.message = test_ + ":" + std::to_string(matches[i].test_line) + " is the same row as " + train_ + ":" +
                  std::to_string(matches[i].train_line) + (key_.empty() ? "" : " on " + Join(key_, ", "));
      result->findings.push_back(std::move(f));
    }
    char pct[32];
    std::snprintf(pct, sizeof pct, "%.3f", 100 * share);
    result->summary = std::to_string(matches.size()) + " of " + std::to_string(test_rows) + " test rows (" + pct +
                      " %) found in " + train_ + (key_.empty() ? "" : " by " + Join(key_, ", "));
  }

  Status Lineage(const CheckContext& ctx, CheckResult* result) const {
    EvidenceFile file;
    Status s = ctx.workspace.Read(pipeline_, &file);
    if (!s.ok()) return s.WithContext("pipeline");
    result->evidence.push_back(file.Record());
    std::vector<DvcStage> stages;
    s = ParseDvcYaml(file.bytes, pipeline_, &stages);
    if (!s.ok()) return s;
    std::string base = DvcPathBase(pipeline_);
    int hits = 0;
    for (const auto& stage : stages) {
      bool training = training_stages_.empty()
                          ? stage.name.find("train") != std::string::npos
                          : std::find(training_stages_.begin(), training_stages_.end(), stage.name) != training_stages_.end();
      if (!training) continue;
      for (const auto& dep : stage.deps) {
        std::string path = base + dep;
        while (!path.empty() && path.back() == '/') path.pop_back();
        bool holds = test_ == path || (test_.size() > path.size() && test_.compare(0, path.size() + 1, path + "/") == 0);
        if (!holds) continue;
        ++hits;
        Finding f;
        f.rule = "isolation:test-set-in-training-deps";
        f.severity = Severity::kHigh;
        f.path = pipeline_;
        f.line = stage.line;
        f.message = "training stage " + stage.name + " depends on " + dep +
                    (path == test_ ? ", the test set" : ", which holds the test set " + test_) +
                    "; a model must not see its test data — split before the stage and depend on the train file";
        result->findings.push_back(std::move(f));
      }
    }
    result->measurements.push_back(LimitMeasurement("test_set_in_training_deps", hits, Op::kLe, 0, ""));
    if (hits) result->summary += "; " + std::to_string(hits) + " training dependenc" + (hits == 1 ? "y" : "ies") + " on the test set";
    return Status::OK();
  }

  // The hash a lock recorded for the test file when the split was made: dvc.lock (next to
  // the pipeline, or at the root) or mlgate.lock. False when no lock records it.
  Status RecordedHash(const CheckContext& ctx, std::string* lock, std::string* hash, HashAlgorithm* algorithm,
                      bool* found) const {
    *found = false;
    std::string base = DvcPathBase(pipeline_);
    std::string dvc = base + "dvc.lock";
    if (ctx.workspace.Exists(dvc)) {
      EvidenceFile file;
      Status s = ctx.workspace.Read(dvc, &file);
      DvcLock parsed;
      if (s.ok()) s = ParseDvcLock(file.bytes, dvc, &parsed);
      if (!s.ok()) return s;
      for (const auto& e : parsed.entries) {
        if (base + e.path != test_ || e.md5.empty()) continue;
        *lock = dvc + ":" + std::to_string(e.line);
        *hash = e.md5;
        *algorithm = e.legacy ? HashAlgorithm::kMd5Dos2Unix : HashAlgorithm::kMd5;
        *found = true;
        return Status::OK();
      }
    }
    if (ctx.workspace.Exists("mlgate.lock")) {
      EvidenceFile file;
      Status s = ctx.workspace.Read("mlgate.lock", &file);
      std::vector<LockEntry> entries;
      if (s.ok()) s = ParseLockFile(file.bytes, "mlgate.lock", &entries);
      if (!s.ok()) return s;
      for (const auto& e : entries) {
        if (e.path != test_) continue;
        *lock = "mlgate.lock";
        *hash = e.sha256;
        *algorithm = HashAlgorithm::kSha256;
        *found = true;
        return Status::OK();
      }
    }
    return Status::OK();
  }

  // The test set is the one recorded when the split was made; when it is not, git names
  // the commit that changed it.
  Status Frozen(const CheckContext& ctx, CheckResult* result) const {
    std::string lock, recorded;
    HashAlgorithm algorithm = HashAlgorithm::kMd5;
    bool found = false;
    Status s = RecordedHash(ctx, &lock, &recorded, &algorithm, &found);
    if (!s.ok()) return s;
    if (!found) {
      if (frozen_) {
        return Status::NotFound("isolation: frozen is set but neither dvc.lock nor mlgate.lock records " + test_ +
                                "; lock it when the split is made (`mlgate lock` or `dvc repro`)");
      }
      return Status::OK();
    }
    std::string absolute;
    s = ctx.workspace.Resolve(test_, &absolute);
    if (!s.ok()) return s;
    std::vector<FileHash> now = HashFiles({absolute}, algorithm, 1, {}, ctx.workspace.max_hashed_bytes());
    if (!now[0].status.ok()) return now[0].status;
    bool changed = now[0].hex != recorded;
    result->measurements.push_back(LimitMeasurement("test_set_changed", changed ? 1 : 0, Op::kLe, 0, ""));
    if (!changed) return Status::OK();
    Finding f = MakeFinding("isolation:test-set-changed", Severity::kHigh, test_, 0,
                            test_ + " is not the test set recorded when the split was made (" + lock + " has " + recorded +
                                ", the file is " + now[0].hex + ")" + ChangedIn(ctx, absolute) +
                                "; a test set edited after the split may have been tuned on — restore it, or split again");
    result->findings.push_back(std::move(f));
    result->summary += "; the test set changed after the split";
    return Status::OK();
  }

  // ", changed in commit … by …: subject", or why git cannot say.
  std::string ChangedIn(const CheckContext& ctx, const std::string& absolute) const {
    std::unique_ptr<GitRepo> repo;
    if (!GitRepo::Open(ctx.workspace.root(), &repo).ok()) return "";
    std::string workdir = repo->WorkDir();
    if (absolute.compare(0, workdir.size(), workdir) != 0) return "";
    std::string rel = absolute.substr(workdir.size());
    std::vector<GitRepo::FileVersion> history;
    if (!repo->FileHistory(rel, 10000, &history).ok() || history.empty()) return "";
    if (history[0].blob.empty()) return " (git does not track it, so no commit can be named)";
    std::string working;
    if (repo->WorkingBlob(rel, &working).ok() && working != history[0].blob) {
      return ", changed in the working tree and not committed";
    }
    size_t i = 0;
    while (i + 1 < history.size() && history[i + 1].blob == history[0].blob) ++i;
    const auto& c = history[i];
    bool first = i + 1 == history.size();
    return std::string(", ") + (first ? "as added in" : "changed in") + " commit " + c.commit.substr(0, 12) + " by " +
           c.author + ": \"" + c.summary + "\"" + (repo->IsShallow() && first ? " (a shallow clone: earlier history is missing)" : "");
  }

  std::string train_, test_, pipeline_;
  std::optional<bool> frozen_;
  std::vector<std::string> key_, training_stages_;
  double max_overlap_ = 0;
  int examples_ = 5;
  CsvOptions options_;
};

}  // namespace

std::unique_ptr<Check> NewIsolationCheck() { return std::make_unique<IsolationCheck>(); }

}  // namespace mlgate
