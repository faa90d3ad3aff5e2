#include "checks/load_check.h"

#include "base/text.h"
#include "checks/load/locust_stats.h"

namespace mlgate {

const char kLoadHelp[] = R"(load — the load test met its latency, throughput and error budget

Reads Locust's results, detected from the content:
  PREFIX_stats.csv     locust --headless --csv PREFIX (the Type layout, and ≤1.0's Method
                       layout); the whole run is the row named Aggregated
  JSON                 locust --json / --json-file: percentiles are computed from the
                       response-time buckets exactly as Locust computes them
and, when they sit next to a PREFIX_stats.csv (or are named), PREFIX_stats_history.csv
(for sustained_rps) and PREFIX_failures.csv (each failure kind listed as a finding).

Measured (ms, requests/s, share):
  p95_ms, p99_ms       95th/99th percentile response time of the whole run
  rps                  requests per second over the run (Locust's Requests/s)
  failure_ratio        failed / all requests
  sustained_rps        requests per second while every user ran (from the history)
  <endpoint>.p95_ms …  the same per endpoint named under endpoints:

Parameters:
  stats: PATH                  the stats file (required)
  history: PATH                default PREFIX_stats_history.csv when it exists
  failures: PATH               default PREFIX_failures.csv when it exists
  p95_ms: N, p99_ms: N         maximum percentiles (ms)
  min_rps: N                   minimum throughput
  min_sustained_rps: N         minimum throughput at full load (needs the history)
  max_failure_ratio: 0.01      maximum share of failed requests
  min_requests: 1              fewer requests than this is no evidence (an error)
  endpoints: {"POST /predict": {p95_ms: 150, max_failure_ratio: 0}}   per endpoint,
                               named "METHOD NAME" or "NAME" as Locust names them
Budgets may be phased in like other thresholds: p95_ms: {value: 200, stricter: 150,
effective_on: 2027-03-01}. A figure with no budget is reported, not judged.

Example:
  checks:
    load:
      stats: reports/locust_stats.csv
      p95_ms: 200
      min_rps: 50
      max_failure_ratio: 0.01
)";

namespace {

struct Budget {
  std::optional<Threshold> p95_ms, p99_ms, min_rps;
  std::optional<double> max_failure_ratio;
};

class LoadCheck : public Check {
 public:
  void Configure(Params& params) override {
    stats_ = params.String("stats", true);
    history_ = params.String("history", false);
    failures_ = params.String("failures", false);
    ReadBudget(params, &run_);
    min_sustained_rps_ = params.ThresholdParam("min_sustained_rps", 0, 1e12);
    min_requests_ = params.Number("min_requests", 1, 1e15, 1);
    if (const YamlNode* endpoints = params.Raw("endpoints")) {
      if (!endpoints->IsMap()) {
        params.Error(endpoints->location, params.path() + ".endpoints: expected a mapping of endpoint to budgets");
      } else {
        Params each = params.Child("endpoints");
        for (const auto& e : endpoints->entries) {
          Params p = each.Child(e.key);
          Budget b;
          ReadBudget(p, &b);
          p.Finish();
          endpoints_.push_back({e.key, b});
        }
        each.Finish();
      }
    }
  }

  Status Run(const CheckContext& ctx, CheckResult* result) const override {
    EvidenceFile stats;
    Status s = ctx.workspace.Read(stats_, &stats);
    if (!s.ok()) return s.WithContext("load-test stats");
    result->evidence.push_back(stats.Record());
    LoadReport report;
    s = ParseLocustStats(stats.bytes, stats_, &report);
    if (!s.ok()) return s;
    if (static_cast<double>(report.total.requests) < min_requests_) {
      return Status::Corruption(stats_ + ": the load test made " + std::to_string(report.total.requests) +
                                " requests (at least " + FormatNumber(min_requests_) +
                                " needed); a run with no traffic is no evidence — check the host and the users");
    }
    s = Measure(report.total, "", run_, ctx, result);
    if (!s.ok()) return s;
    for (const auto& [key, budget] : endpoints_) {
      const EndpointLoad* e = FindEndpoint(report, key);
      if (!e) {
        return Status::Corruption(stats_ + ": the policy budgets endpoint \"" + key + "\" but the load test has no such "
                                  "endpoint (it has " + EndpointNames(report) + ")");
      }
      s = Measure(*e, key + ".", budget, ctx, result);
      if (!s.ok()) return s;
    }
    s = ReadHistory(ctx, result);
    if (s.ok()) s = ReadFailures(ctx, result);
    if (!s.ok()) return s;

    std::string p95 = report.total.percentiles_ms.count("95%") ? FormatNumber(report.total.percentiles_ms.at("95%")) + " ms"
                                                               : "n/a";
    char rps[32];
    std::snprintf(rps, sizeof rps, "%.1f", report.total.rps);
    result->summary = "p95 " + p95 + ", " + rps + " requests/s, " + std::to_string(report.total.failures) + " of " +
                      std::to_string(report.total.requests) + " requests failed (" + report.format + ")";
    return Status::OK();
  }

 private:
  static void ReadBudget(Params& p, Budget* b) {
    b->p95_ms = p.ThresholdParam("p95_ms", 0, 1e12);
    b->p99_ms = p.ThresholdParam("p99_ms", 0, 1e12);
    b->min_rps = p.ThresholdParam("min_rps", 0, 1e12);
    b->max_failure_ratio = p.Number("max_failure_ratio", 0, 1);
  }

  static const EndpointLoad* FindEndpoint(const LoadReport& report, const std::string& key) {
    for (const auto& e : report.endpoints) {
      if (key == e.name || key == e.method + " " + e.name) return &e;
    }
    return nullptr;
  }

