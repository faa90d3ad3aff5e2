// DVC's pipeline files, as the data checks need them (docs/FORMATS.md §8): the outputs and
// dependencies of each stage in dvc.lock (schema 2.0) with their recorded hashes, and the
// stages of dvc.yaml with their deps. Read with mlgate's strict YAML.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace mlgate {

struct DvcEntry {
  std::string stage;
  std::string path;         // relative to the lock file's directory
  bool is_out = false;      // an out of its stage (else a dep)
  std::string md5;          // "<hex>" or "<hex>.dir"; empty when only a cloud etag is recorded
  bool legacy = false;      // no `hash: md5` key: DVC 2's text-normalised md5
  long long size = -1;      // -1 when not recorded
  long long nfiles = -1;
  int line = 0;             // where the entry starts in dvc.lock
};

struct DvcLock {
  std::vector<DvcEntry> entries;  // in file order
};

Status ParseDvcLock(std::string_view text, const std::string& file, DvcLock* out);

// The directory the paths inside a DVC file are relative to, as a prefix: "" for
// "dvc.lock", "ml/" for "ml/dvc.yaml".
std::string DvcPathBase(const std::string& dvc_file);

struct DvcStage {
  std::string name;
  std::vector<std::string> deps;
  std::vector<std::string> outs;
  int line = 0;
};

// dvc.yaml's stages (foreach/matrix stages are expanded only by name, with their deps as
// written, templates included).
Status ParseDvcYaml(std::string_view text, const std::string& file, std::vector<DvcStage>* out);

}  // namespace mlgate
