// The crash tests' hook for promote and rollback: MLGATE_TEST_KILL_AT_STEP=N makes the
// process SIGKILL itself at the Nth file-system step of the transaction (registry writes
// and the git tag), as a power cut would stop it; with N past the last step it prints how
// many there were. It can do nothing a user's own `kill -9` could not.
#pragma once

#include <signal.h>
#include <unistd.h>

#include <cstdlib>
#include <iostream>

#include "registry/file_registry.h"

namespace mlgate::cli {

class StepCounter {
 public:
  StepCounter() {
    const char* at = std::getenv("MLGATE_TEST_KILL_AT_STEP");
    kill_at_ = at ? std::atol(at) : 0;
  }
  ~StepCounter() {
    if (kill_at_ > 0) std::cerr << "mlgate: test hook: " << steps_ << " steps\n";
  }
  StepCounter(const StepCounter&) = delete;
  StepCounter& operator=(const StepCounter&) = delete;
  FileRegistry::StepHook Hook() {
    return [this](const char*) {
      if (kill_at_ > 0 && ++steps_ == kill_at_) ::kill(::getpid(), SIGKILL);
    };
  }

 private:
  long kill_at_ = 0;
  long steps_ = 0;
};

}  // namespace mlgate::cli
