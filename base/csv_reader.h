// CSV for evidence and data. RFC 4180: quoted fields, doubled quotes, newlines inside
// quotes, CRLF or LF, a UTF-8 byte-order mark; a broken quote or a ragged row is an error
// naming the file and line.
//
// Two readers share one record splitter (SplitRecord):
// - CsvReader walks text already in memory (small evidence: Locust's stats).
// - CsvFile streams a data file (plain or gzip) in blocks: memory is bounded by the block
//   size, never the file size, and a block without quote characters is split at line ends
//   and parsed by several threads at once; a block with quotes is parsed by one, since a
//   quoted field may hold a newline.
#pragma once

#include <bit>
#include <cstdlib>
#include <deque>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "base/bit_filter.h"
#include "base/status.h"

namespace mlgate {

// Splits the record starting at *pos in `text` into `fields` (views into `text`, or into
// `unescaped` for quoted fields holding doubled quotes) and moves *pos past its line end.
// `at_end` says `text` ends the input: otherwise a record reaching the end of `text` may
// continue, and the result is incomplete with *pos unchanged.
struct SplitResult {
  bool complete = true;
  int newlines = 0;   // line ends consumed (more than one when quoted fields hold some)
  std::string error;  // why the record is malformed, when not empty
};
SplitResult SplitRecord(std::string_view text, size_t* pos, char delimiter, bool at_end,
                        std::vector<std::string_view>* fields, std::deque<std::string>* unescaped);

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

struct CsvOptions {
  char delimiter = ',';
  size_t block_bytes = 16 << 20;       // read and parsed at a time
  size_t max_record_bytes = 64 << 20;  // a longer record is an error (bounded memory)
  size_t max_columns = 100000;         // a wider header is an error (every column costs state)
  int threads = 0;                     // 0: one per core
};

// One data record as a visitor sees it.
struct CsvRecord {
  long long line = 0;  // 1-based line the record begins on
  const std::vector<std::string_view>& fields;
  // The part of the file the record was split from: a field lying inside it (all but a
  // quoted field holding doubled quotes) may be read together with the bytes around it,
  // for parsers that load several bytes at a time.
  std::string_view text = {};
};

// A cheap first test on one field, for a visitor that wants few of the records (train rows
// looked up in a test set): a record whose `column` field's hash the filter does not hold
// is not visited, and in a block without quotes it is not even split — a scan only counts
// its delimiters (a ragged row is still an error). `hash` is called exactly once for every
// data record, so it may also collect the hashes.
struct CsvProbe {
  int column = 0;
  std::function<unsigned long long(int worker, std::string_view field)> hash;
  const BitFilter* filter = nullptr;
};

// A part of a block with no quote character in it, whole records ending at a line end
// (or at the end of the file), for visitors that split records themselves (ForEachField).
struct CsvPart {
  std::string_view text;
  long long first_line = 0;  // the line its first record begins on
};

class CsvFile {
 public:
  // Opens `path` (gzip when it starts with the gzip magic) and reads the header row.
  // `display` names the file in messages.
  static Status Open(const std::string& path, const std::string& display, const CsvOptions& options,
                     std::unique_ptr<CsvFile>* out);
  ~CsvFile();

  const std::vector<std::string>& header() const { return header_; }
  const std::string& display() const { return display_; }
  int threads() const { return threads_; }

  // Calls visit(worker, record) for every data record. Records of one worker arrive in
  // file order; different workers run at once on different parts of the file, so `visit`
  // must only touch state owned by its worker index (0 .. threads()-1). A record whose
  // field count differs from the header's is an error; so is any non-OK from `visit`,
  // which stops the walk. With a `probe`, records failing it are not visited.
  using Visitor = std::function<Status(int worker, const CsvRecord& record)>;
  Status ForEach(const Visitor& visit, const CsvProbe* probe = nullptr);

  // ForEach for a visitor that reads fields where they lie (ForEachField below), without a
  // vector of them per record: each part of a block without quotes goes to `visit_part`
  // whole, which sets *lines to the line ends it passed; records of a block holding a
  // quote, which may hide a newline or a delimiter, still go to `visit` one at a time.
  using PartVisitor = std::function<Status(int worker, const CsvPart& part, long long* lines)>;
  Status ForEach(const Visitor& visit, const PartVisitor& visit_part);

  // Up to `count` records from the start, for a look at the data before a full pass (on a
  // CsvFile of its own: it consumes what it reads). Stops quietly at a malformed record,
  // which a full pass reports.
  Status Head(size_t count, std::vector<std::vector<std::string>>* rows);

  unsigned long long bytes_read() const { return bytes_read_; }

