// RFC 4180 records from text already in memory: quoted fields, doubled quotes, newlines
// inside quotes, CRLF or LF line ends, a UTF-8 byte-order mark. A broken quote is an
// error naming the line where its record began. Used for small evidence files (Locust's
// stats); the data checks' streaming reader builds on the same rules.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "gate/status.h"

namespace mlgate {

class CsvReader {
 public:
  CsvReader(std::string_view text, std::string file, char delimiter = ',');

  // The next record's fields; false at the end of the text or on an error (see status()).
  bool Next(std::vector<std::string>* fields);
  // The 1-based line the last record returned began on.
  int line() const { return record_line_; }
  const Status& status() const { return status_; }

 private:
  std::string_view text_;
  std::string file_;
  char delimiter_;
  size_t pos_ = 0;
  int line_ = 1;
  int record_line_ = 0;
  Status status_;
};

}  // namespace mlgate
