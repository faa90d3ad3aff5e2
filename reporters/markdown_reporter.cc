// summary.md: the pull-request summary (GitHub-flavoured Markdown; appended to
// $GITHUB_STEP_SUMMARY by the CLI). Untrusted text (messages, paths) is escaped so that it
// cannot open tables, HTML or links of its own.
#include "base/text.h"
#include "reporters/reporter.h"

namespace mlgate {

namespace {

std::string Md(const std::string& raw) {
  std::string s = SanitizeUtf8(raw);
  std::string out;
  for (char c : s) {
    switch (c) {
      case '|':
        out += "\\|";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '&':
        out += "&amp;";
        break;
      case '`':
        out += "\\`";
        break;
      case '[':
        out += "\\[";
        break;
      case ']':
        out += "\\]";
        break;
      case '*':
        out += "\\*";
        break;
      case '_':
        out += "\\_";
        break;
      case '@':
        out += "@\u200B";
        break;  // no @mentions from report text
      case '\n':
      case '\r':
        out += ' ';
        break;
      default:
        if (static_cast<unsigned char>(c) >= 0x20 || c == '\t') out += c;
    }
  }
  return out;
}

const char* Icon(CheckStatus s) {
  switch (s) {
    case CheckStatus::kPass:
      return "✅ pass";
    case CheckStatus::kWarn:
      return "⚠️ warn";
    case CheckStatus::kFail:
      return "❌ fail";
    case CheckStatus::kError:
      return "⛔ error";
    case CheckStatus::kSkipped:
      return "⏭️ skipped";
  }
  return "";
}

constexpr size_t kMaxFindingsListed = 50;

}  // namespace

Status WriteMarkdownReport(const Decision& d, const ReportOptions&, std::ostream& out) {
  out << "## mlgate: " << (d.verdict == "pass" ? "✅ PASS" : "❌ FAIL");
  if (!d.model_name.empty()) out << " — model `" << Md(d.model_name) << "`";
  if (!d.environment.empty()) out << " for " << Md(d.environment);
  out << "\n\n";
  if (!d.model_sha256.empty())
    out << "Artifact `" << Md(d.model_artifact) << "` sha256 `" << d.model_sha256.substr(0, 16) << "…`";
  if (!d.git_commit.empty())
    out << (d.model_sha256.empty() ? "" : ", ") << "commit `" << d.git_commit.substr(0, 12) << "`";
  out << (d.model_sha256.empty() && d.git_commit.empty() ? "" : ", ") << "judged on " << d.date << ", mlgate "
      << Md(d.tool_version) << ".\n\n";
  for (const auto& e : d.errors) out << "> **Error:** " << Md(e) << "\n\n";

  out << "| check | status | blocking | summary |\n|---|---|---|---|\n";
  for (const auto& c : d.checks) {
    out << "| " << Md(c.id) << " | " << Icon(c.status) << " | " << (c.blocking ? "yes" : "no") << " | " << Md(c.summary)
        << " |\n";
  }
  out << "\n";

  bool header = false;
  for (const auto& c : d.checks) {
    for (const auto& m : c.measurements) {
      if (!header) {
        out << "### Measurements\n\n| check | measurement | value | required | result |\n|---|---|---|---|---|\n";
        header = true;
      }
      std::string result = m.informational ? "—" : m.ok ? "ok" : (m.advisory || !c.blocking ? "warning" : "**failed**");
      std::string required = m.informational ? "not judged (no threshold set)"
                                             : std::string(OpName(m.op)) + " " + FormatValue(m.threshold, m.unit);
      out << "| " << Md(c.id) << " | " << Md(m.name) << " | " << FormatValue(m.value, m.unit) << " | " << required
          << " | " << result << (m.note.empty() ? "" : " (" + Md(m.note) + ")") << " |\n";
    }
  }
  if (header) out << "\n";

  size_t listed = 0, total = 0;
  header = false;
  for (const auto& c : d.checks) {
    for (const auto& f : c.findings) {
      ++total;
      if (listed >= kMaxFindingsListed) continue;
      if (!header) {
        out << "### Findings\n\n| check | severity | rule | location | message |\n|---|---|---|---|---|\n";
        header = true;
      }
      ++listed;
      std::string where = Md(LocationOf(f));
      std::string message = Md(f.message);
      if (f.waived) message += " — *waived*: " + Md(f.waiver) + ", expires " + Md(f.waiver_expires);
      out << "| " << Md(c.id) << " | " << SeverityName(f.severity) << " | " << Md(f.rule) << " | " << where << " | "
          << message << " |\n";
    }
  }
  if (total > listed) out << "\n…and " << (total - listed) << " more findings in report.json.\n";
  if (header) out << "\n";

  if (!d.waivers.empty()) {
    out << "### Waivers\n\n| check | rule | status | expires | approved by | reason |\n|---|---|---|---|---|---|\n";
    for (const auto& w : d.waivers) {
      out << "| " << Md(w.check) << " | " << Md(w.rule) << " | " << Md(w.status) << " | " << Md(w.expires) << " | "
          << Md(w.approved_by) << " | " << Md(w.reason) << " |\n";
    }
    out << "\n";
  }
  if (!d.pending_policy_changes.empty()) {
    out << "### Pending policy changes\n\nThis pull request changes the rules it is judged by; it was judged by the "
           "base commit's version ("
        << Md(d.git_base.substr(0, 12)) << "), and the change applies once merged:\n\n";
    for (const auto& c : d.pending_policy_changes) out << "- " << Md(c) << "\n";
    out << "\n";
  }
  if (!d.overrides.empty()) {
    out << "### Policy overrides\n\n| key | pack value | this repository | where |\n|---|---|---|---|\n";
    for (const auto& o : d.overrides) {
      out << "| " << Md(o.key) << " | " << Md(o.pack_value) << " (" << Md(o.pack) << ") | " << Md(o.value) << " | "
          << Md(o.location) << " |\n";
    }
    out << "\n";
  }
  if (!out) return Status::IOError("writing the Markdown report failed");
  return Status::OK();
}

}  // namespace mlgate
