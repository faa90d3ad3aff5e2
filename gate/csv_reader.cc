#include "gate/csv_reader.h"

#include <fcntl.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <bit>
#include <cerrno>
#include <cstring>
#include <thread>

#include "gate/text.h"

namespace mlgate {

namespace {

// Flags (bit 7 of) each byte of v equal to b; only the lowest flag is exact, which is the
// one a search needs.
static_assert(std::endian::native == std::endian::little, "the word-at-a-time scan reads bytes little-endian");

inline unsigned long long HasByte(unsigned long long v, unsigned char b) {
  unsigned long long x = v ^ (0x0101010101010101ULL * b);
  return (x - 0x0101010101010101ULL) & ~x & 0x8080808080808080ULL;
}

}  // namespace

SplitResult SplitRecord(std::string_view text, size_t* pos, char delimiter, bool at_end,
                        std::vector<std::string_view>* fields, std::deque<std::string>* unescaped) {
  SplitResult r;
  fields->clear();
  const char* const begin = text.data();
  const char* const end = begin + text.size();
  const char* p = begin + *pos;
  const unsigned char delim = static_cast<unsigned char>(delimiter);
  const unsigned char high = std::max<unsigned char>(delim, '\r');
  for (;;) {
    if (p < end && *p == '"') {
      // A quoted field: up to the closing quote; "" is one quote.
      const char* start = ++p;
      bool doubled = false;
      const char* q;
      for (;;) {
        q = static_cast<const char*>(std::memchr(p, '"', static_cast<size_t>(end - p)));
        if (!q || (q + 1 == end && !at_end)) {  // at a block's end "" cannot be told from "
          if (!at_end) {
            r.complete = false;
            return r;
          }
          r.error = "a quoted field is never closed; the file is truncated or its quotes are broken";
          return r;
        }
        if (q + 1 < end && q[1] == '"') {
          doubled = true;
          p = q + 2;
          continue;
        }
        break;
      }
      std::string_view raw(start, static_cast<size_t>(q - start));
      r.newlines += static_cast<int>(std::count(raw.begin(), raw.end(), '\n'));
      if (doubled) {
        std::string& out = unescaped->emplace_back();
        out.reserve(raw.size());
        for (size_t i = 0; i < raw.size(); ++i) {
          out += raw[i];
          if (raw[i] == '"') ++i;
        }
        fields->push_back(out);
      } else {
        fields->push_back(raw);
      }
      p = q + 1;
      if (p == end) {
        *pos = text.size();
        return r;
      }
      if (*p == delimiter) {
        ++p;
        continue;
      }
      if (*p == '\n' || *p == '\r') {
        if (*p == '\r' && p + 1 < end && p[1] == '\n') ++p;
        ++r.newlines;
        *pos = static_cast<size_t>(p + 1 - begin);
        return r;
      }
      r.error = "text after a closing quote; a quote inside a quoted field is written twice (\"\")";
      return r;
    }
    // An unquoted field: up to the delimiter or the line end. Eight bytes at a time while
    // they last (a zero-byte test per stop byte), then byte by byte; most bytes of a data
    // file are above all three stop bytes, so one comparison usually settles one.
    const char* start = p;
    while (end - p >= 8) {
      unsigned long long v;
      std::memcpy(&v, p, 8);
      unsigned long long m = HasByte(v, delim) | HasByte(v, '\n') | HasByte(v, '\r');
      if (m) {
        p += __builtin_ctzll(m) / 8;  // the lowest flagged byte is exact (little-endian)
        break;
      }
      p += 8;
    }
    while (p < end) {
      unsigned char c = static_cast<unsigned char>(*p);
      if (c > high || (c != delim && c != '\n' && c != '\r')) {
        ++p;
        continue;
      }
      break;
    }
    if (p == end) {
      if (!at_end) {
        r.complete = false;
        return r;
      }
      fields->push_back(std::string_view(start, static_cast<size_t>(p - start)));
      *pos = text.size();
      return r;
    }
    fields->push_back(std::string_view(start, static_cast<size_t>(p - start)));
    if (*p == delimiter) {
      ++p;
      continue;
    }
    if (*p == '\r') {
      if (p + 1 == end && !at_end) {  // "\r" then maybe "\n" in the next block
        r.complete = false;
        return r;
      }
      if (p + 1 < end && p[1] == '\n') ++p;
    }
    ++r.newlines;
    *pos = static_cast<size_t>(p + 1 - begin);
    return r;
  }
}

// ---------------------------------------------------------------------------------------
// CsvReader

CsvReader::CsvReader(std::string_view text, std::string file, char delimiter)
    : text_(text), file_(std::move(file)), delimiter_(delimiter) {
  if (text_.substr(0, 3) == "\xEF\xBB\xBF") text_.remove_prefix(3);
}

bool CsvReader::Next(std::vector<std::string>* fields) {
  fields->clear();
  if (!status_.ok() || pos_ >= text_.size()) return false;
  record_line_ = line_;
  std::vector<std::string_view> views;
  std::deque<std::string> unescaped;
  SplitResult r = SplitRecord(text_, &pos_, delimiter_, true, &views, &unescaped);
  if (!r.error.empty()) {
    status_ = Status::Corruption(file_ + ":" + std::to_string(record_line_) + ": " + r.error);
    return false;
  }
  line_ += r.newlines;
  for (auto v : views) fields->emplace_back(v);
  return true;
}

// ---------------------------------------------------------------------------------------
// CsvFile

struct CsvFile::Source {
  int fd = -1;
  gzFile gz = nullptr;
  unsigned long long offset = 0;  // plain files: the next byte to read (pread)
  ~Source() {
    if (gz) {
      gzclose(gz);  // closes fd too
    } else if (fd >= 0) {
      ::close(fd);
    }
  }
};

CsvFile::~CsvFile() = default;

Status CsvFile::Open(const std::string& path, const std::string& display, const CsvOptions& options,
                     std::unique_ptr<CsvFile>* out) {
  std::unique_ptr<CsvFile> f(new CsvFile());
  f->display_ = display;
  f->options_ = options;
  f->threads_ = options.threads > 0 ? options.threads : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  f->source_ = std::make_unique<Source>();
  f->source_->fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (f->source_->fd < 0) return Status::IOError(display + ": cannot be opened: " + std::strerror(errno));
  unsigned char magic[2] = {0, 0};
  if (::pread(f->source_->fd, magic, 2, 0) == 2 && magic[0] == 0x1f && magic[1] == 0x8b) {
    f->source_->gz = gzdopen(f->source_->fd, "rb");
    if (!f->source_->gz) return Status::IOError(display + ": cannot be read as gzip");
    gzbuffer(f->source_->gz, 1 << 20);
  }
  // The header: the first record, read until it is complete.
  std::vector<std::string_view> fields;
  std::deque<std::string> unescaped;
  bool eof = false;
  bool first = true;
  for (;;) {
    Status s = f->Fill(1 << 16, &eof);
    if (!s.ok()) return s;
    std::string_view text(f->buffer_.get(), f->size_);
    size_t pos = first && text.substr(0, 3) == "\xEF\xBB\xBF" ? 3 : 0;
    if (text.size() == pos && eof) return Status::Corruption(display + ": empty; a data file needs a header row");
    SplitResult r = SplitRecord(text, &pos, options.delimiter, eof, &fields, &unescaped);
    if (!r.error.empty()) return Status::Corruption(display + ":1: " + r.error);
    if (r.complete) {
      for (auto v : fields) f->header_.emplace_back(v);
      std::memmove(f->buffer_.get(), f->buffer_.get() + pos, f->size_ - pos);
      f->size_ -= pos;
      f->next_line_ = 1 + r.newlines;
      break;
    }
    first = false;
    if (f->size_ > options.max_record_bytes) {
      return Status::Limit(display + ":1: the header is longer than " + std::to_string(options.max_record_bytes) +
                           " bytes; is this a CSV file?");
    }
  }
  if (f->header_.empty() || (f->header_.size() == 1 && f->header_[0].empty())) {
    return Status::Corruption(display + ":1: the header row is empty");
  }
  for (const auto& h : f->header_) {
    if (h.find('\0') != std::string::npos || !IsValidUtf8(h)) {
      return Status::Corruption(display + ":1: the header is not UTF-8 text; is this a binary file?");
    }
  }
  *out = std::move(f);
  return Status::OK();
}

Status CsvFile::Fill(size_t want, bool* eof) {
  if (size_ + want > capacity_) {
    size_t capacity = std::max(size_ + want, capacity_ * 3 / 2);
    std::unique_ptr<char[]> bigger(new char[capacity]);
    if (size_) std::memcpy(bigger.get(), buffer_.get(), size_);
    buffer_ = std::move(bigger);
    capacity_ = capacity;
  }
  size_t got = 0;
  if (!source_->gz) {
    // Plain files: the block is read in as many pieces as there are workers, at once — the
    // copy out of the page cache is a large share of a parse when done by one core.
    size_t pieces = want >= (4u << 20) ? static_cast<size_t>(threads_) : 1;
    std::vector<size_t> done(pieces, 0);
    std::vector<int> error(pieces, 0);
    auto read_piece = [&](size_t k) {
      size_t begin = want * k / pieces, end = want * (k + 1) / pieces;
      while (begin + done[k] < end) {
        ssize_t n = ::pread(source_->fd, buffer_.get() + size_ + begin + done[k], end - begin - done[k],
                            static_cast<off_t>(source_->offset + begin + done[k]));
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) error[k] = errno;
        if (n <= 0) return;
        done[k] += static_cast<size_t>(n);
      }
    };
    std::vector<std::thread> pool;
    for (size_t k = 1; k < pieces; ++k) pool.emplace_back(read_piece, k);
    read_piece(0);
    for (auto& t : pool) t.join();
    for (size_t k = 0; k < pieces; ++k) {
      if (error[k]) return Status::IOError(display_ + ": read failed: " + std::strerror(error[k]));
      got += done[k];
      if (done[k] < want * (k + 1) / pieces - want * k / pieces) {  // the end of the file
        *eof = true;
        break;
      }
    }
    source_->offset += got;
  }
  while (source_->gz && got < want) {
    long n = gzread(source_->gz, buffer_.get() + size_ + got, static_cast<unsigned>(want - got));
    if (n < 0) {
      int code = 0;
      const char* message = gzerror(source_->gz, &code);
      return Status::Corruption(display_ + ": broken gzip data (" + std::string(message ? message : "?") + ")");
    }
    if (n == 0) {
      *eof = true;
      break;
    }
    got += static_cast<size_t>(n);
  }
  size_ += got;
  bytes_read_ += got;
  if (source_->gz && *eof) {
    int code = 0;
    gzerror(source_->gz, &code);
    if (code != Z_OK && code != Z_STREAM_END) {
      return Status::Corruption(display_ + ": the gzip stream is truncated or broken");
    }
  }
  return Status::OK();
}

