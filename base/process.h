// Running another program: by absolute path, with an exact argv, never through a shell, so
// neither PATH nor quoting can change what runs (docs/THREATS.md T3). Used for the signature
// verifiers (ssh-keygen, gpg) and for git when mlgate writes a commit.
#pragma once

#include <string>
#include <vector>

#include "base/status.h"

namespace mlgate {

struct ProcessResult {
  int exit_code = -1;  // -1 when killed by a signal
  std::string out, err;
};

// Runs argv[0] (an absolute path) with `input` on its standard input and collects its
// output, at most `max_output` bytes of each stream (the rest is read and dropped). `cwd`
// empty: this process's directory. A non-OK status means it could not be started.
Status RunProcess(const std::vector<std::string>& argv, const std::string& input, ProcessResult* result,
                  const std::string& cwd = "", size_t max_output = 1 << 20);

// The first of `candidates` that exists and is executable; empty when none is.
std::string FindProgram(const std::vector<std::string>& candidates);

}  // namespace mlgate
