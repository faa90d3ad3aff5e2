#include "gate/check.h"

namespace mlgate {

const CheckInfo* FindCheck(const std::vector<CheckInfo>& table, std::string_view id) {
  for (const auto& info : table) {
    if (id == info.id) return &info;
  }
  return nullptr;
}

bool AddThresholdMeasurement(CheckResult* result, const std::string& name, double value, Op op,
                             const Threshold& threshold, const Date& today, const std::string& unit) {
  Measurement m;
  m.name = name;
  m.value = value;
  m.op = op;
  m.threshold = threshold.EnforcedOn(today);
  m.unit = unit;
  m.ok = Compare(value, op, m.threshold);
  if (threshold.stricter && threshold.effective_on && !(today < *threshold.effective_on)) {
    m.note = "stricter value in force since " + threshold.effective_on->ToString();
  }
  result->measurements.push_back(m);
  if (std::optional<double> upcoming = threshold.UpcomingOn(today)) {
    Measurement next = m;
    next.name = name + ".upcoming";
    next.threshold = *upcoming;
    next.ok = Compare(value, op, *upcoming);
    next.advisory = true;
    next.note = "enforced from " + threshold.effective_on->ToString();
    result->measurements.push_back(next);
  }
  return m.ok;
}

}  // namespace mlgate
