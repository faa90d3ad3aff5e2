// JSON documents (metrics, lint reports, SARIF, coverage.py, summaries all go through
// ParseJson): RapidJSON's iterative SAX reader under our depth and count limits.
#include "base/json_doc.h"
#include "fuzz/fuzz_util.h"

namespace {

// Depth of a parsed value: within the limit it was parsed under.
int Depth(const mlgate::JsonValue& v) {
  int deepest = 0;
  for (const auto& item : v.items) deepest = std::max(deepest, Depth(item));
  for (const auto& member : v.members) deepest = std::max(deepest, Depth(member.value));
  return deepest + 1;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  mlgate::JsonValue root;
  mlgate::JsonLimits limits;
  limits.max_depth = 32;
  mlgate::Status s = mlgate::ParseJson(mlgate::fuzz::Bytes(data, size), "f.json", &root, limits);
  if (s.ok()) mlgate::fuzz::Require(Depth(root) <= limits.max_depth + 1);
  if (!s.ok()) mlgate::fuzz::Require(s.message().rfind("f.json", 0) == 0);
  return 0;
}
