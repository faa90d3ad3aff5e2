#include "checks/metrics_check.h"

#include <cmath>
#include <limits>

#include "base/text.h"
#include "checks/metrics/metric_source.h"
#include "registry/file_registry.h"

namespace mlgate {

const char kMetricsHelp[] = R"(metrics — model metrics meet thresholds and do not regress

Reads metric values from:
  file: PATH or [PATHS]     JSON or YAML metrics files (flat or nested; DVC metrics files
                            are such files); nested keys are addressed with dots: eval.f1
  mlflow_run: DIR           an MLflow file-store run, mlruns/<experiment>/<run>; each
                            metric's latest value (by step, then time)
and compares each metric named under thresholds:
  min: N / max: N           the value must be >= N / <= N
  equals: N, tolerance: T   |value - N| <= T (tolerance defaults to 0)
  max_drop: N or "N%"       baseline - value <= N (absolute) or <= N % of the baseline
  max_increase: N or "N%"   value - baseline <= N (absolute) or <= N % of the baseline
min, max and equals may be phased in: min: {value: 0.9, stricter: 0.92, effective_on: 2027-03-01}.

Baseline (the production model's metrics):
  baseline: PATH            a metrics file of the model in production
  baseline_registry: DIR    or the production registry itself (environments.production.
                            registry): the metrics in the live version's manifest.json,
                            as `mlgate promote` recorded them
  on_missing_baseline: fail pass | fail — what a max_drop/max_increase does when there is
                            no baseline yet (first promotion); the report says which

A metric named in thresholds but absent from the evidence is an error, never a pass.

Example:
  checks:
    metrics:
      file: metrics.json
      baseline: registry/production/churn/metrics.json
      on_missing_baseline: pass
      thresholds:
        accuracy: { min: 0.90 }
        latency_p95_ms: { max: 120 }
        f1: { min: 0.80, max_drop: 0.01 }
)";

namespace {

struct Change {
  double amount = 0;
  bool relative = false;  // amount is a percentage of the baseline
};

struct MetricRule {
  std::string name;
  std::optional<Threshold> min, max, equals;
  double tolerance = 0;
  std::optional<Change> max_drop, max_increase;
};

std::optional<Change> ReadChange(Params& p, const std::string& key) {
  const YamlNode* v = p.Raw(key);
  if (!v) return std::nullopt;
  if (v->IsScalar() && !v->value.empty() && v->value.back() == '%') {
    std::optional<double> pct = ParseStrictNumber(v->value.substr(0, v->value.size() - 1));
    if (pct && *pct >= 0 && *pct <= 100) return Change{*pct, true};
    p.Error(v->location, p.path() + "." + key + ": expected a percentage from 0% to 100%, got " + v->Describe());
    return std::nullopt;
  }
  std::optional<double> amount = ReadNumber(*v, p.path() + "." + key, p.errors());
  if (!amount) return std::nullopt;
  if (!(*amount >= 0)) {
    p.Error(v->location, p.path() + "." + key + ": must not be negative");
    return std::nullopt;
  }
  return Change{*amount, false};
}

class MetricsCheck : public Check {
 public:
  void Configure(Params& params) override {
    files_ = params.StringList("file", false);
    mlflow_run_ = params.String("mlflow_run", false);
    baseline_ = params.String("baseline", false);
    baseline_registry_ = params.String("baseline_registry", false);
    if (!baseline_.empty() && !baseline_registry_.empty()) {
      params.Error(params.location(), params.path() + ": baseline and baseline_registry name the same thing; keep one");
    }
    pass_without_baseline_ = params.Enum("on_missing_baseline", {"pass", "fail"}, "fail") == "pass";
    if (files_.empty() && mlflow_run_.empty()) {
      params.Error(params.location(), params.path() + ": needs `file:` (metrics files) or `mlflow_run:` (an MLflow run)");
    }
    const YamlNode* thresholds = params.Raw("thresholds");
    if (!thresholds || !thresholds->IsMap() || thresholds->entries.empty()) {
      params.Error(thresholds ? thresholds->location : params.location(),
                   params.path() + ".thresholds: required: a mapping of metric names to limits, e.g. accuracy: {min: 0.9}");
      return;
    }
    for (const auto& entry : thresholds->entries) {
      Params p(&entry.value, params.path() + ".thresholds." + entry.key, entry.key_location, params.errors());
      MetricRule rule;
      rule.name = entry.key;
      double inf = std::numeric_limits<double>::max();
      rule.min = p.ThresholdParam("min", -inf, inf);
      rule.max = p.ThresholdParam("max", -inf, inf);
      rule.equals = p.ThresholdParam("equals", -inf, inf);
      rule.tolerance = p.Number("tolerance", 0, inf, 0);
      rule.max_drop = ReadChange(p, "max_drop");
      rule.max_increase = ReadChange(p, "max_increase");
      p.Finish();
      if (!rule.min && !rule.max && !rule.equals && !rule.max_drop && !rule.max_increase) {
        p.Error(entry.key_location, p.path() + ": no limit given; set min, max, equals, max_drop or max_increase");
      }
      if ((rule.max_drop || rule.max_increase) && baseline_.empty() && baseline_registry_.empty()) {
        p.Error(entry.key_location, p.path() + ": max_drop/max_increase compare against a baseline; set `baseline:` "
                                               "to the production model's metrics file");
      }
      rules_.push_back(std::move(rule));
    }
  }