Status CsvFile::ParseRange(std::string_view text, long long first_line, bool at_end, int worker, const Visitor& visit,
                           size_t* consumed, long long* lines) {
  std::vector<std::string_view> fields;
  fields.reserve(header_.size());
  std::deque<std::string> unescaped;
  size_t pos = 0;
  long long line = first_line;
  while (pos < text.size()) {
    size_t start = pos;
    unescaped.clear();
    SplitResult r = SplitRecord(text, &pos, options_.delimiter, at_end, &fields, &unescaped);
    if (!r.error.empty()) return Status::Corruption(display_ + ":" + std::to_string(line) + ": " + r.error);
    if (!r.complete) {
      pos = start;
      break;
    }
    bool blank = fields.size() == 1 && fields[0].empty();
    if (!blank) {
      if (fields.size() != header_.size()) {
        return Status::Corruption(display_ + ":" + std::to_string(line) + ": " + std::to_string(fields.size()) +
                                  " fields, the header has " + std::to_string(header_.size()) +
                                  " (a ragged row: a missing or extra delimiter, or an unquoted one in a value)");
      }
      Status s = visit(worker, CsvRecord{line, fields});
      if (!s.ok()) return s;
    }
    line += r.newlines;
  }
  *consumed = pos;
  *lines = line - first_line;
  return Status::OK();
}

