// The columns a drift comparison reads from a CSV file (plain or gzip, RFC 4180): numeric
// columns as their finite values, categorical ones as counts per value, each split into
// time windows when a timestamp column is named. Missing cells (empty, NA, NaN, null,
// None) and infinities are dropped, as Evidently drops them.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "gate/status.h"

namespace mlgate::drift {

struct ColumnData {
  std::vector<double> numbers;              // numeric columns: the values, sorted once loaded
  std::map<std::string, long long> counts;  // categorical columns: rows per value
  long long missing = 0;                    // cells dropped as missing or infinite
  bool integers = true;                     // every value written as an integer (pandas' int dtype)
  long long size() const;                   // values kept
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
};

struct LoadOptions {
  std::vector<std::string> columns;  // compared columns, in order
  std::vector<bool> numeric;         // how to read each
  std::string timestamp;             // column cutting the rows into windows (optional)
  long long window_seconds = 0;      // with `timestamp`
  char delimiter = ',';
};

// Reads `path` (`display` names it in messages). A numeric column holding a value that is
// not a number is an error naming the file, the line and the column.
Status LoadDriftTable(const std::string& path, const std::string& display, const LoadOptions& options, DriftTable* out);

// The header and the first rows of a file, to decide which columns are numeric: those
// whose sampled non-missing cells are all numbers.
Status SampleColumns(const std::string& path, const std::string& display, char delimiter,
                     std::vector<std::string>* header, std::vector<bool>* numeric);

// A timestamp cell as unix seconds: ISO 8601 (2026-11-25, 2026-11-25T08:00:00Z,
// 2026-11-25 08:00:00.123+01:00) or a number of seconds since 1970.
bool ParseTimestamp(std::string_view text, long long* seconds);

// Whether a cell is missing: empty, or NA, NaN, null, None, N/A (any case), or ±inf.
bool IsMissing(std::string_view cell);

}  // namespace mlgate::drift
