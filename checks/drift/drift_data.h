// The columns a drift comparison reads from a CSV file (plain or gzip, RFC 4180): numeric
// columns as their finite values, sorted (as 32-bit decimals where every value of the
// column fits, see sample.h), categorical ones as counts per value, each split into
// time windows when a timestamp column is named. Missing cells (empty, NA, NaN, null,
// None) and infinities are dropped, as Evidently drops them.
#pragma once

#include <limits>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "base/status.h"
#include "checks/drift/cells.h"
#include "checks/drift/column_memory.h"
#include "checks/drift/sample.h"

namespace mlgate::drift {

struct ColumnData {
  // Numeric columns: the values, sorted once loaded, as decimals at `scale` when all of
  // them can be (sample.h), else as doubles.
  Values numbers;
  Decimals decimals;
  int scale = -1;                     // >= 0: held as decimals
  std::vector<int64_t> decimal_sums;  // RunningSums(decimals), for the uneven walk
  Sample values() const { return scale >= 0 ? Sample(decimals, scale, decimal_sums) : Sample(numbers); }
  std::map<std::string, long long> counts;  // categorical columns: rows per value
  long long missing = 0;                    // cells dropped as missing or infinite
  bool integers = true;                     // every value written as an integer (pandas' int dtype)
  // A numeric column given pre-aggregated (checks/drift/drift_summary.h): rows per bin of
  // `edges` (one more edge than bins; ±infinity for open ends).
  std::vector<double> edges;
  std::vector<double> bin_counts;
  // The moments of a numeric column: computed once when it is loaded (a reference is
  // compared with every window of the current data), or given by a summary; NaN unknown.
  double mean = std::numeric_limits<double>::quiet_NaN();
  double std_dev = std::numeric_limits<double>::quiet_NaN();
  bool binned() const { return !edges.empty(); }
  long long size() const;  // values kept
};

// One time window of a file (or the whole file), column by column in `names` order.
struct Window {
  long long start = 0;  // unix seconds; 0 without a timestamp column
  long long rows = 0;
  std::vector<ColumnData> columns;
};

struct DriftTable {
  std::vector<std::string> names;  // the compared columns
  std::vector<bool> numeric;       // per column, as read
  std::vector<Window> windows;     // by start time
  bool windowed = false;           // cut by time (a timestamp column, or a summary's windows)
};

struct LoadOptions {
  std::vector<std::string> columns;  // compared columns, in order
  std::vector<bool> numeric;         // how to read each
  std::string timestamp;             // column cutting the rows into windows (optional)
  long long window_seconds = 0;      // with `timestamp`
  char delimiter = ',';
  int threads = 0;  // 0: one per core
};

// Reads `path` (`display` names it in messages). A numeric column holding a value that is
// not a number is an error naming the file, the line and the column.
Status LoadDriftTable(const std::string& path, const std::string& display, const LoadOptions& options, DriftTable* out);

// The header and the first rows of a file, to decide which columns are numeric: those
// whose sampled non-missing cells are all numbers.
Status SampleColumns(const std::string& path, const std::string& display, char delimiter,
                     std::vector<std::string>* header, std::vector<bool>* numeric);

}  // namespace mlgate::drift
