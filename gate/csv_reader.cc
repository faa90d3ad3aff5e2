#include "gate/csv_reader.h"

namespace mlgate {

CsvReader::CsvReader(std::string_view text, std::string file, char delimiter)
    : text_(text), file_(std::move(file)), delimiter_(delimiter) {
  if (text_.substr(0, 3) == "\xEF\xBB\xBF") text_.remove_prefix(3);
}

bool CsvReader::Next(std::vector<std::string>* fields) {
  fields->clear();
  if (!status_.ok() || pos_ >= text_.size()) return false;
  record_line_ = line_;
  std::string field;
  bool quoted = false;     // inside a quoted field
  bool was_quoted = false; // the current field was quoted (text may follow only a delimiter)
  while (pos_ < text_.size()) {
    char c = text_[pos_++];
    if (quoted) {
      if (c == '"') {
        if (pos_ < text_.size() && text_[pos_] == '"') {
          field += '"';
          ++pos_;
        } else {
          quoted = false;
        }
      } else {
        if (c == '\n') ++line_;
        field += c;
      }
      continue;
    }
    if (c == '"' && field.empty() && !was_quoted) {
      quoted = was_quoted = true;
    } else if (c == delimiter_) {
      fields->push_back(std::move(field));
      field.clear();
      was_quoted = false;
    } else if (c == '\n' || c == '\r') {
      if (c == '\r' && pos_ < text_.size() && text_[pos_] == '\n') ++pos_;
      ++line_;
      fields->push_back(std::move(field));
      return true;
    } else if (was_quoted) {
      status_ = Status::Corruption(file_ + ":" + std::to_string(line_) + ": text after a closing quote; a quote inside "
                                                                          "a quoted field is written twice (\"\")");
      return false;
    } else {
      field += c;
    }
  }
  if (quoted) {
    status_ = Status::Corruption(file_ + ":" + std::to_string(record_line_) +
                                 ": a quoted field is never closed; the file is truncated or its quotes are broken");
    return false;
  }
  fields->push_back(std::move(field));
  return true;
}

}  // namespace mlgate
