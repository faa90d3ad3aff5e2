// Waivers are data with an owner: an exception to one rule of one check, approved by a
// named person, with a reason and an expiry. A waiver marks the findings it covers; it never
// removes them, so every report still shows what was waived and why.
#pragma once

#include <string>
#include <vector>

#include "base/date.h"
#include "gate/params.h"
#include "gate/result.h"

namespace mlgate {

struct Waiver {
  std::string check;
  std::string rule;             // exact rule id or a glob ("bandit:*")
  std::string path;             // optional glob over the finding's path
  std::string artifact_sha256;  // optional: covers one model version only
  std::string reason;
  std::string approved_by;
  std::string ticket;
  Date expires;
  SourceLocation location;
};

// A waiver expiring within this many days is reported as expiring.
inline constexpr int kWaiverWarningDays = 14;

// Reads the `waivers:` list. `max_days` > 0 caps how far ahead a waiver may expire.
std::vector<Waiver> ReadWaivers(const YamlNode* list, const Date& today, int max_days, ConfigErrors* errors);

// Marks the findings each live waiver covers and returns one note per waiver.
std::vector<WaiverNote> ApplyWaivers(const std::vector<Waiver>& waivers, const std::string& artifact_sha256,
                                     const Date& today, std::vector<CheckResult>* checks);

}  // namespace mlgate
