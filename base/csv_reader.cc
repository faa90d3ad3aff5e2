#include "base/csv_reader.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/mman.h>
#include <unistd.h>
#include <zlib.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include <algorithm>
#include <bit>
#include <cerrno>
#include <cstring>
#include <thread>

#include "base/text.h"

namespace mlgate {

namespace {

// The scans below look at 16 bytes at a time with SSE2 (part of every x86-64 CPU) and fall
// back to one byte at a time elsewhere. Most bytes of a data file are none of the few
// bytes searched for, so the wide compare settles most of a line in a handful of steps.
#if defined(__SSE2__)
struct StopMasks {
  __m128i delim, lf, cr;
  explicit StopMasks(unsigned char d)
      : delim(_mm_set1_epi8(static_cast<char>(d))), lf(_mm_set1_epi8('\n')), cr(_mm_set1_epi8('\r')) {}
};
#endif

// The first byte in [p, end) that ends an unquoted field (the delimiter or a line end);
// end when there is none.
inline const char* FindStop(const char* p, const char* end, unsigned char delim) {
#if defined(__SSE2__)
  const StopMasks m(delim);
  while (end - p >= 16) {
    __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    __m128i hit =
        _mm_or_si128(_mm_cmpeq_epi8(v, m.delim), _mm_or_si128(_mm_cmpeq_epi8(v, m.lf), _mm_cmpeq_epi8(v, m.cr)));
    unsigned bits = static_cast<unsigned>(_mm_movemask_epi8(hit));
    if (bits) return p + std::countr_zero(bits);
    p += 16;
  }
#endif
  const unsigned char high = std::max<unsigned char>(delim, '\r');
  for (; p < end; ++p) {
    unsigned char c = static_cast<unsigned char>(*p);
    if (c <= high && (c == delim || c == '\n' || c == '\r')) return p;
  }
  return end;
}

// The first line end ('\n' or '\r') in [p, end), or end; *delimiters grows by the
// delimiters before it.
inline const char* FindLineEnd(const char* p, const char* end, unsigned char delim, size_t* delimiters) {
#if defined(__SSE2__)
  // Matches are counted per byte lane (a compare gives -1 per match) and summed when the
  // line ends: popcount is not an SSE2 instruction, and a library call per 16 bytes costs.
  const StopMasks m(delim);
  __m128i lanes = _mm_setzero_si128();
  int steps = 0;
  auto flush = [&] {
    __m128i sums = _mm_sad_epu8(lanes, _mm_setzero_si128());
    *delimiters += static_cast<size_t>(_mm_cvtsi128_si32(sums) + _mm_extract_epi16(sums, 4));
    lanes = _mm_setzero_si128();
    steps = 0;
  };
  while (end - p >= 16) {
    __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    __m128i is_delim = _mm_cmpeq_epi8(v, m.delim);
    unsigned ends =
        static_cast<unsigned>(_mm_movemask_epi8(_mm_or_si128(_mm_cmpeq_epi8(v, m.lf), _mm_cmpeq_epi8(v, m.cr))));
    if (ends) {
      int at = std::countr_zero(ends);
      // Only the delimiters before the line end, in this last step.
      __m128i before = _mm_cmplt_epi8(_mm_setr_epi8(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15),
                                      _mm_set1_epi8(static_cast<char>(at)));
      lanes = _mm_sub_epi8(lanes, _mm_and_si128(is_delim, before));
      flush();
      return p + at;
    }
    lanes = _mm_sub_epi8(lanes, is_delim);
    if (++steps == 255) flush();  // a lane holds at most 255
    p += 16;
  }
  flush();
#endif
  for (; p < end; ++p) {
    if (*p == '\n' || *p == '\r') return p;
    if (static_cast<unsigned char>(*p) == delim) ++*delimiters;
  }
  return end;
}

// How many '\n' bytes `text` holds, and whether it holds a quote.
inline void CountLinesAndQuotes(std::string_view text, long long* lines, bool* quoted) {
  const char* p = text.data();
  const char* const end = p + text.size();
  long long n = 0;
  bool quote = false;
#if defined(__SSE2__)
  const __m128i lf = _mm_set1_epi8('\n'), dq = _mm_set1_epi8('"');
  constexpr std::ptrdiff_t kBlock = std::ptrdiff_t{16} * 255;  // 255 steps: a byte lane counts at most 255
  while (end - p >= kBlock) {
    __m128i lanes = _mm_setzero_si128(), quotes = _mm_setzero_si128();
    for (int k = 0; k < 255; ++k, p += 16) {
      __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
      lanes = _mm_sub_epi8(lanes, _mm_cmpeq_epi8(v, lf));
      quotes = _mm_or_si128(quotes, _mm_cmpeq_epi8(v, dq));
    }
    __m128i sums = _mm_sad_epu8(lanes, _mm_setzero_si128());
    n += _mm_cvtsi128_si32(sums) + _mm_extract_epi16(sums, 4);
    quote = quote || _mm_movemask_epi8(quotes) != 0;
  }
#endif
  for (; p < end; ++p) {
    n += *p == '\n';
    quote = quote || *p == '"';
  }
  *lines = n;
  *quoted = quote;
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
    // An unquoted field: up to the delimiter or the line end.
    const char* start = p;
    p = FindStop(p, end, delim);
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

namespace {

// SplitRecord for text known to hold no quote: 16 bytes a step, each step's delimiters and
// line ends found as bit masks and walked, so a step usually ends two or three fields.
SplitResult SplitUnquoted(std::string_view text, size_t* pos, char delimiter, bool at_end,
                          std::vector<std::string_view>* fields) {
  SplitResult r;
  fields->clear();
  const char* const begin = text.data();
  const char* const end = begin + text.size();
  const char* p = begin + *pos;
  const char* start = p;
  auto line_ends_at = [&](const char* at) {
    if (*at == '\r') {
      if (at + 1 == end && !at_end) {  // "\r" then maybe "\n" in the next block
        r.complete = false;
        return r;
      }
      if (at + 1 < end && at[1] == '\n') ++at;
    }
    r.newlines = 1;
    *pos = static_cast<size_t>(at + 1 - begin);
    return r;
  };
#if defined(__SSE2__)
  const StopMasks m(static_cast<unsigned char>(delimiter));
  while (end - p >= 16) {
    __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    unsigned ends =
        static_cast<unsigned>(_mm_movemask_epi8(_mm_or_si128(_mm_cmpeq_epi8(v, m.lf), _mm_cmpeq_epi8(v, m.cr))));
    unsigned stops = ends | static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(v, m.delim)));
    while (stops) {
      int k = std::countr_zero(stops);
      fields->emplace_back(start, static_cast<size_t>(p + k - start));
      if (ends >> k & 1) return line_ends_at(p + k);
      start = p + k + 1;
      stops &= stops - 1;
    }
    p += 16;
  }
#endif
  for (; p < end; ++p) {
    if (*p == delimiter) {
      fields->emplace_back(start, static_cast<size_t>(p - start));
      start = p + 1;
    } else if (*p == '\n' || *p == '\r') {
      fields->emplace_back(start, static_cast<size_t>(p - start));
      return line_ends_at(p);
    }
  }
  if (!at_end) {
    r.complete = false;
    return r;
  }
  fields->emplace_back(start, static_cast<size_t>(end - start));
  *pos = text.size();
  return r;
}

}  // namespace

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

// Blocks of several MiB in 2 MiB pages where the kernel offers them: the first touch of each
// 4 KiB page is a page fault, which on a virtual machine costs as much as copying the page.
CsvFile::Buffer CsvFile::NewBuffer(size_t* capacity) {
  constexpr size_t kHuge = 2 << 20;
  if (*capacity < kHuge) return Buffer(static_cast<char*>(std::malloc(*capacity)));
  *capacity = (*capacity + kHuge - 1) / kHuge * kHuge;
  char* p = static_cast<char*>(std::aligned_alloc(kHuge, *capacity));
  if (p) ::madvise(p, *capacity, MADV_HUGEPAGE);  // advice only: without it, 4 KiB pages
  return Buffer(p);
}

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
  f->threads_ =
      options.threads > 0 ? options.threads : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
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
  size_t delimiters = 0, counted = 0;  // delimiters in buffer_[0, counted)
  for (;;) {
    // Twice as much each time: the header is split again from its start after each read.
    Status s = f->Fill(std::max<size_t>(1 << 16, f->size_), &eof);
    if (!s.ok()) return s;
    std::string_view text(f->buffer_.get(), f->size_);
    // Too many columns is refused before they are split (a field costs memory at once).
    size_t line_end = std::min(text.find('\n', counted), text.size());
    delimiters += static_cast<size_t>(std::count(text.begin() + static_cast<long>(counted),
                                                 text.begin() + static_cast<long>(line_end), options.delimiter));
    counted = line_end;
    if (delimiters >= options.max_columns) {
      return Status::Limit(display + ":1: the header has more than " + std::to_string(options.max_columns) +
                           " columns; is this a CSV file with this delimiter?");
    }
    size_t pos = first && text.substr(0, 3) == "\xEF\xBB\xBF" ? 3 : 0;
    if (text.size() == pos && eof) return Status::Corruption(display + ": empty; a data file needs a header row");
    SplitResult r = SplitRecord(text, &pos, options.delimiter, eof, &fields, &unescaped);
    if (!r.error.empty()) return Status::Corruption(display + ":1: " + r.error);
    if (r.complete && fields.size() > options.max_columns) {  // delimiters counted on one line only
      return Status::Limit(display + ":1: the header has more than " + std::to_string(options.max_columns) +
                           " columns; is this a CSV file with this delimiter?");
    }
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
  // A plain file asks for no more than it has left (and a byte, to see its end): a small
  // file gets a small buffer, not a block of many megabytes.
  if (!source_->gz) {
    struct stat st;
    if (::fstat(source_->fd, &st) == 0 && st.st_size >= 0) {
      auto left = static_cast<unsigned long long>(st.st_size);
      left = left > source_->offset ? left - source_->offset : 0;
      want = static_cast<size_t>(std::min<unsigned long long>(want, left + 1));
    }
  }
  if (size_ + want > capacity_) {
    size_t capacity = std::max(size_ + want, capacity_ * 3 / 2);
    Buffer bigger = NewBuffer(&capacity);
    if (!bigger)
      return Status::Limit(display_ + ": out of memory for a block of " + std::to_string(capacity) + " bytes");
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

bool CsvFile::ScanProbe(std::string_view text, size_t pos, bool at_end, int worker, const CsvProbe& probe,
                        unsigned long long* hash, size_t* next) const {
  const unsigned char delim = static_cast<unsigned char>(options_.delimiter);
  const char* const end = text.data() + text.size();
  const char* field = text.data() + pos;
  for (int k = 0; k < probe.column; ++k) {
    const char* stop = FindStop(field, end, delim);
    if (stop == end || *stop != options_.delimiter) return false;  // short, blank or unterminated: split it
    field = stop + 1;
  }
  const char* field_end = FindStop(field, end, delim);
  if (field_end == end) return false;
  size_t delimiters = static_cast<size_t>(probe.column);
  const char* line_end = field_end;
  if (*field_end == options_.delimiter) {
    ++delimiters;
    line_end = FindLineEnd(field_end + 1, end, delim, &delimiters);
  }
  if (line_end == end || delimiters + 1 != header_.size()) return false;  // the split reports what is wrong
  if (*line_end == '\r') {
    if (line_end + 1 == end && !at_end) return false;  // "\r" then maybe "\n" in the next block
    if (line_end + 1 < end && line_end[1] == '\n') ++line_end;
  }
  // Hashed only once the record is known good, so that each record is hashed once.
  *hash = probe.hash(worker, std::string_view(field, static_cast<size_t>(field_end - field)));
  probe.filter->Prefetch(*hash);
  *next = static_cast<size_t>(line_end + 1 - text.data());
  return true;
}

Status CsvFile::ParseRange(std::string_view text, long long first_line, bool at_end, bool quoted, int worker,
                           const Visitor& visit, const CsvProbe* probe, const PartVisitor* visit_part,
                           size_t* consumed, long long* lines) {
  if (visit_part && !quoted) {  // whole records: ForEach cuts blocks after a line end
    *consumed = text.size();
    return (*visit_part)(worker, CsvPart{text, first_line}, lines);
  }
  std::vector<std::string_view> fields;
  fields.reserve(header_.size());
  std::deque<std::string> unescaped;
  // Splits the record at *pos, checks its field count, and visits it unless `probe_it` and
  // the probe rejects it. *complete is false when the record continues past the text.
  auto split = [&](size_t* pos, long long line, bool probe_it, bool* complete, int* newlines) {
    unescaped.clear();
    SplitResult r = quoted ? SplitRecord(text, pos, options_.delimiter, at_end, &fields, &unescaped)
                           : SplitUnquoted(text, pos, options_.delimiter, at_end, &fields);
    if (!r.error.empty()) return Status::Corruption(display_ + ":" + std::to_string(line) + ": " + r.error);
    *complete = r.complete;
    *newlines = r.newlines;
    if (!r.complete || (fields.size() == 1 && fields[0].empty())) return Status::OK();  // blank lines are skipped
    if (fields.size() != header_.size()) {
      return Status::Corruption(display_ + ":" + std::to_string(line) + ": " + std::to_string(fields.size()) +
                                " fields, the header has " + std::to_string(header_.size()) +
                                " (a ragged row: a missing or extra delimiter, or an unquoted one in a value)");
    }
    if (probe_it && !probe->filter->MayHave(probe->hash(worker, fields[static_cast<size_t>(probe->column)]))) {
      return Status::OK();
    }
    return visit(worker, CsvRecord{line, fields, text});
  };

  // Records the probe scanned wait here for their filter words to arrive from memory: each
  // is looked up a few records later, so that the cache misses overlap with the scanning.
  struct Scanned {
    unsigned long long hash;
    size_t start;
    long long line;
  };
  constexpr size_t kDepth = 8;
  Scanned queue[kDepth];
  size_t head = 0, queued = 0;
  auto look_up_oldest = [&] {
    Scanned e = queue[head];
    head = (head + 1) % kDepth;
    --queued;
    if (!probe->filter->MayHave(e.hash)) return Status::OK();
    bool complete = true;
    int newlines = 0;
    return split(&e.start, e.line, false, &complete, &newlines);
  };

  const bool scanning = probe && !quoted;
  size_t pos = 0;
  long long line = first_line;
  while (pos < text.size()) {
    Scanned e{0, pos, line};
    if (scanning && ScanProbe(text, pos, at_end, worker, *probe, &e.hash, &pos)) {
      if (queued == kDepth) {
        Status s = look_up_oldest();
        if (!s.ok()) return s;
      }
      queue[(head + queued++) % kDepth] = e;
      ++line;
      continue;
    }
    // Anything unusual is split, in file order: the queue first.
    while (queued) {
      Status s = look_up_oldest();
      if (!s.ok()) return s;
    }
    bool complete = true;
    int newlines = 0;
    Status s = split(&pos, line, probe != nullptr, &complete, &newlines);
    if (!s.ok()) return s;
    if (!complete) {
      pos = e.start;
      break;
    }
    line += newlines;
  }
  while (queued) {
    Status s = look_up_oldest();
    if (!s.ok()) return s;
  }
  *consumed = pos;
  *lines = line - first_line;
  return Status::OK();
}

Status CsvFile::ParseWindow(std::string_view text, bool at_end, const Visitor& visit, const CsvProbe* probe,
                            const PartVisitor* visit_part, size_t* used) {
  // Split among the workers at line ends. First each part is scanned for its line count
  // (the next part's first line number) and for quotes, all at once; a quote could hide a
  // newline, so a window holding one is parsed by one worker.
  int parts = text.size() < (1u << 20) ? 1 : threads_;
  std::vector<size_t> cut = {0};
  for (int i = 1; i < parts; ++i) {
    size_t at = text.size() * static_cast<size_t>(i) / static_cast<size_t>(parts);
    size_t nl = text.find('\n', std::max(at, cut.back()));
    if (nl == std::string_view::npos) break;
    cut.push_back(nl + 1);
  }
  cut.push_back(text.size());
  size_t n = cut.size() - 1;
  std::vector<long long> lines(n, 0);
  std::unique_ptr<bool[]> quotes(new bool[n]());
  auto scan = [&](size_t i) { CountLinesAndQuotes(text.substr(cut[i], cut[i + 1] - cut[i]), &lines[i], &quotes[i]); };
  if (n > 1) {
    std::vector<std::thread> pool;
    for (size_t i = 1; i < n; ++i) pool.emplace_back(scan, i);
    scan(0);
    for (auto& t : pool) t.join();
  }
  bool quoted = std::any_of(quotes.get(), quotes.get() + n, [](bool q) { return q; });
  if (quoted || n == 1) {
    quoted = std::memchr(text.data(), '"', text.size()) != nullptr;
    cut = {0, text.size()};
    n = 1;
  }
  std::vector<long long> first_line(n, next_line_);
  for (size_t i = 1; i < n; ++i) first_line[i] = first_line[i - 1] + lines[i - 1];
  std::vector<Status> status(n);
  std::vector<size_t> consumed(n, 0);
  auto run = [&](size_t i) {
    status[i] = ParseRange(text.substr(cut[i], cut[i + 1] - cut[i]), first_line[i], at_end && i + 1 == n, quoted,
                           static_cast<int>(i), visit, probe, visit_part, &consumed[i], &lines[i]);
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

Status CsvFile::Head(size_t count, std::vector<std::vector<std::string>>* rows) {
  std::vector<std::string_view> fields;
  std::deque<std::string> unescaped;
  size_t pos = 0;
  bool eof = false;
  while (rows->size() < count && !(eof && pos >= size_)) {
    size_t start = pos;
    unescaped.clear();
    SplitResult r =
        SplitRecord(std::string_view(buffer_.get(), size_), &pos, options_.delimiter, eof, &fields, &unescaped);
    if (!r.error.empty()) break;
    if (r.complete) {
      if (fields.size() == header_.size()) rows->emplace_back(fields.begin(), fields.end());
      continue;
    }
    pos = start;
    if (eof || size_ > options_.max_record_bytes) break;
    Status s = Fill(1 << 20, &eof);
    if (!s.ok()) return s;
  }
  return Status::OK();
}

Status CsvFile::TooLong() const {
  return Status::Limit(display_ + ":" + std::to_string(next_line_) + ": a record longer than " +
                       std::to_string(options_.max_record_bytes) +
                       " bytes; the file is not line-oriented CSV (or raise the limit)");
}

Status CsvFile::ForEach(const Visitor& visit, const CsvProbe* probe) { return Walk(visit, probe, nullptr); }

Status CsvFile::ForEach(const Visitor& visit, const PartVisitor& visit_part) { return Walk(visit, nullptr, &visit_part); }

Status CsvFile::Walk(const Visitor& visit, const CsvProbe* probe, const PartVisitor* visit_part) {
  if (probe && (probe->column < 0 || static_cast<size_t>(probe->column) >= header_.size() || !probe->filter)) {
    return Status::InvalidArgument(display_ + ": probe column " + std::to_string(probe->column) +
                                   " is not in the header");
  }
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
    Status s = ParseWindow(text, eof, visit, probe, visit_part, &used);
    if (!s.ok()) return s;
    if (used == 0 && size_ > options_.max_record_bytes) return TooLong();
    std::memmove(buffer_.get(), buffer_.get() + used, size_ - used);
    size_ -= used;
    if (eof && size_ == 0) return Status::OK();
  }
}

}  // namespace mlgate
