// mlgate's entry point: everything happens in RunCli; this is the last-resort catch, so
// that even a bug ends as "could not run" (exit 2) and never as a pass.
#include <malloc.h>

#include <exception>
#include <iostream>

#include "cli/cli.h"

int main(int argc, char** argv) {
  // The data checks allocate and free column buffers of many megabytes in turn. Kept in the
  // heap instead of being mapped and unmapped each time, freed memory is reused without a
  // page fault per 4 KiB (a quarter of the drift check's time on a VM before).
  mallopt(M_MMAP_THRESHOLD, 1 << 30);
  mallopt(M_TRIM_THRESHOLD, 1 << 30);
  try {
    return mlgate::RunCli(argc, argv);
  } catch (const std::exception& e) {
    std::cerr << "mlgate: internal error: " << e.what() << " (please report this)\n";
  } catch (...) {
    std::cerr << "mlgate: internal error (please report this)\n";
  }
  return 2;
}