  Status Run(const CheckContext& ctx, CheckResult* result) const override {
    MetricTable current;
    for (const auto& path : files_) {
      EvidenceFile file;
      Status s = ctx.workspace.Read(path, &file);
      if (!s.ok()) return s.WithContext("metrics file");
      result->evidence.push_back(file.Record());
      s = ReadMetricsFile(file, &current);
      if (!s.ok()) return s;
    }

    MetricTable baseline;
    bool have_baseline = false;
    if (!baseline_registry_.empty()) {
      Status s = RegistryBaseline(ctx, &baseline, &have_baseline, result);
      if (!s.ok()) return s;
    } else if (!baseline_.empty()) {
      EvidenceFile file;
      Status s = ctx.workspace.Read(baseline_, &file);
      if (s.ok()) {
        result->evidence.push_back(file.Record());
        s = ReadMetricsFile(file, &baseline);
        if (!s.ok()) return s.WithContext("baseline");
        have_baseline = true;
      } else if (s.code() != Status::Code::kNotFound) {
        return s.WithContext("baseline");
      }
    }

    std::vector<std::string> missing;
    int compared = 0;
    for (const auto& rule : rules_) {
      MetricValue value;
      Status s = Lookup(ctx, current, rule.name, &value, result);
      if (s.code() == Status::Code::kNotFound) {
        missing.push_back(rule.name);
        continue;
      }
      if (!s.ok()) return s;
      if (!value.number) {
        return Status::Corruption(value.source + ": metric \"" + rule.name + "\" is " + value.raw + ", not a number");
      }
      double v = *value.number;
      ++compared;
      if (rule.min) AddThresholdMeasurement(result, rule.name, v, Op::kGe, *rule.min, ctx.today, "");
      if (rule.max) AddThresholdMeasurement(result, rule.name, v, Op::kLe, *rule.max, ctx.today, "");
      if (rule.equals) {
        Measurement m;
        m.name = rule.name;
        m.value = v;
        m.op = Op::kEq;
        m.threshold = rule.equals->EnforcedOn(ctx.today);
        m.tolerance = rule.tolerance;
        m.ok = Compare(v, Op::kEq, m.threshold, m.tolerance);
        result->measurements.push_back(m);
      }
      if (rule.max_drop || rule.max_increase) CompareToBaseline(rule, v, have_baseline, baseline, result);
    }

    result->summary = std::to_string(compared) + " metric" + (compared == 1 ? "" : "s") + " compared";
    int failed = 0;
    for (const auto& m : result->measurements) failed += m.ok || m.advisory ? 0 : 1;
    if (failed) result->summary += ", " + std::to_string(failed) + " outside the policy";
    if (!missing.empty()) {
      std::string where = files_.empty() ? mlflow_run_ : Join(files_, ", ");
      return Status::NotFound("metric" + std::string(missing.size() > 1 ? "s " : " ") + Join(missing, ", ") +
                              " named in the policy " + (missing.size() > 1 ? "are" : "is") + " missing from " + where +
                              "; a missing metric is not a pass — record it in the evaluation output");
    }
    return Status::OK();
  }