Status CsvFile::ParseWindow(std::string_view text, bool at_end, const Visitor& visit, size_t* used) {
  // Split among the workers at line ends, unless a quote could hide a newline.
  bool quoted = std::memchr(text.data(), '"', text.size()) != nullptr;
  int parts = quoted || text.size() < (1u << 20) ? 1 : threads_;
  std::vector<size_t> cut = {0};
  for (int i = 1; i < parts; ++i) {
    size_t at = text.size() * static_cast<size_t>(i) / static_cast<size_t>(parts);
    size_t nl = text.find('\n', std::max(at, cut.back()));
    if (nl == std::string_view::npos) break;
    cut.push_back(nl + 1);
  }
  cut.push_back(text.size());
  size_t n = cut.size() - 1;
  std::vector<Status> status(n);
  std::vector<size_t> consumed(n, 0);
  std::vector<long long> lines(n, 0);
  auto run = [&](size_t i) {
    // Each worker finds its own first line number: counting the line ends before its part
    // is a memchr-speed pass, cheaper than making the others wait for one core to do it.
    long long first_line = next_line_ + static_cast<long long>(std::count(text.begin(), text.begin() + cut[i], '\n'));
    status[i] = ParseRange(text.substr(cut[i], cut[i + 1] - cut[i]), first_line, at_end && i + 1 == n,
                           static_cast<int>(i), visit, &consumed[i], &lines[i]);
  };
  std::vector<std::thread> pool;
  for (size_t i = 1; i < n; ++i) pool.emplace_back(run, i);
  run(0);
  for (auto& t : pool) t.join();
  for (const auto& st : status) {
    if (!st.ok()) return st;
  }
  // Only the last part can stop early (a record continuing into the next block).
  *used = cut[n - 1] + consumed[n - 1];
  for (size_t i = 0; i < n; ++i) next_line_ += lines[i];
  if (at_end && *used < text.size()) {
    return Status::Corruption(display_ + ":" + std::to_string(next_line_) + ": the last record is incomplete");
  }
  return Status::OK();
}