 private:
  CsvFile() = default;
  // Appends up to `want` bytes of the (decompressed) input to buffer_.
  Status Fill(size_t want, bool* eof);
  // Parses the whole records of `text` on every worker; *used is how far they reach.
  Status Walk(const Visitor& visit, const CsvProbe* probe, const PartVisitor* visit_part);
  Status ParseWindow(std::string_view text, bool at_end, const Visitor& visit, const CsvProbe* probe,
                     const PartVisitor* visit_part, size_t* used);
  Status ParseRange(std::string_view text, long long first_line, bool at_end, bool quoted, int worker,
                    const Visitor& visit, const CsvProbe* probe, const PartVisitor* visit_part, size_t* consumed,
                    long long* lines);
  // For a record at text[pos] in a block without quotes: true when it is well-formed, with
  // its probe field's *hash (its filter word prefetched) and *next past its line end;
  // false when it must be split (short, ragged, blank, or running past the text).
  bool ScanProbe(std::string_view text, size_t pos, bool at_end, int worker, const CsvProbe& probe,
                 unsigned long long* hash, size_t* next) const;
  Status TooLong() const;

  std::string display_;
  CsvOptions options_;
  int threads_ = 1;
  std::vector<std::string> header_;
  struct Source;
  std::unique_ptr<Source> source_;
  // The bytes read and not yet parsed: buffer_[0, size_) of a buffer that is never
  // zero-filled (a std::string resize would clear every block before the read).
  struct Free {
    void operator()(char* p) const { std::free(p); }
  };
  using Buffer = std::unique_ptr<char, Free>;
  static Buffer NewBuffer(size_t* capacity);  // rounds *capacity up to what it allocates
  Buffer buffer_;
  size_t size_ = 0, capacity_ = 0;
  long long next_line_ = 2;
  unsigned long long bytes_read_ = 0;
};

// The records of `part` (from CsvFile::ForEach with a PartVisitor), split as ForEach splits
// them: field(index, cell, line) for every field of a record — returning false stops the
// walk, the caller keeping why —, then record(line) after its last field (same contract).
// Blank lines are skipped; a record of other than `columns` fields is an error naming
// `display` and its line, as in ForEach, though its first fields were already seen. The
// delimiters and line ends of 16 bytes at a time are found at once and walked as bits.
template <typename Field, typename Record>
Status ForEachField(const CsvPart& part, char delimiter, size_t columns, const std::string& display, Field&& field,
                    Record&& record, long long* lines) {
  const char* p = part.text.data();
  const char* const end = p + part.text.size();
  const char* start = p;           // of the field being read
  const char* paired_lf = nullptr;  // the '\n' of a "\r\n" just taken as one line end
  size_t index = 0;                // of that field in its record
  long long line = part.first_line;
  auto ragged = [&](size_t fields) {
    // Too many: the rest of the line's fields too, for the message.
    if (fields > columns) {
      for (const char* q = start; q < end && *q != '\n' && *q != '\r'; ++q) fields += *q == delimiter;
    }
    return Status::Corruption(display + ":" + std::to_string(line) + ": " + std::to_string(fields) +
                              " fields, the header has " + std::to_string(columns) +
                              " (a ragged row: a missing or extra delimiter, or an unquoted one in a value)");
  };
  // One stop (a delimiter or line end) at `at`; false: stop the walk (*status says why).
  auto stop = [&](const char* at, bool line_end, Status* status) {
    if (at == paired_lf) {
      start = at + 1;
      return true;
    }
    std::string_view cell(start, static_cast<size_t>(at - start));
    start = at + 1;
    if (!line_end) {
      if (index + 1 >= columns) {
        *status = ragged(columns + 1);
        return false;
      }
      return field(index++, cell, line);
    }
    if (*at == '\r' && at + 1 < end && at[1] == '\n') paired_lf = at + 1;
    if (index == 0 && cell.empty()) {  // a blank line
      ++line;
      return true;
    }
    if (index + 1 != columns) {
      *status = ragged(index + 1);
      return false;
    }
    bool go_on = field(index, cell, line) && record(line);
    index = 0;
    ++line;
    return go_on;
  };
  Status status;
#if defined(__SSE2__)
  const __m128i delim = _mm_set1_epi8(delimiter), lf = _mm_set1_epi8('\n'), cr = _mm_set1_epi8('\r');
  for (; end - p >= 16; p += 16) {
    __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    unsigned ends = static_cast<unsigned>(_mm_movemask_epi8(_mm_or_si128(_mm_cmpeq_epi8(v, lf), _mm_cmpeq_epi8(v, cr))));
    for (unsigned stops = ends | static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(v, delim))); stops;
         stops &= stops - 1) {
      int k = std::countr_zero(stops);
      if (!stop(p + k, ends >> k & 1, &status)) return status;
    }
  }
#endif
  for (; p < end; ++p) {
    if (*p == delimiter || *p == '\n' || *p == '\r') {
      if (!stop(p, *p != delimiter, &status)) return status;
    }
  }
  // The file's last record, when no line end follows it.
  if (start < end || index > 0) {
    if (index + 1 != columns) return ragged(index + 1);
    if (!field(index, std::string_view(start, static_cast<size_t>(end - start)), line) || !record(line)) return status;
    ++line;
  }
  *lines = line - part.first_line;
  return status;
}

}  // namespace mlgate