  static std::string EndpointNames(const LoadReport& report) {
    std::vector<std::string> names;
    for (const auto& e : report.endpoints) names.push_back(e.method.empty() ? e.name : e.method + " " + e.name);
    return names.empty() ? "none" : Join(names, ", ");
  }

  Status Measure(const EndpointLoad& e, const std::string& prefix, const Budget& b, const CheckContext& ctx,
                 CheckResult* result) const {
    auto percentile = [&](const char* label, const char* name, const std::optional<Threshold>& max) -> Status {
      auto it = e.percentiles_ms.find(label);
      if (it == e.percentiles_ms.end()) {
        if (!max) return Status::OK();
        return Status::Corruption(stats_ + ": " + (prefix.empty() ? "the run" : e.name) + " has no " + label +
                                  " response time (no requests, or the run reported other percentiles)");
      }
      if (max) {
        AddThresholdMeasurement(result, prefix + name, it->second, Op::kLe, *max, ctx.today, "ms");
      } else {
        result->measurements.push_back(InformationalMeasurement(prefix + name, it->second, "ms"));
      }
      return Status::OK();
    };
    Status s = percentile("95%", "p95_ms", b.p95_ms);
    if (s.ok()) s = percentile("99%", "p99_ms", b.p99_ms);
    if (!s.ok()) return s;
    if (b.min_rps) {
      AddThresholdMeasurement(result, prefix + "rps", e.rps, Op::kGe, *b.min_rps, ctx.today, "requests/s");
    } else {
      result->measurements.push_back(InformationalMeasurement(prefix + "rps", e.rps, "requests/s"));
    }
    double ratio = e.requests > 0 ? static_cast<double>(e.failures) / static_cast<double>(e.requests) : 0;
    if (b.max_failure_ratio) {
      AddThresholdMeasurement(result, prefix + "failure_ratio", ratio, Op::kLe, Threshold{*b.max_failure_ratio, {}, {}},
                              ctx.today, "");
    } else {
      result->measurements.push_back(InformationalMeasurement(prefix + "failure_ratio", ratio, ""));
    }
    return Status::OK();
  }

  // The file the policy named, else PREFIX_<suffix> next to PREFIX_stats.csv when it
  // exists. False when there is none; an unreadable one is an error in *status.
  bool ReadCompanion(const CheckContext& ctx, const std::string& named, const char* suffix, const char* what,
                     CheckResult* result, EvidenceFile* file, Status* status) const {
    std::string path = named;
    const std::string tail = "_stats.csv";
    if (path.empty() && stats_.size() > tail.size() &&
        stats_.compare(stats_.size() - tail.size(), tail.size(), tail) == 0) {
      std::string guess = stats_.substr(0, stats_.size() - tail.size()) + suffix;
      if (ctx.workspace.Exists(guess)) path = guess;
    }
    if (path.empty()) return false;
    *status = ctx.workspace.Read(path, file).WithContext(what);
    if (status->ok()) result->evidence.push_back(file->Record());
    return true;
  }

  Status ReadHistory(const CheckContext& ctx, CheckResult* result) const {
    EvidenceFile file;
    Status s;
    if (!ReadCompanion(ctx, history_, "_stats_history.csv", "load-test history", result, &file, &s)) {
      if (min_sustained_rps_) {
        return Status::InvalidArgument("load: min_sustained_rps needs the stats history (PREFIX_stats_history.csv); "
                                       "name it with history:");
      }
      return Status::OK();
    }
    if (!s.ok()) return s;
    std::optional<double> sustained;
    s = ParseLocustHistory(file.bytes, file.path, &sustained);
    if (!s.ok()) return s;
    if (!sustained) {
      if (min_sustained_rps_) {
        return Status::Corruption(file.path + ": the history has fewer than two rows at full load; run the test longer");
      }
      return Status::OK();
    }
    if (min_sustained_rps_) {
      AddThresholdMeasurement(result, "sustained_rps", *sustained, Op::kGe, *min_sustained_rps_, ctx.today, "requests/s");
    } else {
      result->measurements.push_back(InformationalMeasurement("sustained_rps", *sustained, "requests/s"));
    }
    return Status::OK();
  }

  Status ReadFailures(const CheckContext& ctx, CheckResult* result) const {
    EvidenceFile file;
    Status s;
    if (!ReadCompanion(ctx, failures_, "_failures.csv", "load-test failures", result, &file, &s)) return Status::OK();
    if (!s.ok()) return s;
    std::vector<LoadFailure> failures;
    s = ParseLocustFailures(file.bytes, file.path, &failures);
    if (!s.ok()) return s;
    for (const auto& f : failures) {
      Finding finding;
      finding.rule = "load:request-failed";
      finding.severity = Severity::kMedium;
      finding.blocking = false;  // failure_ratio judges; each kind is listed for the reader
      finding.message = f.method + " " + f.name + ": " + SanitizeUtf8(f.error) + " (" + std::to_string(f.occurrences) +
                        " time" + (f.occurrences == 1 ? "" : "s") + ")";
      result->findings.push_back(std::move(finding));
    }
    return Status::OK();
  }

  std::string stats_, history_, failures_;
  Budget run_;
  std::optional<Threshold> min_sustained_rps_;
  double min_requests_ = 1;
  std::vector<std::pair<std::string, Budget>> endpoints_;
};

}  // namespace

std::unique_ptr<Check> NewLoadCheck() { return std::make_unique<LoadCheck>(); }

}  // namespace mlgate
