// DVC's dvc.lock and dvc.yaml, and mlgate's own lock file (reproducibility evidence).
#include "checks/data/dvc_files.h"
#include "checks/data/lock_file.h"
#include "fuzz/fuzz_util.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  size_t reader = mlgate::fuzz::Choose(&data, &size, 3);
  std::string_view text = mlgate::fuzz::Bytes(data, size);
  if (reader == 0) {
    mlgate::DvcLock lock;
    if (mlgate::ParseDvcLock(text, "dvc.lock", &lock).ok()) {
      for (const auto& e : lock.entries) mlgate::fuzz::Require(e.line >= 0 && e.size >= -1 && e.nfiles >= -1);
    }
  } else if (reader == 1) {
    std::vector<mlgate::DvcStage> stages;
    (void)mlgate::ParseDvcYaml(text, "dvc.yaml", &stages);
  } else {
    std::vector<mlgate::LockEntry> entries;
    (void)mlgate::ParseLockFile(text, "mlgate.lock", &entries);
  }
  return 0;
}
