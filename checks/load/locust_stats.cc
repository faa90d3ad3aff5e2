#include "checks/load/locust_stats.h"

#include <algorithm>
#include <cmath>

#include "base/csv_reader.h"
#include "base/json_doc.h"
#include "base/text.h"

namespace mlgate {

namespace {

// Locust's PERCENTILES_TO_REPORT, with the labels its CSV header uses.
const std::vector<std::pair<double, std::string>>& ReportedPercentiles() {
  static const std::vector<std::pair<double, std::string>> kList = {
      {0.50, "50%"}, {0.66, "66%"}, {0.75, "75%"}, {0.80, "80%"}, {0.90, "90%"}, {0.95, "95%"},
      {0.98, "98%"}, {0.99, "99%"}, {0.999, "99.9%"}, {0.9999, "99.99%"}, {1.0, "100%"}};
  return kList;
}

// A Locust CSV file: a header, then rows of its width (blank lines skipped). Columns are
// found by name; a column may have had another name in older Locust versions.
class LocustTable {
 public:
  LocustTable(std::string_view text, const std::string& file) : reader_(text, file), file_(file) {}

  Status ReadHeader() {
    if (reader_.Next(&header_)) return Status::OK();
    return reader_.status().ok() ? Status::Corruption(file_ + ": empty") : reader_.status();
  }
  const std::vector<std::string>& header() const { return header_; }

  int Column(std::initializer_list<const char*> names) const {
    for (const char* name : names) {
      for (size_t i = 0; i < header_.size(); ++i) {
        if (header_[i] == name) return static_cast<int>(i);
      }
    }
    return -1;
  }

  // The next row and "file:line" for messages; false at the end or on an error (*status).
  bool NextRow(std::vector<std::string>* row, std::string* where, Status* status) {
    while (reader_.Next(row)) {
      *where = file_ + ":" + std::to_string(reader_.line());
      if (row->size() == 1 && (*row)[0].empty()) continue;
      if (row->size() != header_.size()) {
        *status = Status::Corruption(*where + ": " + std::to_string(row->size()) + " fields, the header has " +
                                     std::to_string(header_.size()) + "; the file is truncated or not Locust's");
        return false;
      }
      return true;
    }
    *status = reader_.status();
    return false;
  }

