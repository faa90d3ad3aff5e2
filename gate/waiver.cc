#include "gate/waiver.h"

#include "base/text.h"

namespace mlgate {

std::vector<Waiver> ReadWaivers(const YamlNode* list, const Date& today, int max_days, ConfigErrors* errors) {
  std::vector<Waiver> waivers;
  if (!list || list->kind == YamlNode::Kind::kNull) return waivers;
  if (!list->IsSequence()) {
    errors->push_back(list->location.ToString() + ": waivers: expected a list of waivers, got " + list->Describe());
    return waivers;
  }
  for (size_t i = 0; i < list->items.size(); ++i) {
    const YamlNode& item = list->items[i];
    Params p(&item, "waivers[" + std::to_string(i) + "]", item.location, errors);
    Waiver w;
    w.check = p.String("check", true);
    w.rule = p.String("rule", true);
    w.path = p.String("path", false);
    w.artifact_sha256 = p.String("artifact_sha256", false);
    w.reason = p.String("reason", true);
    w.approved_by = p.String("approved_by", true);
    w.ticket = p.String("ticket", false);
    std::optional<Date> expires = p.DateParam("expires", true);
    p.Finish();
    w.location = item.location;
    if (!w.artifact_sha256.empty() && (w.artifact_sha256.size() != 64 ||
                                       w.artifact_sha256.find_first_not_of("0123456789abcdef") != std::string::npos)) {
      p.Error(item.location, p.path() + ".artifact_sha256: expected 64 lowercase hex digits");
    }
    if (!expires) continue;
    w.expires = *expires;
    long days_ahead = w.expires.DaysSinceEpoch() - today.DaysSinceEpoch();
    if (max_days > 0 && days_ahead > max_days) {
      p.Error(item.location, p.path() + ".expires: " + w.expires.ToString() + " is " + std::to_string(days_ahead) +
                                 " days away, over the policy's max_waiver_days (" + std::to_string(max_days) +
                                 "); shorten the waiver and renew it when it expires");
    }
    waivers.push_back(std::move(w));
  }
  return waivers;
}

std::vector<WaiverNote> ApplyWaivers(const std::vector<Waiver>& waivers, const std::string& artifact_sha256,
                                     const Date& today, std::vector<CheckResult>* checks) {
  std::vector<WaiverNote> notes;
  for (const auto& w : waivers) {
    WaiverNote note{w.check, w.rule, "", w.expires.ToString(), w.approved_by, w.reason, 0};
    long days_left = w.expires.DaysSinceEpoch() - today.DaysSinceEpoch();
    // A waiver is valid through its expiry day.
    if (days_left < 0) {
      note.status = "expired";
      notes.push_back(note);
      continue;
    }
    bool for_this_artifact = w.artifact_sha256.empty() || w.artifact_sha256 == artifact_sha256;
    for (auto& check : *checks) {
      if (check.id != w.check || !for_this_artifact) continue;
      for (auto& f : check.findings) {
        if (f.waived || !GlobMatch(w.rule, f.rule)) continue;
        if (!w.path.empty() && !GlobMatch(w.path, f.path)) continue;
        f.waived = true;
        f.waiver = w.reason + " (approved by " + w.approved_by + (w.ticket.empty() ? "" : ", " + w.ticket) + ")";
        f.waiver_expires = w.expires.ToString();
        ++note.matched;
      }
    }
    if (note.matched == 0) {
      note.status = "unused";
    } else {
      note.status = days_left <= kWaiverWarningDays ? "expiring" : "applied";
    }
    notes.push_back(note);
  }
  return notes;
}

}  // namespace mlgate
