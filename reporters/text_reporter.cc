// The terminal summary: one line per check, then what failed and why. Colour only when
// asked (the CLI decides: a terminal, --color, NO_COLOR). Untrusted text is stripped of
// control characters so a report cannot drive the terminal.
#include <cstdio>

#include "base/text.h"
#include "reporters/reporter.h"

namespace mlgate {

namespace {

std::string Plain(const std::string& raw) {
  std::string out;
  for (char c : SanitizeUtf8(raw)) {
    unsigned char u = static_cast<unsigned char>(c);
    out += (u < 0x20 || u == 0x7F) ? ' ' : c;
  }
  return out;
}

struct Palette {
  const char* green = "";
  const char* yellow = "";
  const char* red = "";
  const char* bold = "";
  const char* reset = "";
};

const char* StatusColor(CheckStatus s, const Palette& p) {
  switch (s) {
    case CheckStatus::kPass:
      return p.green;
    case CheckStatus::kWarn:
    case CheckStatus::kSkipped:
      return p.yellow;
    default:
      return p.red;
  }
}

}  // namespace

Status WriteTerminalSummary(const Decision& d, const ReportOptions& options, std::ostream& out) {
  Palette p;
  if (options.color) p = {"\x1b[32m", "\x1b[33m", "\x1b[31m", "\x1b[1m", "\x1b[0m"};
  out << p.bold << "mlgate " << Plain(d.tool_version) << p.reset;
  if (!d.model_name.empty()) out << " · model " << Plain(d.model_name);
  if (!d.environment.empty()) out << " · environment " << Plain(d.environment);
  out << "\n\n";
  for (const auto& c : d.checks) {
    char status[16];
    std::snprintf(status, sizeof status, "%-7s", StatusName(c.status));
    out << "  " << StatusColor(c.status, p) << status << p.reset << " " << Plain(c.id)
        << std::string(c.id.size() < 16 ? 16 - c.id.size() : 1, ' ') << Plain(c.summary)
        << (c.blocking ? "" : " (non-blocking)") << "\n";
    for (const auto& m : c.measurements) {
      if (m.ok) continue;
      out << "          " << (m.advisory || !c.blocking ? p.yellow : p.red) << Plain(m.name) << " "
          << FormatValue(m.value, m.unit) << ", required " << OpName(m.op) << " " << FormatValue(m.threshold, m.unit)
          << (m.note.empty() ? "" : " (" + Plain(m.note) + ")") << p.reset << "\n";
    }
    int shown = 0, hidden = 0;
    for (const auto& f : c.findings) {
      if (!f.blocking || f.waived) continue;
      if (shown++ >= 10) {
        ++hidden;
        continue;
      }
      std::string where = LocationOf(f);
      out << "          " << SeverityName(f.severity) << " " << Plain(f.rule) << ": "
          << (where.empty() ? "" : Plain(where) + ": ") << Plain(f.message) << "\n";
    }
    if (hidden) out << "          …and " << hidden << " more (see the reports)\n";
  }
  for (const auto& e : d.errors) out << "  " << p.red << "error" << p.reset << "   " << Plain(e) << "\n";
  for (const auto& c : d.pending_policy_changes) {
    out << "  " << p.yellow << "pending" << p.reset << " policy change " << Plain(c)
        << ": judged by the base commit's version; it applies once merged\n";
  }
  for (const auto& w : d.waivers) {
    if (w.status == "applied") continue;
    out << "  " << p.yellow << "waiver" << p.reset << "  " << Plain(w.check + " " + w.rule) << " is " << Plain(w.status)
        << " (expires " << Plain(w.expires) << ")\n";
  }
  out << "\n"
      << p.bold << "verdict: " << (d.verdict == "pass" ? p.green : p.red) << (d.verdict == "pass" ? "PASS" : "FAIL")
      << p.reset;
  int warns = d.CountStatus(CheckStatus::kWarn);
  if (warns) out << " (" << warns << " warning" << (warns == 1 ? "" : "s") << ")";
  out << "\n";
  return Status::OK();
}

}  // namespace mlgate
