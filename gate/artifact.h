// A model artifact is one file (a pickle, an ONNX file) or a directory of files (a
// SavedModel, a Hugging Face checkpoint). Its sha256 — what approvals name, what the
// registry names versions by, what the attestation's subject is — is the file's sha256,
// or for a directory the sha256 of its listing as sha256sum prints it:
//
//   cd DIR && find . -type f -printf '%P\n' | LC_ALL=C sort | xargs -d '\n' sha256sum | sha256sum
//
// so anyone can recompute it with coreutils. Empty directories do not count; a symbolic
// link, a device or a name with a line end inside an artifact directory is an error (it
// would make the listing ambiguous or reach outside the artifact).
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "base/status.h"

namespace mlgate {

// The regular files of a directory artifact, relative to it, sorted bytewise.
Status ListArtifactDirectory(const std::string& dir, std::vector<std::string>* relpaths);

// The directory digest from each file's sha256 (hex) and relative path, in listing order.
std::string DirectoryDigest(const std::vector<std::pair<std::string, std::string>>& hex_and_relpath);

struct ArtifactDigestResult {
  std::string sha256;
  unsigned long long size = 0;  // bytes, summed over the files of a directory
  bool directory = false;
  long long files = 1;
};

// The artifact's sha256 as defined above; `path` is absolute and is not followed when it
// is a symbolic link. An artifact of more than `max_bytes` (limits: max_artifact_gb) is a
// Limit error before a byte is read: hashing a terabyte (a sparse file costs nothing to
// make) would take the CI job's whole time.
Status ArtifactDigest(const std::string& path, unsigned long long max_bytes, ArtifactDigestResult* out);

}  // namespace mlgate
