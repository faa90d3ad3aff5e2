#include "checks/schema_check.h"

#include <algorithm>
#include <map>
#include <optional>
#include <unordered_set>

#include "base/csv_reader.h"
#include "base/date.h"
#include "base/text.h"
#include "base/yaml_doc.h"
#include "checks/data/contract.h"
#include "checks/data/row_fingerprint.h"

namespace mlgate {

const char kSchemaHelp[] = R"(schema — the data matches its contract

The contract is a YAML file:
  columns:
    customer_id: {type: int, nullable: false, unique: true}
    age:         {type: int, min: 18, max: 120}
    income:      {type: float, min: 0, max_missing_rate: 0.05}
    segment:     {type: string, allowed: [retail, business]}
    email:       {type: string, regex: "[^@]+@[^@]+"}
    signup:      {type: date}                 # YYYY-MM-DD
    churned:     {type: bool}                 # true/false, True/False, 0/1
  allow_extra_columns: false                  # default: a column the contract lacks is a violation
A value is missing when it is empty or NA, N/A, null, NULL or None. Missing values break
`nullable: false` (default true) and count towards max_missing_rate; every other rule
judges the present values. regex must match the whole value.

Measured: violations (every broken value, plus missing or unknown columns and missing
rates over their limit), at most max_violations. Each rule broken in a file is a finding
with its count and the first lines.

Parameters:
  contract: PATH        the contract (required)
  data: [PATH, ...]     CSV files (plain or gzip) to validate (required)
  max_violations: 0
  examples: 5           lines listed per broken rule
  delimiter: ","

Example:
  checks:
    schema:
      contract: data/contract.yaml
      data: [data/train.csv, data/test.csv, logs/inference.csv]
)";

namespace {

// What one worker saw in one file.
struct alignas(64) Tally {
  std::map<std::pair<size_t, std::string>, std::pair<long long, std::vector<long long>>> broken;  // (column, rule)
  std::vector<long long> missing;
  std::vector<std::vector<Fingerprint>> seen;  // unique columns
  long long rows = 0;
};

class SchemaCheck : public Check {
 public:
  void Configure(Params& params) override {
    contract_ = params.String("contract", true);
    data_ = params.StringList("data", true);
    max_violations_ = params.Number("max_violations", 0, 1e15, 0);
    examples_ = static_cast<size_t>(params.Number("examples", 0, 1000, 5));
    std::string delimiter = params.String("delimiter", false, ",");
    if (delimiter.size() != 1 || delimiter[0] == '"' || delimiter[0] == '\n' || delimiter[0] == '\r') {
      params.Error(params.location(), params.path() + ".delimiter: one character other than a quote or a line end");
    } else {
      options_.delimiter = delimiter[0];
    }
  }

  Status Run(const CheckContext& ctx, CheckResult* result) const override {
    EvidenceFile file;
    Status s = ctx.workspace.Read(contract_, &file);
    if (!s.ok()) return s.WithContext("data contract");
    result->evidence.push_back(file.Record());
    Contract contract;
    s = ParseContract(file.bytes, contract_, &contract);
    if (!s.ok()) return s;
    long long violations = 0, rows = 0;
    for (const auto& path : data_) {
      s = Validate(ctx, contract, path, result, &violations, &rows);
      if (!s.ok()) return s;
    }
    result->measurements.push_back(
        LimitMeasurement("violations", static_cast<double>(violations), Op::kLe, max_violations_, ""));
    result->summary = std::to_string(violations) + " violation" + (violations == 1 ? "" : "s") + " of " + contract_ +
                      " in " + std::to_string(data_.size()) + " file" + (data_.size() == 1 ? "" : "s") + " (" +
                      std::to_string(rows) + " rows)";
    return Status::OK();
  }

 private:
  void Add(CheckResult* result, const std::string& path, long long line, std::string message) const {
    Finding f = MakeFinding("schema:violation", Severity::kHigh, path, static_cast<int>(std::min<long long>(line, 2147483647)),
                            std::move(message));
    f.blocking = false;  // violations judges; findings say where
    result->findings.push_back(std::move(f));
  }

