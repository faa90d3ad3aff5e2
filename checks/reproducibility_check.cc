#include "checks/reproducibility_check.h"

#include <map>

#include "base/data_hash.h"
#include "base/text.h"
#include "checks/data/dvc_files.h"
#include "checks/data/lock_file.h"

namespace mlgate {

const char kReproducibilityHelp[] = R"(reproducibility — the hashes a pipeline recorded still match

Reads dvc.lock (schema 2.0, DVC 2 and 3) and re-hashes every dep and out it records, as DVC
computes them:
  hash: md5 entries (DVC 3)   md5 of the file's bytes
  entries without hash (DVC 2) md5 with CRLF made LF in each 1 MiB chunk when the file's
                              first 512 bytes look like text (DVC 2's md5-dos2unix)
  directories (md5 ….dir)     md5 of DVC's JSON listing of relative paths and file md5s
Files are hashed on every core. Each path is hashed once, however many stages name it.

And mlgate.lock, written by `mlgate lock`: the sha256 of the files under `files:`, of the
model artifacts and of the environment files at the root (requirements*.txt, poetry.lock,
uv.lock, environment.yml, Dockerfile). Each is re-hashed; a declared file the lock does not
list means the lock is stale (run `mlgate lock` again and commit it).

Measured: hash_mismatches (must be 0; a missing path counts), files_hashed, bytes_hashed.
Findings: reproducibility:hash-mismatch, reproducibility:missing, reproducibility:not-locked,
with the expected and the actual hash and size. A dvc.lock entry with no md5 (a cloud
etag) cannot be checked here and is listed as info. With neither lock present the check
is an error.

Parameters:
  lock: dvc.lock            DVC's lock (default dvc.lock, when it exists)
  mlgate_lock: mlgate.lock  mlgate's lock (default mlgate.lock, when it exists)
  files: [GLOB, ...]        what `mlgate lock` locks besides models and environment files

Example:
  checks:
    reproducibility:
      lock: dvc.lock
      files: ["data/*.csv"]
)";

namespace {

// What the locks' verification adds up to.
struct Tally {
  int mismatches = 0;
  long long files = 0;
  unsigned long long bytes = 0;
  std::vector<std::string> locks;  // "dvc.lock (6 paths)"
};

class ReproducibilityCheck final : public Check {
 public:
  void Configure(Params& params) override {
    lock_ = params.String("lock", false);
    mlgate_lock_ = params.String("mlgate_lock", false);
    files_ = params.StringList("files", false);
  }

  LockSpec lock_spec() const {
    LockSpec spec;
    spec.files = files_;
    if (!mlgate_lock_.empty()) spec.lock_file = mlgate_lock_;
    return spec;
  }

  Status Run(const CheckContext& ctx, CheckResult* result) const override {
    // An explicitly named lock must exist; a default one is used when it does.
    std::string dvc = !lock_.empty() ? lock_ : ctx.workspace.Exists("dvc.lock") ? "dvc.lock" : "";
    std::string mlgate = !mlgate_lock_.empty()                 ? mlgate_lock_
                         : ctx.workspace.Exists("mlgate.lock") ? "mlgate.lock"
                                                               : "";
    if (dvc.empty() && mlgate.empty()) {
      return Status::NotFound(
          "reproducibility: neither dvc.lock nor mlgate.lock exists; record the hashes with "
          "`mlgate lock` (or `dvc repro`) and commit the lock");
    }
    Tally tally;
    HashProgress progress;
    if (ctx.progress) {
      progress = [&ctx, &tally](unsigned long long running) {
        char text[64];
        std::snprintf(text, sizeof text, "hashed %.2f GB", static_cast<double>(tally.bytes + running) / 1e9);
        ctx.progress(text);
      };
    }
    Status s = dvc.empty() ? Status::OK() : VerifyDvcLock(ctx, dvc, progress, result, &tally);
    if (s.ok() && !mlgate.empty()) s = VerifyMlgateLock(ctx, mlgate, progress, result, &tally);
    if (!s.ok()) return s;
    result->measurements.push_back(LimitMeasurement("hash_mismatches", tally.mismatches, Op::kLe, 0, ""));
    result->measurements.push_back(InformationalMeasurement("files_hashed", static_cast<double>(tally.files), ""));
    result->measurements.push_back(InformationalMeasurement("bytes_hashed", static_cast<double>(tally.bytes), "bytes"));
    result->summary = Join(tally.locks, " and ") + " re-hashed (" + std::to_string(tally.files) + " files, " +
                      FormatNumber(static_cast<double>(tally.bytes)) + " bytes): " +
                      (tally.mismatches ? std::to_string(tally.mismatches) + " changed or missing" : "all match");
    return Status::OK();
  }

