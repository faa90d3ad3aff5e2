#include "checks/reproducibility_check.h"

#include <map>

#include "checks/data/dvc_files.h"
#include "gate/data_hash.h"
#include "gate/text.h"

namespace mlgate {

const char kReproducibilityHelp[] = R"(reproducibility — the hashes a pipeline recorded still match

Reads dvc.lock (schema 2.0, DVC 2 and 3) and re-hashes every dep and out it records, as DVC
computes them:
  hash: md5 entries (DVC 3)   md5 of the file's bytes
  entries without hash (DVC 2) md5 with CRLF made LF in each 1 MiB chunk when the file's
                              first 512 bytes look like text (DVC 2's md5-dos2unix)
  directories (md5 ….dir)     md5 of DVC's JSON listing of relative paths and file md5s
Files are hashed on every core. Each path is hashed once, however many stages name it.

Measured: hash_mismatches (must be 0; a missing path counts), files_hashed, bytes_hashed.
Findings: reproducibility:hash-mismatch and reproducibility:missing, with the stage, the
expected and the actual hash and size. An entry with no md5 (a cloud etag) cannot be
checked here and is listed as info.

Parameters:
  lock: dvc.lock       the lock file (default dvc.lock)

Example:
  checks:
    reproducibility:
      lock: dvc.lock
)";

namespace {

class ReproducibilityCheck : public Check {
 public:
  void Configure(Params& params) override { lock_ = params.String("lock", false, "dvc.lock"); }

  Status Run(const CheckContext& ctx, CheckResult* result) const override {
    EvidenceFile lock;
    Status s = ctx.workspace.Read(lock_, &lock);
    if (!s.ok()) return s.WithContext("lock file");
    result->evidence.push_back(lock.Record());
    DvcLock parsed;
    s = ParseDvcLock(lock.bytes, lock_, &parsed);
    if (!s.ok()) return s;
    std::string base = lock_.find('/') == std::string::npos ? "" : lock_.substr(0, lock_.rfind('/') + 1);

    // One check per path: the first entry naming it (stages that share a path record the
    // same hash; a disagreement is reported by the second entry's comparison).
    std::map<std::string, std::vector<const DvcEntry*>> by_path;
    std::vector<std::string> order;
    for (const auto& e : parsed.entries) {
      std::string path = base + e.path;
      if (!by_path.count(path)) order.push_back(path);
      by_path[path].push_back(&e);
    }
    struct Job {
      std::string path;
      std::string absolute;
      const DvcEntry* entry;
    };
    std::vector<Job> files, dirs;
    int mismatches = 0;
    for (const auto& path : order) {
      const DvcEntry* e = by_path[path].front();
      if (e->md5.empty()) {
        Finding f = MakeFinding("reproducibility:not-checkable", Severity::kInfo, lock_, e->line,
                                path + " (stage " + e->stage + ") records no md5 (a cloud etag or checksum); it " +
                                    "cannot be re-hashed here");
        f.blocking = false;
        result->findings.push_back(std::move(f));
        continue;
      }
      std::string absolute;
      s = ctx.workspace.Resolve(path, &absolute);
      if (!s.ok()) {
        ++mismatches;
        result->findings.push_back(MakeFinding(
            "reproducibility:missing", Severity::kHigh, path, 0,
            path + " (" + (e->is_out ? "out" : "dep") + " of stage " + e->stage + ", " + lock_ + ":" +
                std::to_string(e->line) + ") is missing: " + s.message() + "; expected md5 " + e->md5));
        continue;
      }
      bool is_dir = e->md5.size() > 4 && e->md5.compare(e->md5.size() - 4, 4, ".dir") == 0;
      (is_dir ? dirs : files).push_back({path, absolute, e});
    }

    unsigned long long bytes = 0;
    long long hashed = 0;
    // Bytes hashed so far, in earlier batches and the running one.
    HashProgress progress;
    if (ctx.progress) {
      progress = [&ctx, &bytes](unsigned long long running) {
        char text[64];
        std::snprintf(text, sizeof text, "hashed %.2f GB", static_cast<double>(bytes + running) / 1e9);
        ctx.progress(text);
      };
    }
    auto compare = [&](const Job& job, const std::string& actual, unsigned long long size, long long nfiles) {
      bytes += size;
      hashed += nfiles;
      for (const DvcEntry* e : by_path[job.path]) {
        bool same = actual == e->md5 && (e->size < 0 || static_cast<unsigned long long>(e->size) == size);
        if (same) continue;
        ++mismatches;
        result->findings.push_back(MakeFinding(
            "reproducibility:hash-mismatch", Severity::kHigh, job.path, 0,
            job.path + " (" + (e->is_out ? "out" : "dep") + " of stage " + e->stage + ", " + lock_ + ":" +
                std::to_string(e->line) + ") changed: expected md5 " + e->md5 +
                (e->size >= 0 ? " (" + std::to_string(e->size) + " bytes)" : "") + ", found " + actual + " (" +
                std::to_string(size) + " bytes) — re-run the pipeline (dvc repro) or restore the data"));
      }
    };
    // Files: each algorithm's batch on every core.
    for (HashAlgorithm algorithm : {HashAlgorithm::kMd5, HashAlgorithm::kMd5Dos2Unix}) {
      std::vector<const Job*> batch;
      std::vector<std::string> paths;
      for (const auto& job : files) {
        if ((algorithm == HashAlgorithm::kMd5Dos2Unix) == job.entry->legacy) {
          batch.push_back(&job);
          paths.push_back(job.absolute);
        }
      }
      std::vector<FileHash> hashes = HashFiles(paths, algorithm, 0, progress);
      for (size_t i = 0; i < batch.size(); ++i) {
        if (!hashes[i].status.ok()) return hashes[i].status.WithContext(batch[i]->path);
        compare(*batch[i], hashes[i].hex, hashes[i].size, 1);
      }
    }
    for (const auto& job : dirs) {
      DirHash h;
      s = DvcDirHash(job.absolute, job.entry->legacy ? HashAlgorithm::kMd5Dos2Unix : HashAlgorithm::kMd5, 0, &h,
                     progress);
      if (!s.ok()) return s.WithContext(job.path);
      compare(job, h.md5, h.size, h.nfiles);
    }

    result->measurements.push_back(LimitMeasurement("hash_mismatches", mismatches, Op::kLe, 0, ""));
    result->measurements.push_back(InformationalMeasurement("files_hashed", static_cast<double>(hashed), ""));
    result->measurements.push_back(InformationalMeasurement("bytes_hashed", static_cast<double>(bytes), "bytes"));
    result->summary = std::to_string(order.size()) + " paths of " + lock_ + " re-hashed (" + std::to_string(hashed) +
                      " files, " + FormatNumber(static_cast<double>(bytes)) + " bytes): " +
                      (mismatches ? std::to_string(mismatches) + " changed or missing" : "all match");
    return Status::OK();
  }

 private:
  std::string lock_;
};

}  // namespace

std::unique_ptr<Check> NewReproducibilityCheck() { return std::make_unique<ReproducibilityCheck>(); }

}  // namespace mlgate
