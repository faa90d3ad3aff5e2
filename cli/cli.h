// The command line: subcommands, options, and the one place that turns outcomes into exit
// codes — 0 the gate passed (or the command succeeded), 1 the gate failed, 2 the command
// could not run (bad usage, invalid configuration, unreadable repository).
#pragma once

namespace mlgate {

int RunCli(int argc, char** argv);

}  // namespace mlgate