  Status Validate(const CheckContext& ctx, const Contract& contract, const std::string& path, CheckResult* result,
                  long long* violations, long long* rows) const {
    std::string absolute;
    Status s = ctx.workspace.Resolve(path, &absolute);
    if (!s.ok()) return s;
    std::unique_ptr<CsvFile> csv;
    s = CsvFile::Open(absolute, path, options_, &csv);
    if (!s.ok()) return s;
    const auto& header = csv->header();
    std::vector<int> index(contract.columns.size(), -1);
    for (size_t c = 0; c < contract.columns.size(); ++c) {
      auto it = std::find(header.begin(), header.end(), contract.columns[c].name);
      if (it != header.end()) {
        index[c] = static_cast<int>(it - header.begin());
      } else {
        ++*violations;
        Add(result, path, 1, path + ": column \"" + contract.columns[c].name + "\" of the contract is missing");
      }
    }
    if (!contract.allow_extra_columns) {
      for (const auto& h : header) {
        bool known = false;
        for (const auto& c : contract.columns) known = known || c.name == h;
        if (known) continue;
        ++*violations;
        Add(result, path, 1, path + ": column \"" + h + "\" is not in the contract");
      }
    }
    std::vector<Tally> tallies(static_cast<size_t>(csv->threads()));
    for (auto& t : tallies) {
      t.missing.assign(contract.columns.size(), 0);
      t.seen.resize(contract.columns.size());
    }
    s = csv->ForEach([&](int worker, const CsvRecord& r) {
      Tally& t = tallies[static_cast<size_t>(worker)];
      ++t.rows;
      for (size_t c = 0; c < contract.columns.size(); ++c) {
        if (index[c] < 0) continue;
        const ColumnRule& rule = contract.columns[c];
        std::string_view v = Trim(r.fields[static_cast<size_t>(index[c])]);
        const char* broken = nullptr;
        if (IsMissingValue(v)) {
          ++t.missing[c];
          if (!rule.nullable) broken = "nullable";
        } else {
          broken = BrokenRule(rule, v);
          if (rule.unique) {
            std::string buffer;
            AppendNormalField(v, &buffer);
            XXH128_hash_t h = XXH3_128bits(buffer.data(), buffer.size());
            t.seen[c].push_back({h.high64, h.low64});
          }
        }
        if (broken) {
          auto& slot = t.broken[{c, broken}];
          ++slot.first;
          if (slot.second.size() < examples_) slot.second.push_back(r.line);
        }
      }
      return Status::OK();
    });
    if (!s.ok()) return s;

    // Merge the workers: counts add up, the first lines are the smallest.
    std::map<std::pair<size_t, std::string>, std::pair<long long, std::vector<long long>>> broken;
    std::vector<long long> missing(contract.columns.size(), 0);
    long long file_rows = 0;
    for (auto& t : tallies) {
      file_rows += t.rows;
      for (size_t c = 0; c < missing.size(); ++c) missing[c] += t.missing[c];
      for (auto& [key, value] : t.broken) {
        auto& slot = broken[key];
        slot.first += value.first;
        slot.second.insert(slot.second.end(), value.second.begin(), value.second.end());
      }
    }
    *rows += file_rows;
    for (auto& [key, value] : broken) {
      const ColumnRule& rule = contract.columns[key.first];
      std::sort(value.second.begin(), value.second.end());
      if (value.second.size() > examples_) value.second.resize(examples_);
      std::vector<std::string> lines;
      for (long long l : value.second) lines.push_back(std::to_string(l));
      *violations += value.first;
      std::string what = key.second == "type"       ? "not a valid " + std::string(TypeName(rule.type))
                         : key.second == "nullable" ? "missing, and the column is not nullable"
                         : key.second == "min"      ? "below min " + FormatNumber(*rule.min)
                         : key.second == "max"      ? "above max " + FormatNumber(*rule.max)
                         : key.second == "allowed"  ? "not an allowed value"
                                                    : "not matching regex " + rule.regex_text;
      Add(result, path, value.second.front(),
          path + ": column " + rule.name + ": " + std::to_string(value.first) + " value" + (value.first == 1 ? "" : "s") +
              " " + what + " (lines " + Join(lines, ", ") + (value.first > static_cast<long long>(lines.size()) ? ", …" : "") + ")");
    }
    for (size_t c = 0; c < contract.columns.size(); ++c) {
      const ColumnRule& rule = contract.columns[c];
      if (index[c] < 0) continue;
      double rate = file_rows ? static_cast<double>(missing[c]) / static_cast<double>(file_rows) : 0;
      if (rule.max_missing_rate && rate > *rule.max_missing_rate) {
        ++*violations;
        Add(result, path, 0, path + ": column " + rule.name + ": missing rate " + FormatNumber(rate) +
                                 " is over max_missing_rate " + FormatNumber(*rule.max_missing_rate));
      }
      if (rule.unique) {
        std::vector<Fingerprint> all;
        for (auto& t : tallies) all.insert(all.end(), t.seen[c].begin(), t.seen[c].end());
        std::sort(all.begin(), all.end());
        long long dups = static_cast<long long>(all.size() - static_cast<size_t>(std::unique(all.begin(), all.end()) - all.begin()));
        if (dups) {
          *violations += dups;
          Add(result, path, 0, path + ": column " + rule.name + ": " + std::to_string(dups) +
                                   " repeated value" + (dups == 1 ? "" : "s") + " in a unique column");
        }
      }
    }
    return Status::OK();
  }

  static const char* TypeName(ColumnType t) {
    switch (t) {
      case ColumnType::kInt: return "int";
      case ColumnType::kFloat: return "float";
      case ColumnType::kBool: return "bool";
      case ColumnType::kDate: return "date (YYYY-MM-DD)";
      case ColumnType::kString: break;
    }
    return "string";
  }

  std::string contract_;
  std::vector<std::string> data_;
  double max_violations_ = 0;
  size_t examples_ = 5;
  CsvOptions options_;
};

}  // namespace

std::unique_ptr<Check> NewSchemaCheck() { return std::make_unique<SchemaCheck>(); }

}  // namespace mlgate