 private:
  // The metrics `mlgate promote` recorded for the live version in the registry; none when
  // nothing was promoted yet (the first promotion: on_missing_baseline decides).
  Status RegistryBaseline(const CheckContext& ctx, MetricTable* baseline, bool* have, CheckResult* result) const {
    *have = false;
    if (ctx.model_name.empty()) {
      return Status::InvalidArgument("metrics: baseline_registry needs the model (--model, or one under models:)");
    }
    std::string model_dir = baseline_registry_ + "/" + ctx.model_name;
    EvidenceFile current;
    Status s = ctx.workspace.Read(model_dir + "/CURRENT", &current);
    if (s.code() == Status::Code::kNotFound) return Status::OK();
    if (!s.ok()) return s.WithContext("baseline");
    std::string version(Trim(current.bytes));
    if (!IsSafeName(version)) return Status::Corruption(model_dir + "/CURRENT: not a version name");
    result->evidence.push_back(current.Record());
    EvidenceFile manifest;
    s = ctx.workspace.Read(model_dir + "/" + version + "/manifest.json", &manifest);
    MetricTable all;
    if (s.ok()) s = ReadMetricsFile(manifest, &all);
    if (!s.ok()) return s.WithContext("baseline");
    result->evidence.push_back(manifest.Record());
    for (auto& [name, value] : all) {
      if (name.rfind("metrics.", 0) == 0) (*baseline)[name.substr(8)] = value;
    }
    *have = true;
    return Status::OK();
  }

  Status Lookup(const CheckContext& ctx, const MetricTable& table, const std::string& name, MetricValue* value,
                CheckResult* result) const {
    if (auto it = table.find(name); it != table.end()) {
      *value = it->second;
      return Status::OK();
    }
    if (mlflow_run_.empty()) return Status::NotFound(name);
    EvidenceFile file;
    Status s = ReadMlflowMetric(ctx.workspace, mlflow_run_, name, value, &file);
    if (s.ok()) result->evidence.push_back(file.Record());
    return s;
  }

  void CompareToBaseline(const MetricRule& rule, double v, bool have_baseline, const MetricTable& baseline,
                         CheckResult* result) const {
    auto it = have_baseline ? baseline.find(rule.name) : baseline.end();
    if (it == baseline.end() || !it->second.number) {
      Finding f;
      f.rule = "metrics:no-baseline";
      f.path = baseline_;
      f.blocking = !pass_without_baseline_;
      f.severity = pass_without_baseline_ ? Severity::kInfo : Severity::kHigh;
      f.message = "no baseline for " + rule.name + (have_baseline ? " in " + baseline_ : " (" + baseline_ + " does not exist)") +
                  "; on_missing_baseline: " + (pass_without_baseline_ ? "pass — treated as a first promotion"
                                                                       : "fail — set it to pass for a first promotion");
      result->findings.push_back(std::move(f));
      return;
    }
    double base = *it->second.number;
    auto add = [&](const char* suffix, double delta, const Change& limit) {
      Measurement m;
      m.name = rule.name + suffix;
      m.op = Op::kLe;
      m.threshold = limit.amount;
      if (limit.relative) {
        // A zero baseline has no relative change: NaN, which fails the comparison.
        m.value = base != 0 ? 100.0 * delta / std::fabs(base) : std::nan("");
        m.unit = "%";
      } else {
        m.value = delta;
      }
      m.ok = Compare(m.value, Op::kLe, m.threshold);
      m.note = "baseline " + FormatNumber(base) + ", current " + FormatNumber(v);
      result->measurements.push_back(m);
    };
    if (rule.max_drop) add(".drop", base - v, *rule.max_drop);
    if (rule.max_increase) add(".increase", v - base, *rule.max_increase);
  }

  std::vector<std::string> files_;
  std::string mlflow_run_;
  std::string baseline_, baseline_registry_;
  bool pass_without_baseline_ = false;
  std::vector<MetricRule> rules_;
};

}  // namespace

std::unique_ptr<Check> NewMetricsCheck() { return std::make_unique<MetricsCheck>(); }

}  // namespace mlgate
