// mlgate's entry point: everything happens in RunCli; this is the last-resort catch, so
// that even a bug ends as "could not run" (exit 2) and never as a pass.
#include <exception>
#include <iostream>

#include "gate/cli.h"

int main(int argc, char** argv) {
  try {
    return mlgate::RunCli(argc, argv);
  } catch (const std::exception& e) {
    std::cerr << "mlgate: internal error: " << e.what() << " (please report this)\n";
  } catch (...) {
    std::cerr << "mlgate: internal error (please report this)\n";
  }
  return 2;
}