 private:
  Status VerifyDvcLock(const CheckContext& ctx, const std::string& lock_path, const HashProgress& progress,
                       CheckResult* result, Tally* tally) const {
    EvidenceFile lock;
    Status s = ctx.workspace.Read(lock_path, &lock);
    if (!s.ok()) return s.WithContext("lock file");
    result->evidence.push_back(lock.Record());
    DvcLock parsed;
    s = ParseDvcLock(lock.bytes, lock_path, &parsed);
    if (!s.ok()) return s;
    std::string base = DvcPathBase(lock_path);

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
    int& mismatches = tally->mismatches;
    for (const auto& path : order) {
      const DvcEntry* e = by_path[path].front();
      if (e->md5.empty()) {
        Finding f = MakeFinding("reproducibility:not-checkable", Severity::kInfo, lock_path, e->line,
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
        result->findings.push_back(MakeFinding("reproducibility:missing", Severity::kHigh, path, 0,
                                               path + " (" + (e->is_out ? "out" : "dep") + " of stage " + e->stage +
                                                   ", " + lock_path + ":" + std::to_string(e->line) +
                                                   ") is missing: " + s.message() + "; expected md5 " + e->md5));
        continue;
      }
      bool is_dir = e->md5.size() > 4 && e->md5.compare(e->md5.size() - 4, 4, ".dir") == 0;
      (is_dir ? dirs : files).push_back({path, absolute, e});
    }

    auto compare = [&](const Job& job, const std::string& actual, unsigned long long size, long long nfiles) {
      tally->bytes += size;
      tally->files += nfiles;
      for (const DvcEntry* e : by_path[job.path]) {
        bool same = actual == e->md5 && (e->size < 0 || static_cast<unsigned long long>(e->size) == size);
        if (same) continue;
        ++mismatches;
        result->findings.push_back(MakeFinding(
            "reproducibility:hash-mismatch", Severity::kHigh, job.path, 0,
            job.path + " (" + (e->is_out ? "out" : "dep") + " of stage " + e->stage + ", " + lock_path + ":" +
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
      std::vector<FileHash> hashes = HashFiles(paths, algorithm, 0, progress, ctx.workspace.max_hashed_bytes());
      for (size_t i = 0; i < batch.size(); ++i) {
        if (!hashes[i].status.ok()) return hashes[i].status.WithContext(batch[i]->path);
        compare(*batch[i], hashes[i].hex, hashes[i].size, 1);
      }
    }
    for (const auto& job : dirs) {
      DirHash h;
      s = DvcDirHash(job.absolute, job.entry->legacy ? HashAlgorithm::kMd5Dos2Unix : HashAlgorithm::kMd5, 0, &h,
                     progress, ctx.workspace.max_hashed_bytes());
      if (!s.ok()) return s.WithContext(job.path);
      compare(job, h.md5, h.size, h.nfiles);
    }

    tally->locks.push_back(lock_path + " (" + std::to_string(order.size()) +
                           (order.size() == 1 ? " path)" : " paths)"));
    return Status::OK();
  }

  Status VerifyMlgateLock(const CheckContext& ctx, const std::string& lock_path, const HashProgress& progress,
                          CheckResult* result, Tally* tally) const {
    EvidenceFile lock;
    Status s = ctx.workspace.Read(lock_path, &lock);
    if (!s.ok()) return s.WithContext("lock file");
    result->evidence.push_back(lock.Record());
    std::vector<LockEntry> entries;
    s = ParseLockFile(lock.bytes, lock_path, &entries);
    if (!s.ok()) return s;
    std::vector<std::string> paths;
    std::vector<const LockEntry*> present;
    for (const auto& e : entries) {
      std::string absolute;
      s = ctx.workspace.Resolve(e.path, &absolute);
      if (!s.ok()) {
        ++tally->mismatches;
        result->findings.push_back(
            MakeFinding("reproducibility:missing", Severity::kHigh, e.path, 0,
                        e.path + " (" + lock_path + ") is missing: " + s.message() + "; expected sha256 " + e.sha256));
        continue;
      }
      paths.push_back(absolute);
      present.push_back(&e);
    }
    std::vector<FileHash> hashes =
        HashFiles(paths, HashAlgorithm::kSha256, 0, progress, ctx.workspace.max_hashed_bytes());
    for (size_t i = 0; i < present.size(); ++i) {
      const LockEntry& e = *present[i];
      if (!hashes[i].status.ok()) return hashes[i].status.WithContext(e.path);
      tally->bytes += hashes[i].size;
      ++tally->files;
      if (hashes[i].hex == e.sha256 && hashes[i].size == e.size) continue;
      ++tally->mismatches;
      result->findings.push_back(MakeFinding(
          "reproducibility:hash-mismatch", Severity::kHigh, e.path, 0,
          e.path + " (" + lock_path + ") changed: expected sha256 " + e.sha256 + " (" + std::to_string(e.size) +
              " bytes), found " + hashes[i].hex + " (" + std::to_string(hashes[i].size) +
              " bytes) — restore it, or run `mlgate lock` if the change is meant and commit the lock"));
    }
    // Declared now but not in the lock: the lock is older than the declaration.
    std::vector<std::string> declared, artifacts;
    if (!ctx.model_artifact.empty()) artifacts.push_back(ctx.model_artifact);
    s = DeclaredFiles(ctx.workspace, files_, artifacts, &declared);
    if (!s.ok()) return s;
    for (const auto& path : declared) {
      bool locked = false;
      for (const auto& e : entries) locked = locked || e.path == path;
      if (locked) continue;
      ++tally->mismatches;
      result->findings.push_back(MakeFinding(
          "reproducibility:not-locked", Severity::kMedium, path, 0,
          path + " is declared but " + lock_path + " does not list it; run `mlgate lock` and commit the lock"));
    }
    tally->locks.push_back(lock_path + " (" + std::to_string(entries.size()) +
                           (entries.size() == 1 ? " file)" : " files)"));
    return Status::OK();
  }

  std::string lock_, mlgate_lock_;
  std::vector<std::string> files_;
};

}  // namespace

std::unique_ptr<Check> NewReproducibilityCheck() { return std::make_unique<ReproducibilityCheck>(); }

LockSpec LockSpecOf(const Check* check) {
  const auto* reproducibility = dynamic_cast<const ReproducibilityCheck*>(check);
  return reproducibility ? reproducibility->lock_spec() : LockSpec{};
}

}  // namespace mlgate
