#include "checks/drift/drift_summary.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <unordered_map>

#include "base/json_doc.h"
#include "base/text.h"

namespace mlgate::drift {

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr size_t kMaxBins = 100000;

// A count: a whole number, not negative.
bool IsCount(const JsonValue& v) { return v.IsNumber() && ExactCount(v.number).has_value(); }

Status Bad(const std::string& display, const std::string& where, const std::string& what) {
  return Status::Corruption(display + ": " + where + ": " + what);
}

// A feature's rows, all counts together, are a count too: sums of them stay exact, and
// no sum of counts overflows.
Status AddRows(double rows, const std::string& display, const std::string& where, double* total) {
  *total += rows;
  if (*total > 9007199254740992.0) return Bad(display, where, "more rows than a summary can count exactly (2^53)");
  return Status::OK();
}

Status ReadFeature(const JsonValue& f, const std::string& display, const std::string& where, bool* numeric,
                   ColumnData* out) {
  if (!f.IsObject()) return Bad(display, where, "expected an object with kind and counts");
  const JsonValue* kind = f.Find("kind");
  if (!kind || !kind->IsString() || (kind->text != "numeric" && kind->text != "categorical")) {
    return Bad(display, where + ".kind", "expected \"numeric\" or \"categorical\"");
  }
  *numeric = kind->text == "numeric";
  double rows = 0;
  if (const JsonValue* missing = f.Find("missing")) {
    if (!IsCount(*missing)) return Bad(display, where + ".missing", "expected a count (a whole number, 0 or more)");
    out->missing = static_cast<long long>(missing->number);
    if (Status s = AddRows(missing->number, display, where + ".missing", &rows); !s.ok()) return s;
  }
  const JsonValue* counts = f.Find("counts");
  if (!*numeric) {
    if (!counts || !counts->IsObject()) return Bad(display, where + ".counts", "expected an object of value: count");
    for (const auto& m : counts->members) {
      if (!IsCount(m.value))
        return Bad(display, where + ".counts." + m.key, "expected a count (a whole number, 0 or more)");
      if (Status s = AddRows(m.value.number, display, where + ".counts." + m.key, &rows); !s.ok()) return s;
      out->counts[m.key] += static_cast<long long>(m.value.number);
    }
    return Status::OK();
  }
  const JsonValue* edges = f.Find("edges");
  if (!edges || !edges->IsArray() || edges->items.size() < 2 || edges->items.size() > kMaxBins + 1) {
    return Bad(display, where + ".edges", "expected 2 to " + std::to_string(kMaxBins + 1) + " bin edges");
  }
  for (size_t i = 0; i < edges->items.size(); ++i) {
    const JsonValue& e = edges->items[i];
    bool open_end = e.kind == JsonValue::Kind::kNull && (i == 0 || i + 1 == edges->items.size());
    if (!open_end && !(e.IsNumber() && std::isfinite(e.number))) {
      return Bad(display, where + ".edges[" + std::to_string(i) + "]",
                 "expected a number (null only for an open first or last edge)");
    }
    double v = open_end ? (i == 0 ? -kInf : kInf) : e.number;
    if (!out->edges.empty() && !(v > out->edges.back())) {
      return Bad(display, where + ".edges[" + std::to_string(i) + "]", "edges must increase strictly");
    }
    out->edges.push_back(v);
  }
  if (!counts || !counts->IsArray() || counts->items.size() + 1 != edges->items.size()) {
    return Bad(display, where + ".counts",
               "expected one count per bin (" + std::to_string(edges->items.size() - 1) + ")");
  }
  for (size_t i = 0; i < counts->items.size(); ++i) {
    if (!IsCount(counts->items[i])) {
      return Bad(display, where + ".counts[" + std::to_string(i) + "]", "expected a count (a whole number, 0 or more)");
    }
    Status s = AddRows(counts->items[i].number, display, where + ".counts[" + std::to_string(i) + "]", &rows);
    if (!s.ok()) return s;
    out->bin_counts.push_back(counts->items[i].number);
  }
  for (auto [key, field] : {std::pair{"mean", &out->mean}, {"std", &out->std_dev}}) {
    if (const JsonValue* v = f.Find(key)) {
      if (!v->IsNumber() || !std::isfinite(v->number) || (field == &out->std_dev && v->number < 0)) {
        return Bad(display, where + "." + key, "expected a finite number");
      }
      *field = v->number;
    }
  }
  out->integers = false;
  return Status::OK();
}

// One window's features into `window`, in `names` order (new names are added).
Status ReadFeatures(const JsonValue& features, const std::string& display, const std::string& where, DriftTable* table,
                    Window* window) {
  if (!features.IsObject()) return Bad(display, where, "expected an object of feature: summary");
  std::unordered_map<std::string, size_t> index_of;  // by name: a summary may have thousands of features
  for (size_t i = 0; i < table->names.size(); ++i) index_of.emplace(table->names[i], i);
  for (const auto& m : features.members) {
    ColumnData column;
    bool numeric = false;
    Status s = ReadFeature(m.value, display, where + "." + m.key, &numeric, &column);
    if (!s.ok()) return s;
    auto [it, added] = index_of.emplace(m.key, table->names.size());
    const size_t index = it->second;
    if (added) {
      table->names.push_back(m.key);
      table->numeric.push_back(numeric);
    } else if (table->numeric[index] != numeric) {
      return Bad(display, where + "." + m.key + ".kind", "differs from an earlier window's");
    }
    if (window->columns.size() <= index) window->columns.resize(index + 1);
    window->columns[index] = std::move(column);
  }
  return Status::OK();
}

}  // namespace

