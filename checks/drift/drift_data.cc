#include "checks/drift/drift_data.h"

#include <algorithm>
#include <atomic>
#include <map>
#include <memory>
#include <thread>
#include <unordered_map>

#include "base/csv_reader.h"
#include "checks/drift/drift_stats.h"
#include "checks/drift/partial_column.h"
#include "checks/drift/radix_sort.h"
#include "checks/drift/uneven_walk.h"

namespace mlgate::drift {

namespace {

constexpr size_t kSampleRows = 2048;

// Whether `part` lies in `whole` (a quoted field holding doubled quotes lies elsewhere).
bool Inside(std::string_view part, std::string_view whole) {
  auto p = reinterpret_cast<uintptr_t>(part.data()), w = reinterpret_cast<uintptr_t>(whole.data());
  return p >= w && p + part.size() <= w + whole.size();
}

// What every comparison of a loaded column reads: its running sums (decimals) and moments.
void Summarize(ColumnData* column) {
  if (column->scale >= 0) column->decimal_sums = RunningSums(column->decimals);
  const Sample values = column->values();
  if (values.empty()) return;
  column->mean = Sum(values) / static_cast<double>(values.size());
  column->std_dev = StandardDeviation(values, column->mean);
}

}  // namespace

long long ColumnData::size() const {
  if (binned()) {
    double n = 0;
    for (double c : bin_counts) n += c;
    return static_cast<long long>(n);
  }
  if (scale >= 0) return static_cast<long long>(decimals.size());
  if (!numbers.empty() || counts.empty()) return static_cast<long long>(numbers.size());
  long long n = 0;
  for (const auto& [value, count] : counts) n += count;
  return n;
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
  // Features are columns by name: two of one name would be compared as one.
  std::unordered_map<std::string_view, size_t> seen;
  for (size_t c = 0; c < header->size(); ++c) {
    auto [it, added] = seen.emplace((*header)[c], c);
    if (!added) {
      return Status::Corruption(display + ":1: the column \"" + (*header)[c] + "\" is named twice (columns " +
                                std::to_string(it->second + 1) + " and " + std::to_string(c + 1) +
                                "); rename one: drift compares columns by name");
    }
  }
  std::vector<std::vector<std::string>> rows;
  s = file->Head(kSampleRows, &rows);
  if (!s.ok()) return s;
  numeric->assign(header->size(), true);
  for (const auto& row : rows) {
    for (size_t c = 0; c < row.size() && c < header->size(); ++c) {
      double v;
      bool integer;
      if (!IsMissing(row[c]) && !ParseNumberCell(Trimmed(row[c]), &v, &integer)) (*numeric)[c] = false;
    }
  }
  return Status::OK();
}

Status LoadDriftTable(const std::string& path, const std::string& display, const LoadOptions& options,
                      DriftTable* out) {
  CsvOptions csv;
  csv.delimiter = options.delimiter;
  csv.threads = options.threads;
  std::unique_ptr<CsvFile> file;
  Status s = CsvFile::Open(path, display, csv, &file);
  if (!s.ok()) return s;
  const auto& header = file->header();
  std::unordered_map<std::string_view, int> field_of;  // the first column of each name
  for (size_t c = 0; c < header.size(); ++c) field_of.emplace(header[c], static_cast<int>(c));
  auto find = [&](const std::string& name) {
    auto it = field_of.find(name);
    return it == field_of.end() ? static_cast<int>(header.size()) : it->second;
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
  // The numeric and the categorical columns (index into the compared ones, and the field
  // of each), each walked in a loop of its own: a test per cell for which kind it is
  // mispredicted where the kinds alternate.
  struct Plan {
    size_t column;
    size_t field;
  };
  std::vector<Plan> numeric_plan, categorical_plan;
  for (size_t c = 0; c < ncols; ++c) {
    (options.numeric[c] ? numeric_plan : categorical_plan).push_back({c, static_cast<size_t>(index[c])});
  }
  auto not_a_number = [&](long long line, size_t c, std::string_view cell) {
    return Status::Corruption(display + ":" + std::to_string(line) + ": column " + options.columns[c] + ": \"" +
                              std::string(cell).substr(0, 40) +
                              "\" is not a number, though the first rows of the column are (list it under "
                              "categorical: to compare it by value)");
  };
  // Each worker fills windows of its own (by window number), merged at the end.
  struct alignas(64) Worker {
    std::map<long long, PartialWindow> windows;
    long long last_key = 0;
    PartialWindow* last = nullptr;
  };
  std::vector<Worker> workers(static_cast<size_t>(file->threads()));
  auto window_of = [&](int w, long long key) -> PartialWindow& {
    Worker& worker = workers[static_cast<size_t>(w)];
    if (!worker.last || worker.last_key != key) {
      PartialWindow& window = worker.windows[key];
      if (window.columns.empty()) {
        window.columns.resize(ncols);
        window.start = key * options.window_seconds;
      }
      worker.last = &window;
      worker.last_key = key;
    }
    return *worker.last;
  };
  CsvFile::Visitor visit_record = [&](int w, const CsvRecord& record) -> Status {
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
    PartialWindow& window = window_of(w, key);
    ++window.rows;
    for (const Plan& p : categorical_plan) window.columns[p.column].ReadCategorical(record.fields[p.field]);
    for (const Plan& p : numeric_plan) {
      std::string_view cell = record.fields[p.field];
      const char* readable = Inside(cell, record.text) ? record.text.data() : nullptr;
      if (!window.columns[p.column].ReadNumeric(cell, readable)) return not_a_number(record.line, p.column, cell);
    }
    return Status::OK();
  };
  if (ts >= 0) {
    s = file->ForEach(visit_record);
  } else {
    // Without a timestamp every row is in the one window, and the blocks without quotes
    // (nearly all) are read field by field where they lie: a vector of every record's
    // fields, filled and read back, was a third of the time spent reading a file.
    struct Role {
      size_t column = 0;
      enum { kIgnored, kNumeric, kCategorical } kind = kIgnored;
    };
    std::vector<Role> roles(header.size());
    for (const Plan& p : numeric_plan) roles[p.field] = {p.column, Role::kNumeric};
    for (const Plan& p : categorical_plan) roles[p.field] = {p.column, Role::kCategorical};
    CsvFile::PartVisitor visit_part = [&](int w, const CsvPart& part, long long* lines) -> Status {
      PartialWindow& window = window_of(w, 0);
      Status error;
      Status split = ForEachField(
          part, options.delimiter, header.size(), display,
          [&](size_t field, std::string_view cell, long long line) {
            const Role& role = roles[field];
            if (role.kind == Role::kIgnored) return true;
            PartialColumn& column = window.columns[role.column];
            if (role.kind == Role::kCategorical) {
              column.ReadCategorical(cell);
              return true;
            }
            if (column.ReadNumeric(cell, part.text.data())) return true;
            error = not_a_number(line, role.column, cell);
            return false;
          },
          [&](long long) {
            ++window.rows;
            return true;
          },
          lines);
      return split.ok() ? error : split;
    };
    s = file->ForEach(visit_record, visit_part);
  }
  if (!s.ok()) return s;
  // The workers' parts of each window and column, together.
  std::map<long long, std::vector<PartialWindow*>> parts;
  for (auto& worker : workers) {
    for (auto& [key, window] : worker.windows) parts[key].push_back(&window);
  }
  out->names = options.columns;
  out->numeric = options.numeric;
  out->windows.clear();
  out->windowed = ts >= 0;
  struct Job {
    ColumnData* into;
    bool numeric;
    std::vector<PartialColumn*> from;
  };
  std::vector<Job> jobs;
  for (auto& [key, pieces] : parts) {
    Window window;
    window.start = pieces[0]->start;
    window.columns.resize(ncols);
    for (PartialWindow* p : pieces) window.rows += p->rows;
    out->windows.push_back(std::move(window));
  }
  size_t wi = 0;
  for (auto& [key, pieces] : parts) {
    for (size_t c = 0; c < ncols; ++c) {
      Job job{&out->windows[wi].columns[c], options.numeric[c], {}};
      for (PartialWindow* p : pieces) job.from.push_back(&p->columns[c]);
      jobs.push_back(std::move(job));
    }
    ++wi;
  }
  // Merged and sorted column by column on every core: every numeric statistic reads the
  // sorted values.
  std::atomic<size_t> next{0};
  auto merge = [&] {
    for (size_t i; (i = next++) < jobs.size();) {
      Job& job = jobs[i];
      ColumnData& into = *job.into;
      for (PartialColumn* p : job.from) {
        for (const auto& [value, count] : p->counts.values()) into.counts[value] += count;
        into.missing += p->missing;
        into.integers = into.integers && p->integers;
      }
      if (!job.numeric) continue;
      // Decimals when every worker's part is, at the most fraction digits any has.
      int scale = 0;
      for (PartialColumn* p : job.from) scale = p->decimal && scale >= 0 ? std::max(scale, p->scale) : -1;
      for (PartialColumn* p : job.from) {
        if (scale >= 0 && !p->Rescale(scale)) scale = -1;
      }
      if (scale < 0) {
        std::vector<Values> chunks;
        for (PartialColumn* p : job.from) {
          if (p->decimal) p->ToDoubles();
          p->doubles.Finish();
          for (auto& chunk : p->doubles.chunks) chunks.push_back(std::move(chunk));
          p->doubles.Clear();
        }
        ConcatenateChunks(chunks, &into.numbers);
        RadixSort(&into.numbers);
        Summarize(&into);
        continue;
      }
      std::vector<Decimals> chunks;
      size_t n = 0;
      for (PartialColumn* p : job.from) {
        p->decimals.Finish();
        for (auto& chunk : p->decimals.chunks) n += chunk.size();
        for (auto& chunk : p->decimals.chunks) chunks.push_back(std::move(chunk));
        p->decimals.Clear();
      }
      into.decimals.resize(n);  // mapped, not touched: the moved pages take its place
      ConcatenateChunks(chunks, into.decimals.data());
      into.scale = scale;
      RadixSort(&into.decimals);
      Summarize(&into);
    }
  };
  std::vector<std::thread> threads;
  for (int t = 1; t < file->threads(); ++t) threads.emplace_back(merge);
  merge();
  for (auto& t : threads) t.join();
  return Status::OK();
}

}  // namespace mlgate::drift
