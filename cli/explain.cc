// `mlgate explain [CHECK|config]`: what each check does and its settings, from the check
// table itself.
#include <algorithm>
#include <iostream>
#include <memory>

#include "base/text.h"
#include "checks/check_table.h"
#include "cli/commands.h"
#include "cli/subcommands.h"
#include "reporters/reporter.h"

namespace mlgate::cli {

namespace {

int RunExplain(const std::string& id) {
  if (id == "config") {
    std::cout << kConfigHelp;
    return kExitPass;
  }
  if (id.empty()) {
    std::cout << "mlgate explain config   the layout of mlgate.yaml\n\n";
    std::cout << "Checks (mlgate explain CHECK for the details):\n";
    // Columns as wide as the longest name, plus two blanks.
    size_t width = 0;
    for (const auto& info : AllChecks()) width = std::max(width, std::string(info.id).size());
    for (const auto& info : AllChecks()) {
      std::cout << "  " << info.id << std::string(width + 2 - std::string(info.id).size(), ' ') << info.title << "\n";
    }
    std::cout << "\nReport formats (--format):\n";
    width = 0;
    for (const auto& r : AllReporters()) width = std::max(width, std::string(r.name).size());
    for (const auto& r : AllReporters()) {
      std::cout << "  " << r.name << std::string(width + 2 - std::string(r.name).size(), ' ') << r.file_name << "  "
                << r.description << "\n";
    }
    return kExitPass;
  }
  const CheckInfo* info = FindCheck(AllChecks(), id);
  if (!info) {
    std::vector<std::string> names;
    for (const auto& c : AllChecks()) names.push_back(c.id);
    std::string near = SuggestNearest(id, names);
    return Fail("unknown check \"" + id + "\"" + (near.empty() ? "" : " (did you mean \"" + near + "\"?)") +
                "; checks: " + Join(names, ", "));
  }
  std::cout << info->help;
  return kExitPass;
}

}  // namespace

Handler DefineExplain(CLI::App* cmd) {
  auto id = std::make_shared<std::string>();
  cmd->add_option("CHECK", *id, "a check name, or `config` for mlgate.yaml itself; omit to list the checks");
  cmd->footer("Examples:\n  mlgate explain            list the checks and report formats\n  mlgate explain coverage");
  return [id] { return RunExplain(*id); };
}

}  // namespace mlgate::cli
