#include "checks/metrics/metric_source.h"

#include <tuple>

#include "base/json_doc.h"
#include "base/text.h"
#include "base/yaml_doc.h"

namespace mlgate {

namespace {

Status Put(MetricTable* table, const std::string& key, MetricValue value) {
  auto [it, inserted] = table->emplace(key, value);
  if (!inserted) {
    return Status::Corruption("metric \"" + key + "\" is defined twice (" + it->second.source + " and " + value.source +
                              "); keep one so the gate judges an unambiguous value");
  }
  return Status::OK();
}

Status FlattenJson(const JsonValue& v, const std::string& prefix, const std::string& source, MetricTable* table) {
  switch (v.kind) {
    case JsonValue::Kind::kObject:
      for (const auto& m : v.members) {
        Status s = FlattenJson(m.value, prefix.empty() ? m.key : prefix + "." + m.key, source, table);
        if (!s.ok()) return s;
      }
      return Status::OK();
    case JsonValue::Kind::kNumber:
      return Put(table, prefix, {v.number, FormatNumber(v.number), source});
    case JsonValue::Kind::kString:
      return Put(table, prefix, {std::nullopt, "\"" + v.text + "\"", source});
    case JsonValue::Kind::kBool:
      return Put(table, prefix, {std::nullopt, v.boolean ? "true" : "false", source});
    case JsonValue::Kind::kNull:
      return Put(table, prefix, {std::nullopt, "null", source});
    case JsonValue::Kind::kArray:
      return Put(table, prefix, {std::nullopt, "a list", source});
  }
  return Status::OK();
}

Status FlattenYaml(const YamlNode& v, const std::string& prefix, const std::string& source, MetricTable* table) {
  switch (v.kind) {
    case YamlNode::Kind::kMap:
      for (const auto& e : v.entries) {
        Status s = FlattenYaml(e.value, prefix.empty() ? e.key : prefix + "." + e.key, source, table);
        if (!s.ok()) return s;
      }
      return Status::OK();
    case YamlNode::Kind::kScalar: {
      std::optional<double> number = v.quoted ? std::nullopt : ParseStrictNumber(v.value);
      return Put(table, prefix, {number, v.value, v.location.ToString()});
    }
    case YamlNode::Kind::kNull:
      return Put(table, prefix, {std::nullopt, "null", v.location.ToString()});
    case YamlNode::Kind::kSequence:
      return Put(table, prefix, {std::nullopt, "a list", v.location.ToString()});
  }
  return Status::OK();
}

}  // namespace

Status ReadMetricsFile(const EvidenceFile& file, MetricTable* table) {
  std::string_view head = Trim(std::string_view(file.bytes).substr(0, 256));
  if (head.substr(0, 3) == "\xEF\xBB\xBF") head = Trim(head.substr(3));
  if (head.empty()) return Status::Corruption(file.path + ": is empty; expected JSON or YAML metrics");
  Status s;
  if (head[0] == '{' || head[0] == '[') {
    JsonValue root;
    s = ParseJson(file.bytes, file.path, &root);
    if (!s.ok()) return s;
    if (!root.IsObject()) return Status::Corruption(file.path + ": expected a JSON object of metrics");
    s = FlattenJson(root, "", file.path, table);
  } else {
    YamlNode root;
    s = ParseYaml(file.bytes, file.path, &root, YamlLimits{file.bytes.size() + 1, 64});
    if (!s.ok()) return s;
    if (!root.IsMap()) return Status::Corruption(file.path + ": expected a YAML mapping of metrics");
    s = FlattenYaml(root, "", file.path, table);
  }
  return s.WithContext(file.path);
}

Status ReadMlflowMetric(const Workspace& workspace, const std::string& run_dir, const std::string& name,
                        MetricValue* value, EvidenceFile* evidence) {
  // Metric names may hold '/', stored as subdirectories; never "..".
  if (name.empty() || name.find("..") != std::string::npos || name[0] == '/') {
    return Status::InvalidArgument("\"" + name + "\" is not a valid MLflow metric name");
  }
  std::string path = run_dir + "/metrics/" + name;
  Status s = workspace.Read(path, evidence);
  if (!s.ok()) return s;
  // Each line: <timestamp_ms> <value> [<step>].
  bool have = false;
  std::tuple<double, double, double> best{};
  LineReader lines(evidence->bytes);
  std::string_view line;
  while (lines.Next(&line)) {
    int line_number = lines.line_number();
    if (line.empty()) continue;
    std::vector<std::string_view> fields;
    for (size_t start = 0; start <= line.size();) {
      size_t space = line.find(' ', start);
      if (space == std::string_view::npos) space = line.size();
      if (space > start) fields.push_back(line.substr(start, space - start));
      start = space + 1;
    }
    std::optional<double> ts = fields.size() >= 2 ? ParseStrictNumber(fields[0]) : std::nullopt;
    std::optional<double> v = fields.size() >= 2 ? ParseStrictNumber(fields[1]) : std::nullopt;
    std::optional<double> step = fields.size() == 3 ? ParseStrictNumber(fields[2]) : std::optional<double>(0);
    if (fields.size() < 2 || fields.size() > 3 || !ts || !step) {
      return Status::Corruption(path + ":" + std::to_string(line_number) + ": expected \"<timestamp> <value> [<step>]\"");
    }
    if (!v) {
      return Status::Corruption(path + ":" + std::to_string(line_number) + ": value \"" + std::string(fields[1]) +
                                "\" is not a finite number");
    }
    std::tuple<double, double, double> key{*step, *ts, *v};
    if (!have || key > best) best = key;
    have = true;
  }
  if (!have) return Status::Corruption(path + ": holds no values");
  value->number = std::get<2>(best);
  value->raw = FormatNumber(std::get<2>(best));
  value->source = path;
  return Status::OK();
}

}  // namespace mlgate
