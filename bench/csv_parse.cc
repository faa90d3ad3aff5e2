// The CSV half of the benchmark: parse a data file as pandas.read_csv would — every field
// split, every numeric field converted to a double — with mlgate's reader, and print the
// time. usage: mlgate_bench_csv FILE
#include <fast_float/fast_float.h>

#include <atomic>
#include <chrono>
#include <cstdio>

#include "base/csv_reader.h"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: mlgate_bench_csv FILE\n");
    return 2;
  }
  auto start = std::chrono::steady_clock::now();
  std::unique_ptr<mlgate::CsvFile> file;
  mlgate::Status s = mlgate::CsvFile::Open(argv[1], argv[1], {}, &file);
  if (!s.ok()) {
    std::fprintf(stderr, "%s\n", s.message().c_str());
    return 1;
  }
  struct alignas(64) Tally {
    long long rows = 0, numbers = 0;
    double sum = 0;
  };
  std::vector<Tally> tally(static_cast<size_t>(file->threads()));
  s = file->ForEach([&](int worker, const mlgate::CsvRecord& r) {
    Tally& t = tally[static_cast<size_t>(worker)];
    ++t.rows;
    for (std::string_view f : r.fields) {
      double v;
      auto res = fast_float::from_chars(f.data(), f.data() + f.size(), v);
      if (res.ec == std::errc() && res.ptr == f.data() + f.size()) {
        ++t.numbers;
        t.sum += v;
      }
    }
    return mlgate::Status::OK();
  });
  if (!s.ok()) {
    std::fprintf(stderr, "%s\n", s.message().c_str());
    return 1;
  }
  Tally total;
  for (const auto& t : tally) {
    total.rows += t.rows;
    total.numbers += t.numbers;
    total.sum += t.sum;
  }
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("rows=%lld numbers=%lld checksum=%.6g bytes=%llu\n", total.rows, total.numbers, total.sum,
              file->bytes_read());
  std::printf("TIMING {\"parse\": %.4f}\n", seconds);
  return 0;
}
