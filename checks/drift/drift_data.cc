#include "checks/drift/drift_data.h"

#include <fast_float/fast_float.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <thread>

#include "gate/csv_reader.h"
#include "gate/date.h"

namespace mlgate::drift {

namespace {

constexpr size_t kSampleRows = 2048;

bool EqualsIgnoringCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    char x = a[i] >= 'A' && a[i] <= 'Z' ? static_cast<char>(a[i] - 'A' + 'a') : a[i];
    if (x != b[i]) return false;
  }
  return true;
}

std::string_view Trimmed(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

// A number as pandas reads one ("1", "-2.5", ".5", "1e3", "+4"); *integer when written
// without a fraction or exponent.
bool ParseCell(std::string_view cell, double* value, bool* integer) {
  if (!cell.empty() && cell[0] == '+') cell.remove_prefix(1);
  if (cell.empty()) return false;
  auto r = fast_float::from_chars(cell.data(), cell.data() + cell.size(), *value);
  if (r.ec != std::errc() || r.ptr != cell.data() + cell.size()) return false;
  *integer = cell.find_first_of(".eE") == std::string_view::npos;
  return true;
}

int Digits(std::string_view s, size_t at, size_t count, bool* ok) {
  int v = 0;
  for (size_t i = at; i < at + count; ++i) {
    if (i >= s.size() || s[i] < '0' || s[i] > '9') {
      *ok = false;
      return 0;
    }
    v = v * 10 + (s[i] - '0');
  }
  return v;
}

ColumnData& At(Window& w, size_t c) { return w.columns[c]; }

void Merge(ColumnData* into, ColumnData&& from) {
  if (into->numbers.empty()) {
    into->numbers = std::move(from.numbers);
  } else {
    into->numbers.insert(into->numbers.end(), from.numbers.begin(), from.numbers.end());
  }
  for (auto& [value, count] : from.counts) into->counts[value] += count;
  into->missing += from.missing;
  into->integers = into->integers && from.integers;
}

}  // namespace

long long ColumnData::size() const {
  if (!numbers.empty() || counts.empty()) return static_cast<long long>(numbers.size());
  long long n = 0;
  for (const auto& [value, count] : counts) n += count;
  return n;
}

bool IsMissing(std::string_view cell) {
  cell = Trimmed(cell);
  if (cell.empty()) return true;
  if (cell[0] == '+' || cell[0] == '-') {
    std::string_view rest = cell.substr(1);
    return EqualsIgnoringCase(rest, "inf") || EqualsIgnoringCase(rest, "infinity");
  }
  for (std::string_view token : {"na", "nan", "null", "none", "n/a", "inf", "infinity", "<na>"}) {
    if (EqualsIgnoringCase(cell, token)) return true;
  }
  return false;
}

bool ParseTimestamp(std::string_view text, long long* seconds) {
  text = Trimmed(text);
  bool ok = true;
  if (text.size() >= 10 && text[4] == '-' && text[7] == '-') {
    int y = Digits(text, 0, 4, &ok), mo = Digits(text, 5, 2, &ok), d = Digits(text, 8, 2, &ok);
    if (!ok || mo < 1 || mo > 12 || d < 1 || d > 31) return false;
    Date date{y, mo, d};
    long long t = static_cast<long long>(date.DaysSinceEpoch()) * 86400;
    size_t i = 10;
    if (i < text.size() && (text[i] == 'T' || text[i] == ' ')) {
      int h = Digits(text, i + 1, 2, &ok), mi = Digits(text, i + 4, 2, &ok), s = 0;
      if (!ok || text.size() < i + 6 || text[i + 3] != ':' || h > 23 || mi > 59) return false;
      i += 6;
      if (i < text.size() && text[i] == ':') {
        s = Digits(text, i + 1, 2, &ok);
        if (!ok || s > 60) return false;
        i += 3;
        if (i < text.size() && (text[i] == '.' || text[i] == ',')) {
          ++i;
          while (i < text.size() && text[i] >= '0' && text[i] <= '9') ++i;
        }
      }
      t += h * 3600 + mi * 60 + s;
      if (i < text.size() && text[i] == 'Z') {
        ++i;
      } else if (i < text.size() && (text[i] == '+' || text[i] == '-')) {
        int sign = text[i] == '+' ? 1 : -1;
        int oh = Digits(text, i + 1, 2, &ok);
        size_t m = i + 3 < text.size() && text[i + 3] == ':' ? i + 4 : i + 3;
        int om = Digits(text, m, 2, &ok);
        if (!ok) return false;
        t -= sign * (oh * 3600 + om * 60);
        i = m + 2;
      }
    }
    if (i != text.size()) return false;
    *seconds = t;
    return true;
  }
  double value = 0;
  bool integer = false;
  if (!ParseCell(text, &value, &integer) || !std::isfinite(value)) return false;
  *seconds = static_cast<long long>(std::floor(value));
  return true;
}

