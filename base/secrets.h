// The environment's secrets, which mlgate never writes anywhere (docs/THREATS.md T15): a CI job
// holds tokens (GITHUB_TOKEN, CI_JOB_TOKEN, a registry's password), and evidence written
// in the same job can quote one — a test printing its environment, a lint message showing
// a string literal. Whatever mlgate writes (every report, the terminal summary, the
// annotations, error messages) passes through Redact first.
#pragma once

#include <string>
#include <vector>

namespace mlgate {

class SecretValues {
 public:
  // Variables named GITHUB_TOKEN, CI_JOB_TOKEN, or with TOKEN, SECRET, PASSWORD, PASSWD or
  // PRIVATE_KEY in their name (any case), from "NAME=value" entries. Values shorter than
  // kMinBytes are left alone: they would blank ordinary words ("true", a port number).
  explicit SecretValues(const std::vector<std::string>& environment);
  // This process's environment, read once.
  static const SecretValues& FromEnvironment();

  // `text` with every secret replaced by "[redacted]": as written, as a JSON string would
  // escape it, and in base64 at each of the three alignments (the part that depends on the
  // secret alone), as an Authorization header or a dumped config would hold it.
  std::string Redact(std::string text) const;
  bool empty() const { return needles_.empty(); }

  static constexpr size_t kMinBytes = 8;

 private:
  std::vector<std::string> needles_;  // longest first, so that no shorter one splits a longer
};

}  // namespace mlgate
