// mlgate.yaml: the YAML reader (depth, aliases, duplicate keys, YAML 1.1 booleans), then
// the whole policy load — packs, environments, models, waivers — and every check's
// parameters, as `mlgate check` reads them.
#include <filesystem>
#include <fstream>

#include "base/yaml_doc.h"
#include "checks/check_table.h"
#include "fuzz/fuzz_util.h"
#include "gate/config.h"
#include "gate/engine.h"

namespace {

int Depth(const mlgate::YamlNode& n) {
  int deepest = 0;
  for (const auto& item : n.items) deepest = std::max(deepest, Depth(item));
  for (const auto& entry : n.entries) deepest = std::max(deepest, Depth(entry.value));
  return deepest + 1;
}

// A directory of this process for the policy file (LoadConfig reads a path).
const std::string& PolicyPath() {
  static const std::string path = [] {
    std::string dir = std::filesystem::temp_directory_path() / ("mlgate-fuzz-policy-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    return dir + "/mlgate.yaml";
  }();
  return path;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text = mlgate::fuzz::Bytes(data, size);
  mlgate::YamlNode root;
  mlgate::YamlLimits limits;
  if (mlgate::ParseYaml(text, "mlgate.yaml", &root, limits).ok()) {
    mlgate::fuzz::Require(Depth(root) <= limits.max_depth + 1);
  }
  {
    std::ofstream out(PolicyPath(), std::ios::binary | std::ios::trunc);
    out.write(text.data(), static_cast<std::streamsize>(text.size()));
  }
  mlgate::Config config;
  mlgate::ConfigErrors errors;
  mlgate::Status s = mlgate::LoadConfig(PolicyPath(), mlgate::Date{2026, 11, 30}, &config, &errors);
  if (s.ok() && errors.empty()) {
    mlgate::GateOptions options;
    mlgate::ConfigureChecks(mlgate::AllChecks(), config, options, &errors);
  }
  return 0;
}