Status SampleColumns(const std::string& path, const std::string& display, char delimiter,
                     std::vector<std::string>* header, std::vector<bool>* numeric) {
  CsvOptions options;
  options.delimiter = delimiter;
  options.threads = 1;
  std::unique_ptr<CsvFile> file;
  Status s = CsvFile::Open(path, display, options, &file);
  if (!s.ok()) return s;
  *header = file->header();
  std::vector<std::vector<std::string>> rows;
  s = file->Head(kSampleRows, &rows);
  if (!s.ok()) return s;
  numeric->assign(header->size(), true);
  for (const auto& row : rows) {
    for (size_t c = 0; c < row.size() && c < header->size(); ++c) {
      double v;
      bool integer;
      if (!IsMissing(row[c]) && !ParseCell(Trimmed(row[c]), &v, &integer)) (*numeric)[c] = false;
    }
  }
  return Status::OK();
}

Status LoadDriftTable(const std::string& path, const std::string& display, const LoadOptions& options,
                      DriftTable* out) {
  CsvOptions csv;
  csv.delimiter = options.delimiter;
  std::unique_ptr<CsvFile> file;
  Status s = CsvFile::Open(path, display, csv, &file);
  if (!s.ok()) return s;
  const auto& header = file->header();
  auto find = [&](const std::string& name) {
    return static_cast<int>(std::find(header.begin(), header.end(), name) - header.begin());
  };
  std::vector<int> index;
  for (const auto& name : options.columns) {
    int i = find(name);
    if (i == static_cast<int>(header.size())) return Status::InvalidArgument(display + ": no column \"" + name + "\"");
    index.push_back(i);
  }
  int ts = -1;
  if (!options.timestamp.empty()) {
    ts = find(options.timestamp);
    if (ts == static_cast<int>(header.size())) {
      return Status::InvalidArgument(display + ": no timestamp column \"" + options.timestamp + "\"");
    }
  }
  const size_t ncols = index.size();
  // Each worker fills windows of its own (by window number), merged at the end.
  struct Worker {
    std::map<long long, Window> windows;
  };
  std::vector<Worker> workers(static_cast<size_t>(file->threads()));
  s = file->ForEach([&](int w, const CsvRecord& record) -> Status {
    long long key = 0;
    if (ts >= 0) {
      long long seconds;
      if (!ParseTimestamp(record.fields[static_cast<size_t>(ts)], &seconds)) {
        return Status::Corruption(display + ":" + std::to_string(record.line) + ": column " + options.timestamp +
                                  ": \"" + std::string(record.fields[static_cast<size_t>(ts)]) +
                                  "\" is not a timestamp (ISO 8601 or unix seconds)");
      }
      key = seconds >= 0 ? seconds / options.window_seconds
                         : -((-seconds + options.window_seconds - 1) / options.window_seconds);
    }
    Window& window = workers[static_cast<size_t>(w)].windows[key];
    if (window.columns.empty()) {
      window.columns.resize(ncols);
      window.start = key * options.window_seconds;
    }
    ++window.rows;
    for (size_t c = 0; c < ncols; ++c) {
      std::string_view cell = record.fields[static_cast<size_t>(index[c])];
      ColumnData& column = At(window, c);
      if (IsMissing(cell)) {
        ++column.missing;
        continue;
      }
      if (!options.numeric[c]) {
        ++column.counts[std::string(cell)];
        continue;
      }
      double value;
      bool integer;
      if (!ParseCell(Trimmed(cell), &value, &integer)) {
        return Status::Corruption(display + ":" + std::to_string(record.line) + ": column " + options.columns[c] +
                                  ": \"" + std::string(cell).substr(0, 40) +
                                  "\" is not a number, though the first rows of the column are (list it under "
                                  "categorical: to compare it by value)");
      }
      column.numbers.push_back(value);
      column.integers = column.integers && integer;
    }
    return Status::OK();
  });
  if (!s.ok()) return s;
  std::map<long long, Window> merged;
  for (auto& worker : workers) {
    for (auto& [key, window] : worker.windows) {
      Window& into = merged[key];
      if (into.columns.empty()) {
        into.columns.resize(ncols);
        into.start = window.start;
      }
      into.rows += window.rows;
      for (size_t c = 0; c < ncols; ++c) Merge(&into.columns[c], std::move(window.columns[c]));
    }
  }
  out->names = options.columns;
  out->numeric = options.numeric;
  out->windows.clear();
  for (auto& [key, window] : merged) out->windows.push_back(std::move(window));
  // Sorted once: every numeric statistic reads the sorted values.
  std::vector<ColumnData*> to_sort;
  for (auto& window : out->windows) {
    for (auto& column : window.columns) {
      if (!column.numbers.empty()) to_sort.push_back(&column);
    }
  }
  std::atomic<size_t> next{0};
  auto sorter = [&] {
    for (size_t i; (i = next++) < to_sort.size();) std::sort(to_sort[i]->numbers.begin(), to_sort[i]->numbers.end());
  };
  std::vector<std::thread> threads;
  for (int t = 1; t < file->threads(); ++t) threads.emplace_back(sorter);
  sorter();
  for (auto& t : threads) t.join();
  return Status::OK();
}

}  // namespace mlgate::drift
