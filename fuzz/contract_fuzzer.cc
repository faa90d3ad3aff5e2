// A data contract (the schema check's YAML), then its rules applied to a few values. The
// values stay short: a contract's regex is policy its author wrote, and a backtracking
// pattern on a long value is slow by design of the standard library's matcher (values
// past kMaxRegexValueBytes are not matched at all).
#include "checks/data/contract.h"
#include "fuzz/fuzz_util.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  mlgate::Contract contract;
  if (!mlgate::ParseContract(mlgate::fuzz::Bytes(data, size), "contract.yaml", &contract).ok()) return 0;
  mlgate::fuzz::Require(!contract.columns.empty(), "a contract read OK has columns");
  for (const auto& rule : contract.columns) {
    for (const char* value : {"", "0", "-12", "3.5", "1e999", "true", "2026-11-30", "x@y.z", "NA", "ab"}) {
      (void)mlgate::IsMissingValue(value);
      (void)mlgate::BrokenRule(rule, value);
    }
  }
  return 0;
}