std::vector<double> BinValues(Sample sorted, const std::vector<double>& edges) {
  std::vector<double> counts;
  size_t bins = edges.size() - 1;
  for (size_t i = 0; i < bins; ++i) {
    size_t lo = sorted.CountBelow(edges[i]);
    size_t hi = i + 1 == bins ? sorted.CountAtOrBelow(edges[i + 1]) : sorted.CountBelow(edges[i + 1]);
    counts.push_back(static_cast<double>(hi - lo));
  }
  return counts;
}

Status ParseDriftSummary(std::string_view text, const std::string& display, DriftTable* out) {
  JsonValue doc;
  Status s = ParseJson(text, display, &doc);
  if (!s.ok()) return s;
  const JsonValue* format = doc.IsObject() ? doc.Find("format") : nullptr;
  if (!format || !format->IsString() || format->text != kSummaryFormat) {
    return Status::Corruption(display + ": not a drift summary (expected \"format\": \"" + kSummaryFormat +
                              "\"; the layout is in `mlgate explain drift`)");
  }
  *out = DriftTable{};
  const JsonValue* windows = doc.Find("windows");
  const JsonValue* features = doc.Find("features");
  if ((windows != nullptr) == (features != nullptr)) {
    return Status::Corruption(display + ": expected either \"features\" or \"windows\"");
  }
  if (features) {
    out->windows.emplace_back();
    s = ReadFeatures(*features, display, "features", out, &out->windows.back());
    if (!s.ok()) return s;
  } else {
    if (!windows->IsArray() || windows->items.empty()) return Bad(display, "windows", "expected a list of windows");
    out->windowed = true;
    for (size_t i = 0; i < windows->items.size(); ++i) {
      const JsonValue& w = windows->items[i];
      std::string where = "windows[" + std::to_string(i) + "]";
      const JsonValue* start = w.IsObject() ? w.Find("start") : nullptr;
      Window window;
      if (!start || !start->IsString() || !ParseTimestamp(start->text, &window.start)) {
        return Bad(display, where + ".start", "expected an ISO 8601 time");
      }
      const JsonValue* wf = w.Find("features");
      if (!wf) return Bad(display, where + ".features", "missing");
      s = ReadFeatures(*wf, display, where + ".features", out, &window);
      if (!s.ok()) return s;
      out->windows.push_back(std::move(window));
    }
    std::sort(out->windows.begin(), out->windows.end(),
              [](const Window& a, const Window& b) { return a.start < b.start; });
  }
  for (auto& w : out->windows) {
    w.columns.resize(out->names.size());
    for (const auto& c : w.columns) w.rows = std::max(w.rows, c.size() + c.missing);
  }
  return Status::OK();
}

}  // namespace mlgate::drift
