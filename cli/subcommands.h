// The subcommand table (cli/cli.cc), in the spirit of ninja's kTools[]: each row names a
// subcommand, says in one line what it does, and defines it. A Define function declares the
// subcommand's options on `cmd` and returns what runs once the command line is parsed.
#pragma once

#include <CLI/CLI.hpp>
#include <functional>
#include <vector>

namespace mlgate::cli {

using Handler = std::function<int()>;

struct Subcommand {
  const char* name;
  const char* help;
  Handler (*define)(CLI::App* cmd);
};

const std::vector<Subcommand>& AllSubcommands();

// One per file of cli/, named after the subcommand.
Handler DefineCheck(CLI::App* cmd);
Handler DefineValidate(CLI::App* cmd);
Handler DefineLock(CLI::App* cmd);
Handler DefineApprove(CLI::App* cmd);
Handler DefinePromote(CLI::App* cmd);
Handler DefineRollback(CLI::App* cmd);
Handler DefineStatus(CLI::App* cmd);
Handler DefineDrift(CLI::App* cmd);
Handler DefineInit(CLI::App* cmd);
Handler DefineServe(CLI::App* cmd);
Handler DefineExplain(CLI::App* cmd);

}  // namespace mlgate::cli