 private:
  CsvReader reader_;
  std::string file_;
  std::vector<std::string> header_;
};

Status Number(const std::vector<std::string>& row, int column, const std::string& where, const char* what, double* out) {
  std::optional<double> v = ParseStrictNumber(row[static_cast<size_t>(column)]);
  if (!v || *v < 0) {
    return Status::Corruption(where + ": " + what + " \"" + SanitizeUtf8(row[static_cast<size_t>(column)]) +
                              "\" is not a non-negative number");
  }
  *out = *v;
  return Status::OK();
}

Status Count(const std::vector<std::string>& row, int column, const std::string& where, const char* what, long long* out) {
  double v;
  Status s = Number(row, column, where, what, &v);
  if (!s.ok()) return s;
  if (v != std::floor(v) || v > 1e15) return Status::Corruption(where + ": " + what + " is not a whole count");
  *out = static_cast<long long>(v);
  return Status::OK();
}

bool IsTotal(const std::string& name) { return name == "Aggregated" || name == "Total"; }

Status ParseCsv(std::string_view text, const std::string& file, LoadReport* out) {
  LocustTable table(text, file);
  Status s = table.ReadHeader();
  if (!s.ok()) return s;
  const std::vector<std::string>& header = table.header();
  int first = header[0] == "Type" || header[0] == "Method" ? 0 : -1;
  int name = table.Column({"Name"});
  int requests = table.Column({"Request Count", "# requests"});
  int failures = table.Column({"Failure Count", "# failures"});
  int rps = table.Column({"Requests/s"});
  if (first < 0 || name < 0 || requests < 0 || failures < 0 || rps < 0) {
    return Status::Corruption(file + ":1: not a Locust stats file (expected the columns Type, Name, Request Count, "
                                     "Failure Count, Requests/s, …); write it with `locust --headless --csv PREFIX` "
                                     "and name PREFIX_stats.csv");
  }
  std::vector<std::pair<int, std::string>> percentile_columns;
  for (size_t i = 0; i < header.size(); ++i) {
    const std::string& h = header[i];
    if (h.size() > 1 && h.back() == '%' && ParseStrictNumber(std::string_view(h).substr(0, h.size() - 1))) {
      percentile_columns.push_back({static_cast<int>(i), h});
    }
  }
  out->format = header[0] == "Method" ? "Locust CSV (≤1.0 layout)" : "Locust CSV";
  bool have_total = false;
  std::vector<std::string> row;
  std::string where;
  while (table.NextRow(&row, &where, &s)) {
    EndpointLoad e;
    e.method = row[static_cast<size_t>(first)];
    if (e.method == "None") e.method.clear();
    e.name = row[static_cast<size_t>(name)];
    s = Count(row, requests, where, "Request Count", &e.requests);
    if (s.ok()) s = Count(row, failures, where, "Failure Count", &e.failures);
    if (s.ok()) s = Number(row, rps, where, "Requests/s", &e.rps);
    if (!s.ok()) return s;
    for (const auto& [column, label] : percentile_columns) {
      if (row[static_cast<size_t>(column)] == "N/A") continue;  // no requests
      double ms;
      s = Number(row, column, where, label.c_str(), &ms);
      if (!s.ok()) return s;
      e.percentiles_ms[label] = ms;
    }
    if (IsTotal(e.name) && e.method.empty()) {
      out->total = e;
      have_total = true;
    } else {
      out->endpoints.push_back(e);
    }
  }
  if (!s.ok()) return s;
  if (!have_total) {
    return Status::Corruption(file + ": no Aggregated row; the stats file is truncated or not Locust's");
  }
  return Status::OK();
}

struct JsonEntry {
  EndpointLoad load;
  std::map<long long, long long> buckets;
  double start = 0, last = 0;
  bool has_last = false;
};

Status ReadEntry(const JsonValue& v, const std::string& where, JsonEntry* out) {
  if (!v.IsObject()) return Status::Corruption(where + ": expected an object");
  auto text = [&](const char* key, std::string* dst) -> Status {
    const JsonValue* f = v.Find(key);
    if (!f || !f->IsString()) return Status::Corruption(where + "." + key + ": expected a string");
    *dst = f->text;
    return Status::OK();
  };
  auto count = [&](const char* key, long long* dst) -> Status {
    const JsonValue* f = v.Find(key);
    if (!f || !f->IsNumber() || !f->integral || f->number < 0 || f->number > 1e15) {
      return Status::Corruption(where + "." + key + ": expected a non-negative integer");
    }
    *dst = static_cast<long long>(f->number);
    return Status::OK();
  };
  Status s = text("name", &out->load.name);
  if (s.ok()) s = text("method", &out->load.method);
  if (s.ok()) s = count("num_requests", &out->load.requests);
  if (s.ok()) s = count("num_failures", &out->load.failures);
  if (!s.ok()) return s;
  const JsonValue* start = v.Find("start_time");
  if (!start || !start->IsNumber()) return Status::Corruption(where + ".start_time: expected a number");
  out->start = start->number;
  if (const JsonValue* last = v.Find("last_request_timestamp"); last && last->IsNumber()) {
    out->last = last->number;
    out->has_last = true;
  }
  const JsonValue* times = v.Find("response_times");
  if (!times || !times->IsObject()) return Status::Corruption(where + ".response_times: expected an object");
  long long bucketed = 0;
  for (const auto& m : times->members) {
    std::optional<double> ms_number = ParseStrictNumber(m.key);
    std::optional<long long> ms = ms_number ? ExactCount(*ms_number) : std::nullopt;
    std::optional<long long> requests =
        m.value.IsNumber() && m.value.integral ? ExactCount(m.value.number) : std::nullopt;
    if (!ms || !requests) {
      return Status::Corruption(where + ".response_times[\"" + SanitizeUtf8(m.key) +
                                "\"]: expected a whole number of ms counting whole requests");
    }
    out->buckets[*ms] += *requests;
    bucketed += *requests;
    if (bucketed > out->load.requests) break;  // reported below; and no sum can overflow
  }
  if (bucketed > out->load.requests) {
    return Status::Corruption(where + ": response_times count " + std::to_string(bucketed) + " requests but num_requests is " +
                              std::to_string(out->load.requests) + "; the entry is inconsistent");
  }
  return Status::OK();
}

void FillPercentiles(const std::map<long long, long long>& buckets, EndpointLoad* e) {
  if (e->requests == 0) return;
  for (const auto& [fraction, label] : ReportedPercentiles()) {
    e->percentiles_ms[label] = LocustPercentile(buckets, e->requests, fraction);
  }
}

Status ParseJson(std::string_view text, const std::string& file, LoadReport* out) {
  JsonValue root;
  Status s = mlgate::ParseJson(text, file, &root);
  if (!s.ok()) return s;
  if (!root.IsArray()) {
    return Status::Corruption(file + ": not Locust's JSON (an array of stats entries, from `locust --json`)");
  }
  out->format = "Locust JSON";
  std::map<long long, long long> all;
  double start = 0, last = 0;
  bool any_last = false;
  std::vector<JsonEntry> entries(root.items.size());
  for (size_t i = 0; i < root.items.size(); ++i) {
    s = ReadEntry(root.items[i], file + ": [" + std::to_string(i) + "]", &entries[i]);
    if (!s.ok()) return s;
    const JsonEntry& e = entries[i];
    start = i == 0 ? e.start : std::min(start, e.start);
    if (e.has_last) last = any_last ? std::max(last, e.last) : e.last;
    any_last = any_last || e.has_last;
    for (const auto& [ms, n] : e.buckets) all[ms] += n;
    out->total.requests += e.load.requests;
    out->total.failures += e.load.failures;
  }
  // Locust's total_rps: requests over the span from the first entry's start to the last request.
  double span = any_last ? last - start : 0;
  for (auto& e : entries) {
    e.load.rps = span > 0 ? static_cast<double>(e.load.requests) / span : 0;
    FillPercentiles(e.buckets, &e.load);
    out->endpoints.push_back(e.load);
  }
  out->total.name = "Aggregated";
  out->total.rps = span > 0 ? static_cast<double>(out->total.requests) / span : 0;
  FillPercentiles(all, &out->total);
  return Status::OK();
}

}  // namespace

double LocustPercentile(const std::map<long long, long long>& buckets, long long requests, double fraction) {
  long long allowed = static_cast<long long>(static_cast<double>(requests) * fraction);
  long long processed = 0;
  for (auto it = buckets.rbegin(); it != buckets.rend(); ++it) {
    processed += it->second;
    if (requests - processed <= allowed) return static_cast<double>(it->first);
  }
  return 0;
}

Status ParseLocustStats(std::string_view text, const std::string& file, LoadReport* out) {
  if (text.find('\0') != std::string_view::npos || !IsValidUtf8(text)) {
    return Status::Corruption(file + ": not UTF-8 text; is this a binary file?");
  }
  std::string_view t = Trim(text);
  if (t.empty()) return Status::Corruption(file + ": empty; write the stats with `locust --headless --csv PREFIX`");
  if (t.front() == '[' || t.front() == '{') return ParseJson(text, file, out);
  return ParseCsv(text, file, out);
}

Status ParseLocustFailures(std::string_view text, const std::string& file, std::vector<LoadFailure>* out) {
  LocustTable table(text, file);
  Status s = table.ReadHeader();
  if (!s.ok()) return s;
  int method = table.Column({"Method"}), name = table.Column({"Name"}), error = table.Column({"Error"});
  int occurrences = table.Column({"Occurrences"});
  if (method < 0 || name < 0 || error < 0 || occurrences < 0) {
    return Status::Corruption(file + ":1: not a Locust failures file (expected Method, Name, Error, Occurrences)");
  }
  std::vector<std::string> row;
  std::string where;
  while (table.NextRow(&row, &where, &s)) {
    LoadFailure f{row[static_cast<size_t>(method)], row[static_cast<size_t>(name)], row[static_cast<size_t>(error)], 0};
    s = Count(row, occurrences, where, "Occurrences", &f.occurrences);
    if (!s.ok()) return s;
    out->push_back(std::move(f));
  }
  return s;
}

Status ParseLocustHistory(std::string_view text, const std::string& file, std::optional<double>* sustained_rps) {
  LocustTable table(text, file);
  Status s = table.ReadHeader();
  if (!s.ok()) return s;
  int time = table.Column({"Timestamp"}), users = table.Column({"User Count"}), name = table.Column({"Name"});
  int total = table.Column({"Total Request Count"});
  if (time < 0 || users < 0 || name < 0 || total < 0) {
    return Status::Corruption(file + ":1: not a Locust stats history file (expected Timestamp, User Count, Name, "
                                     "Total Request Count, …)");
  }
  struct Point {
    double time, users;
    long long total;
  };
  std::vector<Point> points;
  std::vector<std::string> row;
  std::string where;
  while (table.NextRow(&row, &where, &s)) {
    if (!IsTotal(row[static_cast<size_t>(name)])) continue;  // --csv-full-history rows per endpoint
    Point p{};
    s = Number(row, time, where, "Timestamp", &p.time);
    if (s.ok()) s = Number(row, users, where, "User Count", &p.users);
    if (s.ok()) s = Count(row, total, where, "Total Request Count", &p.total);
    if (!s.ok()) return s;
    points.push_back(p);
  }
  if (!s.ok()) return s;
  double full = 0;
  for (const auto& p : points) full = std::max(full, p.users);
  // The throughput while every user ran: requests between the first and last full-load rows.
  const Point* first = nullptr;
  const Point* last = nullptr;
  for (const auto& p : points) {
    if (full <= 0 || p.users != full) continue;
    if (!first) first = &p;
    last = &p;
  }
  sustained_rps->reset();
  if (first && last && last->time > first->time) {
    *sustained_rps = static_cast<double>(last->total - first->total) / (last->time - first->time);
  }
  return Status::OK();
}

}  // namespace mlgate
