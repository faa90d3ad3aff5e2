#include "checks/drift_check.h"

#include <algorithm>
#include <atomic>
#include <map>
#include <set>
#include <thread>
#include <unordered_map>

#include "base/date.h"
#include "base/text.h"
#include "checks/drift/drift_data.h"
#include "checks/drift/drift_method.h"
#include "checks/drift/drift_summary.h"

namespace mlgate {

const char kDriftHelp[] = R"(drift — production data has not drifted from the training data beyond its budget

Each compared feature of the current data (production inference logs) is tested against
the reference (training data); a feature drifts when its statistic crosses its threshold,
and the data drifts when the share of drifted features exceeds max_drifted_share. With a
timestamp column the current data is cut into windows (window: 1h | 1d | 7d …) and the
budget is the number of drifted windows within the lookback.

Methods (per feature, or `auto`: chosen as Evidently's defaults choose, by type, distinct
values U and reference size N):
  auto            numeric, U > 5: ks when N ≤ 1000, else wasserstein; otherwise (and for
                  categorical columns): chisquare (U > 2) or ztest when N ≤ 1000, else
                  jensenshannon
  ks              two-sample Kolmogorov–Smirnov p-value, drift at p ≤ 0.05 (scipy ks_2samp)
  wasserstein     Wasserstein-1 over the reference standard deviation, drift at ≥ 0.1
  psi             population stability index over the reference deciles, drift at ≥ 0.1
  jensenshannon   Jensen–Shannon distance (natural log), drift at ≥ 0.1
  chisquare       chi-square goodness-of-fit p-value, drift at p < 0.05
  ztest           two-proportion z-test p-value (two values), drift at p < 0.05
Numbers agree with scipy 1.10 to 1e-9. Missing cells (empty, NA, NaN, null, None) and
infinities are dropped first; a value only in production counts (chisquare p = 0).

Measured: drifted_share (latest window) against max_drifted_share, drifted_windows against
max_drifted_windows (with a timestamp, or a summary's windows), and drift.<feature> (the
method's statistic, latest window). Each drifted feature is a finding with reference and
current summaries.

Past one machine, either side can be a pre-aggregated summary (a .json file a Spark or SQL
job writes: per feature a histogram on fixed bin edges, or category counts; layout in
checks/drift/drift_summary.h and the README): statistics are then computed over the bins
(KS as the largest gap at the edges, Wasserstein with values spread evenly in each bin),
and a CSV side is binned on the summary's edges.

Parameters:
  reference: PATH            training data: CSV (plain or gzip) or a summary (.json) (required)
  current: PATH              production data: CSV or a summary (.json) (required)
  columns: [NAME, ...]       the features (default: every column both files have, but
                             the timestamp)
  exclude: [NAME, ...]       columns not compared (ids)
  categorical: [NAME, ...]   compared by value even when they hold numbers
  method: auto               for every feature
  threshold: NUMBER          for every feature (default: the method's)
  features: {NAME: {method: psi, threshold: 0.2}}
  timestamp: NAME            cut the current data into windows by this column (ISO 8601
                             or unix seconds)
  window: 1d                 window length (h, d or w)
  lookback: 30d              the windows counted: those starting within this time before
                             the latest (default: all)
  budget: {max_drifted_share: 0.5, max_drifted_windows: 0}
  delimiter: ","

Example:
  checks:
    drift:
      reference: data/train.csv
      current: logs/inference.csv
      exclude: [id]
      timestamp: ts
      window: 1d
      lookback: 30d
      features: {income: {method: psi, threshold: 0.2}}
      budget: {max_drifted_share: 0.3, max_drifted_windows: 3}
)";

namespace {

using drift::FeatureSpec;
using drift::FeatureVerdict;

struct WindowVerdict {
  long long start = 0;
  int drifted = 0;
  int evaluated = 0;
  std::vector<std::pair<std::string, FeatureVerdict>> features;
  double share() const { return evaluated ? static_cast<double>(drifted) / evaluated : 0.0; }
};

class DriftCheck : public Check {
 public:
  void Configure(Params& params) override {
    reference_ = params.String("reference", true);
    current_ = params.String("current", true);
    columns_ = params.StringList("columns", false);
    exclude_ = params.StringList("exclude", false);
    categorical_ = params.StringList("categorical", false);
    std::string method = params.String("method", false, "auto");
    if (auto m = drift::ParseMethod(method)) {
      default_.method = *m;
    } else {
      params.Error(params.location(), params.path() + ".method: unknown method \"" + method +
                                          "\" (auto, ks, wasserstein, psi, jensenshannon, chisquare, ztest)");
    }
    default_.threshold = params.Number("threshold", 0, 1e9);
    if (const YamlNode* features = params.Raw("features")) {
      if (!features->IsMap()) {
        params.Error(features->location,
                     params.path() + ".features: expected a mapping of feature to {method, threshold}");
      } else {
        Params each = params.Child("features");
        for (const auto& e : features->entries) {
          Params p = each.Child(e.key);
          FeatureSpec spec = default_;
          std::string m = p.String("method", false, drift::MethodName(default_.method));
          if (auto parsed = drift::ParseMethod(m)) {
            spec.method = *parsed;
          } else {
            p.Error(p.location(), p.path() + ".method: unknown method \"" + m + "\"");
          }
          if (auto t = p.Number("threshold", 0, 1e9))
            spec.threshold = t;
          else if (spec.method != default_.method)
            spec.threshold.reset();
          p.Finish();
          features_[e.key] = spec;
        }
        each.Finish();
      }
    }
    timestamp_ = params.String("timestamp", false);
    std::string window = params.String("window", false, "1d"), lookback = params.String("lookback", false);
    auto w = ParseDurationSeconds(window);
    if (!w || *w <= 0)
      params.Error(params.location(), params.path() + ".window: expected a length such as 1h, 1d or 7d");
    window_seconds_ = w.value_or(86400);
    if (!lookback.empty()) {
      auto l = ParseDurationSeconds(lookback);
      if (!l) params.Error(params.location(), params.path() + ".lookback: expected a length such as 30d");
      lookback_seconds_ = l.value_or(0);
    }
    Params budget = params.Child("budget");
    max_drifted_share_ = budget.Number("max_drifted_share", 0, 1, 0.5);
    max_drifted_windows_ = budget.Number("max_drifted_windows", 0, 1e9, 0);
    budget.Finish();
    std::string delimiter = params.String("delimiter", false, ",");
    if (delimiter.size() != 1) params.Error(params.location(), params.path() + ".delimiter: expected one character");
    delimiter_ = delimiter.empty() ? ',' : delimiter[0];
  }

  Status Run(const CheckContext& ctx, CheckResult* result) const override {
    Side ref_side, cur_side;
    ref_side.path = reference_;
    cur_side.path = current_;
    Status s = Inspect(ctx, "drift reference", &ref_side);
    if (s.ok()) s = Inspect(ctx, "drift current data", &cur_side);
    if (!s.ok()) return s;
    drift::LoadOptions options;
    s = ChooseColumns(ref_side, cur_side, &options);
    if (!s.ok()) return s;
    if (ctx.progress) ctx.progress("reading " + reference_ + " and " + current_);
    drift::LoadOptions ref_options = options;
    ref_options.timestamp.clear();
    s = Load(ref_side, ref_options);
    if (s.ok()) s = Load(cur_side, options);
    if (!s.ok()) return s;
    const drift::DriftTable& reference = ref_side.table;
    const drift::DriftTable& current = cur_side.table;
    if (reference.windows.size() != 1) {
      return Status::InvalidArgument(reference_ +
                                     ": the reference is one data set; a summary of it has \"features\", "
                                     "not \"windows\"");
    }
    const drift::Window& ref = reference.windows[0];
    // The windows within the lookback, ending with the latest.
    std::vector<const drift::Window*> windows;
    long long latest = current.windows.back().start;
    for (const auto& w : current.windows) {
      if (lookback_seconds_ == 0 || !current.windowed || w.start > latest - lookback_seconds_) windows.push_back(&w);
    }
    // Every (window, feature) pair is independent: judged on every core, feature by feature
    // (the cores then read one reference column, which stays in the cache across windows).
    const size_t ncols = options.columns.size();
    std::vector<FeatureVerdict> judged(windows.size() * ncols);  // window-major
    std::atomic<size_t> next{0};
    auto judge = [&] {
      for (size_t job; (job = next++) < judged.size();) {
        const size_t c = job / windows.size(), wi = job % windows.size();
        auto it = features_.find(options.columns[c]);
        judged[wi * ncols + c] = drift::JudgeFeature(ref.columns[c], windows[wi]->columns[c], options.numeric[c],
                                                     it == features_.end() ? default_ : it->second);
      }
    };
    std::vector<std::thread> threads;
    for (unsigned t = 1; t < std::max(1u, std::thread::hardware_concurrency()); ++t) threads.emplace_back(judge);
    judge();
    for (auto& t : threads) t.join();
    std::vector<WindowVerdict> verdicts;
    for (size_t wi = 0; wi < windows.size(); ++wi) {
      WindowVerdict v;
      v.start = windows[wi]->start;
      for (size_t c = 0; c < ncols; ++c) {
        FeatureVerdict& f = judged[wi * ncols + c];
        v.evaluated += f.evaluated;
        v.drifted += f.evaluated && f.drifted;
        v.features.emplace_back(options.columns[c], std::move(f));
      }
      verdicts.push_back(std::move(v));
    }
    const WindowVerdict& last = verdicts.back();
    if (last.evaluated == 0) {
      return Status::Corruption(current_ + ": no feature could be compared (" + last.features[0].first + ": " +
                                last.features[0].second.not_evaluated + ")");
    }
    std::string when = current.windowed ? " in the window from " + UtcMinute(last.start) : "";
    if (!current.windowed) {
      result->measurements.push_back(LimitMeasurement("drifted_share", last.share(), Op::kLe, max_drifted_share_, ""));
    } else {
      result->measurements.push_back(InformationalMeasurement("drifted_share", last.share(), ""));
      int drifted_windows = 0;
      for (const auto& v : verdicts) drifted_windows += v.evaluated > 0 && v.share() > max_drifted_share_;
      result->measurements.push_back(
          LimitMeasurement("drifted_windows", drifted_windows, Op::kLe, max_drifted_windows_, ""));
      for (const auto& v : verdicts) {
        if (v.evaluated > 0 && v.share() > max_drifted_share_) {
          Finding f;
          f.rule = "drift:window";
          f.severity = Severity::kMedium;
          f.blocking = false;
          f.path = current_;
          f.message = "the window from " + UtcMinute(v.start) + " drifted: " + std::to_string(v.drifted) + " of " +
                      std::to_string(v.evaluated) + " features (more than " + FormatNumber(max_drifted_share_ * 100) +
                      "%)";
          result->findings.push_back(std::move(f));
        }
      }
    }
    // The report's figures: each drifted feature's two distributions, and the windows'
    // drifted share against the budget.
    for (size_t c = 0; c < ncols; ++c) {
      const FeatureVerdict& f = last.features[c].second;
      if (!f.evaluated || !f.drifted) continue;
      Chart chart =
          drift::DistributionChart(options.columns[c], ref.columns[c], windows.back()->columns[c], options.numeric[c]);
      if (!chart.labels.empty()) result->charts.push_back(std::move(chart));
    }
    if (current.windowed) {
      Chart chart;
      chart.kind = "windows";
      chart.title = "drifted share per window (budget: more than " + FormatNumber(max_drifted_share_ * 100) +
                    "% drifts a window)";
      chart.limit = max_drifted_share_;
      for (const auto& v : verdicts) {
        chart.labels.push_back(UtcMinute(v.start));
        chart.current.push_back(v.share());
      }
      result->charts.push_back(std::move(chart));
    }
    for (const auto& [name, f] : last.features) {
      if (f.evaluated) result->measurements.push_back(InformationalMeasurement("drift." + name, f.statistic, ""));
      if (!f.evaluated || f.drifted) {
        Finding finding;
        finding.rule = f.evaluated ? "drift:feature" : "drift:not-compared";
        finding.severity = f.evaluated ? Severity::kMedium : Severity::kLow;
        finding.blocking = false;
        finding.path = current_;
        finding.message =
            f.evaluated
                ? name + " drifted" + when + ": " + drift::MethodName(f.method) + " " + FormatNumber(f.statistic) +
                      (drift::IsPValue(f.method) ? " below " : " at or above ") + FormatNumber(f.threshold) +
                      "; reference " + f.reference_summary + "; current " + f.current_summary
                : name + " not compared" + when + ": " + f.not_evaluated;
        result->findings.push_back(std::move(finding));
      }
    }
    result->summary = std::to_string(last.drifted) + " of " + std::to_string(last.evaluated) + " features drifted" +
                      when + (current.windowed ? ", " + std::to_string(verdicts.size()) + " windows judged" : "");
    return Status::OK();
  }

 private:
  // One side of the comparison: a CSV file, or a pre-aggregated summary (.json).
  struct Side {
    std::string path;  // as the policy names it
    std::string absolute;
    bool summary = false;
    std::vector<std::string> header;
    std::vector<bool> numeric;
    drift::DriftTable table;
  };

  // Where a side is, what it holds: a summary is read whole (within the evidence size
  // limit), a CSV file only sampled here.
  Status Inspect(const CheckContext& ctx, const std::string& what, Side* side) const {
    Status s = ctx.workspace.Resolve(side->path, &side->absolute);
    if (!s.ok()) return s.WithContext(what);
    side->summary = side->path.size() > 5 && side->path.compare(side->path.size() - 5, 5, ".json") == 0;
    if (!side->summary) {
      return drift::SampleColumns(side->absolute, side->path, delimiter_, &side->header, &side->numeric);
    }
    EvidenceFile file;
    s = ctx.workspace.Read(side->path, &file);
    if (s.ok()) s = drift::ParseDriftSummary(file.bytes, side->path, &side->table);
    if (!s.ok()) return s;
    side->header = side->table.names;
    side->numeric = side->table.numeric;
    return Status::OK();
  }

  // Reads a CSV side; puts a summary's columns in the compared order.
  Status Load(Side& side, const drift::LoadOptions& options) const {
    if (!side.summary) {
      Status s = drift::LoadDriftTable(side.absolute, side.path, options, &side.table);
      if (s.ok() && side.table.windows.empty()) return Status::Corruption(side.path + ": no rows under its header");
      return s;
    }
    std::unordered_map<std::string_view, size_t> column_of;
    for (size_t i = 0; i < side.table.names.size(); ++i) column_of.emplace(side.table.names[i], i);
    for (auto& window : side.table.windows) {
      std::vector<drift::ColumnData> columns(options.columns.size());
      for (size_t c = 0; c < options.columns.size(); ++c) {
        auto it = column_of.find(options.columns[c]);
        if (it != column_of.end() && it->second < window.columns.size()) columns[c] = std::move(window.columns[it->second]);
      }
      window.columns = std::move(columns);
    }
    side.table.names = options.columns;
    side.table.numeric = options.numeric;
    return Status::OK();
  }

  // The compared columns: named, or every column both sides share but the timestamp and
  // the excluded ones; numeric when the first rows of both (or their summaries) say so.
  Status ChooseColumns(const Side& ref, const Side& cur, drift::LoadOptions* options) const {
    const auto& ref_header = ref.header;
    const auto& cur_header = cur.header;
    const auto& ref_numeric = ref.numeric;
    const auto& cur_numeric = cur.numeric;
    // Looked up by name (a file may have many thousands of columns).
    auto index = [](const std::vector<std::string>& names) {
      std::unordered_map<std::string_view, size_t> out;
      for (size_t i = 0; i < names.size(); ++i) out.emplace(names[i], i);
      return out;
    };
    const auto ref_index = index(ref_header), cur_index = index(cur_header);
    const auto excluded = index(exclude_), categorical = index(categorical_);
    std::vector<std::string> names = columns_;
    if (names.empty()) {
      for (const auto& h : ref_header) {
        if (cur_index.count(h) && !excluded.count(h) && h != timestamp_) names.push_back(h);
      }
      if (names.empty()) {
        return Status::InvalidArgument(reference_ + " and " + current_ + " share no column to compare (" + reference_ +
                                       ": " + Join(ref_header, ", ") + "; " + current_ + ": " + Join(cur_header, ", ") +
                                       ")");
      }
    }
    for (const auto& name : names) {
      auto r = ref_index.find(name);
      auto c = cur_index.find(name);
      if (r == ref_index.end()) return Status::InvalidArgument(reference_ + ": no column \"" + name + "\"");
      if (c == cur_index.end()) return Status::InvalidArgument(current_ + ": no column \"" + name + "\"");
      options->columns.push_back(name);
      options->numeric.push_back(!categorical.count(name) && ref_numeric[r->second] && cur_numeric[c->second]);
    }
    options->timestamp = timestamp_;
    options->window_seconds = window_seconds_;
    options->delimiter = delimiter_;
    return Status::OK();
  }

  std::string reference_, current_, timestamp_;
  std::vector<std::string> columns_, exclude_, categorical_;
  FeatureSpec default_;
  std::map<std::string, FeatureSpec> features_;
  long long window_seconds_ = 86400, lookback_seconds_ = 0;
  double max_drifted_share_ = 0.5, max_drifted_windows_ = 0;
  char delimiter_ = ',';
};

}  // namespace

std::unique_ptr<Check> NewDriftCheck() { return std::make_unique<DriftCheck>(); }

}  // namespace mlgate