Status CsvFile::TooLong() const {
  return Status::Limit(display_ + ":" + std::to_string(next_line_) + ": a record longer than " +
                       std::to_string(options_.max_record_bytes) +
                       " bytes; the file is not line-oriented CSV (or raise the limit)");
}

Status CsvFile::ForEach(const Visitor& visit) {
  // Blocks are read (plain files by every core at once), then parsed by every core. Three
  // alternatives measured no better on two cores: reading ahead in a thread of its own
  // (the copy competes with the parsers), the first worker reading the next block after a
  // smaller share of this one, and parsing a memory map in place (page faults cost more
  // than the copy).
  bool eof = false;
  for (;;) {
    if (!eof) {
      Status s = Fill(options_.block_bytes, &eof);
      if (!s.ok()) return s;
    }
    if (size_ == 0 && eof) return Status::OK();
    std::string_view text(buffer_.get(), size_);
    if (!eof) {
      size_t last = text.rfind('\n');
      if (last == std::string_view::npos) {
        if (size_ > options_.max_record_bytes) return TooLong();
        continue;  // read more
      }
      text = text.substr(0, last + 1);
    }
    size_t used = 0;
    Status s = ParseWindow(text, eof, visit, &used);
    if (!s.ok()) return s;
    if (used == 0 && size_ > options_.max_record_bytes) return TooLong();
    std::memmove(buffer_.get(), buffer_.get() + used, size_ - used);
    size_ -= used;
    if (eof && size_ == 0) return Status::OK();
  }
}

}  // namespace mlgate
