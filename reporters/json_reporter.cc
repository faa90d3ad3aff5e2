// report.json, schema_version 1 (docs/DESIGN.md "The JSON report"). A public interface: fields
// are only ever added. Non-finite numbers are written as null (JSON has no NaN).
#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>

#include "base/json_doc.h"
#include "base/text.h"
#include "reporters/json_writer.h"
#include "reporters/reporter.h"

namespace mlgate {

namespace {

using Writer = JsonWriter;

void Str(Writer& w, const std::string& s) { JsonText(w, s); }

void Key(Writer& w, const char* k) { w.Key(k); }

void StrOrNull(Writer& w, const std::string& s) {
  if (s.empty())
    w.Null();
  else
    Str(w, s);
}

void Num(Writer& w, double v) {
  if (std::isfinite(v))
    w.Double(v);
  else
    w.Null();
}

void WriteEvidence(Writer& w, const std::vector<EvidenceRecord>& records) {
  w.StartArray();
  for (const auto& e : records) {
    w.StartObject();
    Key(w, "path");
    Str(w, e.path);
    Key(w, "sha256");
    Str(w, e.sha256);
    Key(w, "bytes");
    w.Uint64(e.bytes);
    w.EndObject();
  }
  w.EndArray();
}

void WriteCheck(Writer& w, const CheckResult& c) {
  w.StartObject();
  Key(w, "id");
  Str(w, c.id);
  Key(w, "title");
  Str(w, c.title);
  Key(w, "status");
  Str(w, StatusName(c.status));
  Key(w, "blocking");
  w.Bool(c.blocking);
  Key(w, "summary");
  Str(w, c.summary);
  Key(w, "measurements");
  w.StartArray();
  for (const auto& m : c.measurements) {
    w.StartObject();
    Key(w, "name");
    Str(w, m.name);
    Key(w, "value");
    Num(w, m.value);
    Key(w, "op");
    if (m.informational)
      w.Null();
    else
      Str(w, OpName(m.op));
    Key(w, "threshold");
    if (m.informational)
      w.Null();
    else
      Num(w, m.threshold);
    if (m.op == Op::kEq) {
      Key(w, "tolerance");
      Num(w, m.tolerance);
    }
    Key(w, "unit");
    Str(w, m.unit);
    Key(w, "ok");
    w.Bool(m.ok);
    if (m.advisory) {
      Key(w, "advisory");
      w.Bool(true);
    }
    if (!m.note.empty()) {
      Key(w, "note");
      Str(w, m.note);
    }
    w.EndObject();
  }
  w.EndArray();
  Key(w, "findings");
  w.StartArray();
  for (const auto& f : c.findings) {
    w.StartObject();
    Key(w, "rule");
    Str(w, f.rule);
    Key(w, "severity");
    Str(w, SeverityName(f.severity));
    Key(w, "message");
    Str(w, f.message);
    Key(w, "path");
    StrOrNull(w, f.path);
    Key(w, "line");
    if (f.line > 0)
      w.Int(f.line);
    else
      w.Null();
    Key(w, "column");
    if (f.column > 0)
      w.Int(f.column);
    else
      w.Null();
    if (!f.line_hash.empty()) {
      Key(w, "line_hash");
      Str(w, f.line_hash);
    }
    Key(w, "blocking");
    w.Bool(f.blocking);
    Key(w, "waived");
    w.Bool(f.waived);
    if (f.waived) {
      Key(w, "waiver");
      Str(w, f.waiver);
      Key(w, "waiver_expires");
      Str(w, f.waiver_expires);
    }
    w.EndObject();
  }
  w.EndArray();
  Key(w, "evidence");
  WriteEvidence(w, c.evidence);
  if (!c.charts.empty()) {
    Key(w, "charts");
    w.StartArray();
    for (const auto& chart : c.charts) {
      w.StartObject();
      Key(w, "kind");
      Str(w, chart.kind);
      Key(w, "title");
      Str(w, chart.title);
      Key(w, "labels");
      w.StartArray();
      for (const auto& l : chart.labels) Str(w, l);
      w.EndArray();
      Key(w, "reference");
      w.StartArray();
      for (double v : chart.reference) Num(w, v);
      w.EndArray();
      Key(w, "current");
      w.StartArray();
      for (double v : chart.current) Num(w, v);
      w.EndArray();
      Key(w, "limit");
      Num(w, chart.limit);
      w.EndObject();
    }
    w.EndArray();
  }
  Key(w, "seconds");
  w.Double(std::round(c.seconds * 1000) / 1000);
  w.EndObject();
}

}  // namespace

Status WriteJsonReport(const Decision& d, const ReportOptions&, std::ostream& out) {
  rapidjson::OStreamWrapper stream(out);
  Writer w(stream);
  w.SetIndent(' ', 2);
  w.StartObject();
  Key(w, "schema_version");
  w.Int(d.schema_version);
  Key(w, "tool");
  w.StartObject();
  Key(w, "name");
  Str(w, "mlgate");
  Key(w, "version");
  Str(w, d.tool_version);
  w.EndObject();
  Key(w, "verdict");
  Str(w, d.verdict);
  Key(w, "model");
  w.StartObject();
  Key(w, "name");
  StrOrNull(w, d.model_name);
  Key(w, "artifact");
  StrOrNull(w, d.model_artifact);
  Key(w, "sha256");
  StrOrNull(w, d.model_sha256);
  w.EndObject();
  Key(w, "git");
  w.StartObject();
  Key(w, "commit");
  StrOrNull(w, d.git_commit);
  Key(w, "base");
  StrOrNull(w, d.git_base);
  w.EndObject();
  Key(w, "environment");
  StrOrNull(w, d.environment);
  Key(w, "date");
  Str(w, d.date);
  Key(w, "fail_on_warn");
  w.Bool(d.fail_on_warn);
  Key(w, "errors");
  w.StartArray();
  for (const auto& e : d.errors) Str(w, e);
  w.EndArray();
  Key(w, "checks");
  w.StartArray();
  for (const auto& c : d.checks) WriteCheck(w, c);
  w.EndArray();
  Key(w, "policy");
  w.StartObject();
  Key(w, "files");
  WriteEvidence(w, d.policy_files);
  Key(w, "overrides");
  w.StartArray();
  for (const auto& o : d.overrides) {
    w.StartObject();
    Key(w, "key");
    Str(w, o.key);
    Key(w, "pack");
    Str(w, o.pack);
    Key(w, "pack_value");
    Str(w, o.pack_value);
    Key(w, "value");
    Str(w, o.value);
    Key(w, "location");
    Str(w, o.location);
    w.EndObject();
  }
  w.EndArray();
  Key(w, "pending_changes");
  w.StartArray();
  for (const auto& p : d.pending_policy_changes) Str(w, p);
  w.EndArray();
  w.EndObject();
  Key(w, "promotions");
  w.StartArray();
  for (const auto& e : d.promotions) {
    w.StartObject();
    Key(w, "event");
    Str(w, e.event);
    Key(w, "version");
    Str(w, e.version);
    Key(w, "previous");
    StrOrNull(w, e.previous);
    Key(w, "tag");
    Str(w, e.tag);
    Key(w, "commit");
    StrOrNull(w, e.commit);
    Key(w, "at");
    Str(w, e.at);
    w.EndObject();
  }
  w.EndArray();
  Key(w, "waivers");
  w.StartArray();
  for (const auto& n : d.waivers) {
    w.StartObject();
    Key(w, "check");
    Str(w, n.check);
    Key(w, "rule");
    Str(w, n.rule);
    Key(w, "status");
    Str(w, n.status);
    Key(w, "expires");
    Str(w, n.expires);
    Key(w, "approved_by");
    Str(w, n.approved_by);
    Key(w, "reason");
    Str(w, n.reason);
    Key(w, "matched");
    w.Int(n.matched);
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
  out << "\n";
  if (!out) return Status::IOError("writing the JSON report failed");
  return Status::OK();
}

// ---- reading it back ----

namespace {

class Reader {
 public:
  explicit Reader(std::string file) : file_(std::move(file)) {}

  std::string Text(const JsonValue& obj, const char* key) {
    const JsonValue* v = obj.Find(key);
    if (!v || v->kind == JsonValue::Kind::kNull) return "";
    if (!v->IsString()) Fail(std::string(key) + " is not text");
    return v ? v->text : "";
  }
  double Number(const JsonValue& obj, const char* key) {
    const JsonValue* v = obj.Find(key);
    if (v && v->kind == JsonValue::Kind::kNull) return std::nan("");
    if (!v || !v->IsNumber()) Fail(std::string(key) + " is not a number");
    return v && v->IsNumber() ? v->number : 0;
  }
  // A count (line, version, bytes): absent is 0; anything but a whole number from 0 to
  // 2^53 is a mistake (and would be undefined behaviour cast to an integer).
  long long Count(const JsonValue& obj, const char* key) {
    const JsonValue* v = obj.Find(key);
    if (!v || v->kind == JsonValue::Kind::kNull) return 0;
    std::optional<long long> n = v->IsNumber() ? ExactCount(v->number) : std::nullopt;
    if (!n) Fail(std::string(key) + " is not a count");
    return n.value_or(0);
  }
  // A count held in an int (a line, a version): capped where an int ends.
  int SmallCount(const JsonValue& obj, const char* key) {
    return static_cast<int>(std::min<long long>(Count(obj, key), std::numeric_limits<int>::max()));
  }
  bool Bool(const JsonValue& obj, const char* key) {
    const JsonValue* v = obj.Find(key);
    if (!v) return false;
    if (v->kind != JsonValue::Kind::kBool) Fail(std::string(key) + " is not true/false");
    return v->boolean;
  }
  const std::vector<JsonValue>& Array(const JsonValue& obj, const char* key) {
    static const std::vector<JsonValue> kEmpty;
    const JsonValue* v = obj.Find(key);
    if (!v) return kEmpty;
    if (!v->IsArray()) Fail(std::string(key) + " is not a list");
    return v->IsArray() ? v->items : kEmpty;
  }
  const JsonValue& Object(const JsonValue& obj, const char* key) {
    static const JsonValue kEmpty;
    const JsonValue* v = obj.Find(key);
    if (!v || !v->IsObject()) {
      Fail(std::string(key) + " is not an object");
      return kEmpty;
    }
    return *v;
  }
  std::vector<EvidenceRecord> Evidence(const JsonValue& obj, const char* key) {
    std::vector<EvidenceRecord> out;
    for (const auto& e : Array(obj, key)) {
      out.push_back({Text(e, "path"), Text(e, "sha256"), static_cast<unsigned long long>(Count(e, "bytes"))});
    }
    return out;
  }
  void Fail(const std::string& what) {
    if (error_.empty()) error_ = file_ + ": " + what;
  }
  const std::string& error() const { return error_; }

 private:
  std::string file_;
  std::string error_;
};

}  // namespace

Status ReadJsonReport(const std::string& json, const std::string& file, Decision* d) {
  JsonValue root;
  Status s = ParseJson(json, file, &root);
  if (!s.ok()) return s;
  if (!root.IsObject()) return Status::Corruption(file + ": not a mlgate report");
  Reader r(file);
  d->schema_version = r.SmallCount(root, "schema_version");
  if (d->schema_version != 1) return Status::Corruption(file + ": schema_version is not 1");
  d->tool_version = r.Text(r.Object(root, "tool"), "version");
  d->verdict = r.Text(root, "verdict");
  const JsonValue& model = r.Object(root, "model");
  d->model_name = r.Text(model, "name");
  d->model_artifact = r.Text(model, "artifact");
  d->model_sha256 = r.Text(model, "sha256");
  const JsonValue& git = r.Object(root, "git");
  d->git_commit = r.Text(git, "commit");
  d->git_base = r.Text(git, "base");
  d->environment = r.Text(root, "environment");
  d->date = r.Text(root, "date");
  d->fail_on_warn = r.Bool(root, "fail_on_warn");
  for (const auto& e : r.Array(root, "errors")) d->errors.push_back(e.text);
  for (const auto& cj : r.Array(root, "checks")) {
    CheckResult c;
    c.id = r.Text(cj, "id");
    c.title = r.Text(cj, "title");
    c.status = ParseStatus(r.Text(cj, "status")).value_or(CheckStatus::kError);
    c.blocking = r.Bool(cj, "blocking");
    c.summary = r.Text(cj, "summary");
    for (const auto& mj : r.Array(cj, "measurements")) {
      Measurement m;
      m.name = r.Text(mj, "name");
      m.value = r.Number(mj, "value");
      std::string op = r.Text(mj, "op");
      m.informational = op.empty();
      m.op = ParseOp(op).value_or(Op::kGe);
      m.threshold = m.informational ? 0 : r.Number(mj, "threshold");
      if (mj.Find("tolerance")) m.tolerance = r.Number(mj, "tolerance");
      m.unit = r.Text(mj, "unit");
      m.ok = r.Bool(mj, "ok");
      m.advisory = r.Bool(mj, "advisory");
      m.note = r.Text(mj, "note");
      c.measurements.push_back(m);
    }
    for (const auto& fj : r.Array(cj, "findings")) {
      Finding f;
      f.rule = r.Text(fj, "rule");
      f.severity = ParseSeverity(r.Text(fj, "severity")).value_or(Severity::kMedium);
      f.message = r.Text(fj, "message");
      f.path = r.Text(fj, "path");
      f.line = r.SmallCount(fj, "line");
      f.column = r.SmallCount(fj, "column");
      f.blocking = r.Bool(fj, "blocking");
      f.waived = r.Bool(fj, "waived");
      f.waiver = r.Text(fj, "waiver");
      f.waiver_expires = r.Text(fj, "waiver_expires");
      f.line_hash = r.Text(fj, "line_hash");
      c.findings.push_back(f);
    }
    c.evidence = r.Evidence(cj, "evidence");
    for (const auto& chj : r.Array(cj, "charts")) {
      Chart chart;
      chart.kind = r.Text(chj, "kind");
      chart.title = r.Text(chj, "title");
      for (const auto& l : r.Array(chj, "labels")) chart.labels.push_back(l.IsString() ? l.text : "");
      for (const auto& v : r.Array(chj, "reference")) chart.reference.push_back(v.IsNumber() ? v.number : std::nan(""));
      for (const auto& v : r.Array(chj, "current")) chart.current.push_back(v.IsNumber() ? v.number : std::nan(""));
      chart.limit = r.Number(chj, "limit");
      c.charts.push_back(std::move(chart));
    }
    c.seconds = r.Number(cj, "seconds");
    d->checks.push_back(std::move(c));
  }
  for (const auto& ej : r.Array(root, "promotions")) {
    d->promotions.push_back({r.Text(ej, "event"), r.Text(ej, "version"), r.Text(ej, "previous"), r.Text(ej, "tag"),
                             r.Text(ej, "commit"), r.Text(ej, "at")});
  }
  const JsonValue& policy = r.Object(root, "policy");
  d->policy_files = r.Evidence(policy, "files");
  for (const auto& oj : r.Array(policy, "overrides")) {
    d->overrides.push_back(
        {r.Text(oj, "key"), r.Text(oj, "pack"), r.Text(oj, "pack_value"), r.Text(oj, "value"), r.Text(oj, "location")});
  }
  for (const auto& pj : r.Array(policy, "pending_changes")) d->pending_policy_changes.push_back(pj.text);
  for (const auto& wj : r.Array(root, "waivers")) {
    d->waivers.push_back({r.Text(wj, "check"), r.Text(wj, "rule"), r.Text(wj, "status"), r.Text(wj, "expires"),
                          r.Text(wj, "approved_by"), r.Text(wj, "reason"), r.SmallCount(wj, "matched")});
  }
  if (!r.error().empty()) return Status::Corruption(r.error());
  return Status::OK();
}

}  // namespace mlgate
