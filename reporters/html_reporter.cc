// report.html: the page release managers read (reporters/html_template.h). The verdict
// first, then each check with its measurements against thresholds, findings (waived ones
// struck through, with reason and expiry), evidence with hashes, the committee's
// approvals, and the policy: its files, the packs' overridden settings and the waivers.
// The drift check gets a chart of every feature's statistic, the drifted ones in red.
#include <kainjow/mustache.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <set>

#include "base/text.h"
#include "reporters/html_template.h"
#include "reporters/reporter.h"

namespace mlgate {

namespace {

using Data = kainjow::mustache::data;

std::string Number(double v) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.4g", v);
  return buffer;
}

// A horizontal bar per drift.<feature> statistic, scaled to the largest; the features the
// check found drifted are red. Only numbers and escaped names go into the SVG.
std::string DriftChart(const CheckResult& c) {
  std::set<std::string> drifted;
  for (const auto& f : c.findings) {
    if (f.rule == "drift:feature") drifted.insert(f.message.substr(0, f.message.find(' ')));
  }
  std::vector<std::pair<std::string, double>> bars;
  for (const auto& m : c.measurements) {
    if (m.name.rfind("drift.", 0) == 0 && std::isfinite(m.value)) bars.emplace_back(m.name.substr(6), m.value);
  }
  if (bars.empty()) return "";
  double top = 0;
  for (const auto& [name, v] : bars) top = std::max(top, std::fabs(v));
  if (top <= 0) top = 1;
  const int row = 18, label = 150, width = 520;
  std::string svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" width=\"" +
                    std::to_string(label + width + 80) + "\" height=\"" +
                    std::to_string(row * static_cast<int>(bars.size()) + 4) + "\">";
  for (size_t i = 0; i < bars.size(); ++i) {
    const auto& [name, v] = bars[i];
    int y = static_cast<int>(i) * row;
    int w = std::max(1, static_cast<int>(std::lround(std::fabs(v) / top * width)));
    bool red = drifted.count(name) > 0;
    svg += "<text x=\"" + std::to_string(label - 6) + "\" y=\"" + std::to_string(y + 13) +
           "\" text-anchor=\"end\" font-size=\"12\">" + HtmlText(name) + "</text>";
    svg += "<rect x=\"" + std::to_string(label) + "\" y=\"" + std::to_string(y + 3) + "\" width=\"" +
           std::to_string(w) + "\" height=\"12\" fill=\"" + (red ? "#cf222e" : "#8c959f") + "\"><title>" +
           HtmlText(name) + ": " + Number(v) + (red ? " (drifted)" : "") + "</title></rect>";
    svg += "<text x=\"" + std::to_string(label + w + 6) + "\" y=\"" + std::to_string(y + 13) + "\" font-size=\"11\">" +
           Number(v) + "</text>";
  }
  return svg + "</svg>";
}

// A figure of report.json's charts: "distribution" as a pair of bars a label (reference
// grey, current blue) scaled to the largest share; "windows" as a bar a window, red above
// the budget line.
std::string ChartSvg(const Chart& chart) {
  const size_t n = chart.labels.size();
  if (n == 0 || n > 400) return "";
  auto share = [](const std::vector<double>& v, size_t i) {
    return i < v.size() && std::isfinite(v[i]) ? std::clamp(v[i], 0.0, 1.0) : 0.0;
  };
  auto percent = [](double v) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.1f%%", v * 100);
    return std::string(buffer);
  };
  std::string svg;
  if (chart.kind == "distribution") {
    double top = 0;
    for (size_t i = 0; i < n; ++i) top = std::max({top, share(chart.reference, i), share(chart.current, i)});
    if (top <= 0) return "";
    const int row = 20, label = 170, width = 480;
    svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" width=\"" + std::to_string(label + width + 120) +
          "\" height=\"" + std::to_string(row * static_cast<int>(n) + 4) + "\">";
    for (size_t i = 0; i < n; ++i) {
      int y = static_cast<int>(i) * row;
      double r = share(chart.reference, i), c = share(chart.current, i);
      int wr = static_cast<int>(std::lround(r / top * width)), wc = static_cast<int>(std::lround(c / top * width));
      svg += "<text x=\"" + std::to_string(label - 6) + "\" y=\"" + std::to_string(y + 14) +
             "\" text-anchor=\"end\" font-size=\"11\">" + HtmlText(chart.labels[i]) + "</text>";
      svg += "<rect x=\"" + std::to_string(label) + "\" y=\"" + std::to_string(y + 2) + "\" width=\"" +
             std::to_string(std::max(wr, 1)) + "\" height=\"8\" fill=\"#8c959f\"><title>reference " + percent(r) +
             "</title></rect>";
      svg += "<rect x=\"" + std::to_string(label) + "\" y=\"" + std::to_string(y + 10) + "\" width=\"" +
             std::to_string(std::max(wc, 1)) + "\" height=\"8\" fill=\"#0969da\"><title>current " + percent(c) +
             "</title></rect>";
      svg += "<text x=\"" + std::to_string(label + std::max(wr, wc) + 6) + "\" y=\"" + std::to_string(y + 14) +
             "\" font-size=\"10\">" + percent(r) + " → " + percent(c) + "</text>";
    }
    return svg + "</svg><div class=\"legend\">grey: reference (training) · blue: current (production)</div>";
  }
  if (chart.kind == "windows") {
    const int bar = 14, gap = 3, height = 110;
    int width = 40 + static_cast<int>(n) * (bar + gap);
    double limit = std::clamp(chart.limit, 0.0, 1.0);
    int limit_y = height - static_cast<int>(std::lround(limit * (height - 10)));
    svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" width=\"" + std::to_string(width) + "\" height=\"" +
          std::to_string(height + 6) + "\">";
    svg += "<text x=\"0\" y=\"12\" font-size=\"10\">100%</text><text x=\"10\" y=\"" + std::to_string(height) +
           "\" font-size=\"10\">0%</text>";
    for (size_t i = 0; i < n; ++i) {
      double v = share(chart.current, i);
      int h = std::max(1, static_cast<int>(std::lround(v * (height - 10))));
      int x = 34 + static_cast<int>(i) * (bar + gap);
      svg += "<rect x=\"" + std::to_string(x) + "\" y=\"" + std::to_string(height - h) + "\" width=\"" +
             std::to_string(bar) + "\" height=\"" + std::to_string(h) + "\" fill=\"" +
             (v > limit ? "#cf222e" : "#8c959f") + "\"><title>" + HtmlText(chart.labels[i]) + ": " + percent(v) +
             "</title></rect>";
    }
    svg += "<line x1=\"30\" x2=\"" + std::to_string(width) + "\" y1=\"" + std::to_string(limit_y) + "\" y2=\"" +
           std::to_string(limit_y) + "\" stroke=\"#cf222e\" stroke-dasharray=\"4 3\"/>";
    return svg + "</svg><div class=\"legend\">one bar per window, oldest first; red: above the budget line</div>";
  }
  return "";
}

Data Measurements(const CheckResult& c) {
  Data list{Data::type::list};
  for (const auto& m : c.measurements) {
    Data d;
    d.set("name", PageText(m.name));
    d.set("value", FormatValue(m.value, m.unit));
    if (m.informational) {
      d.set("required", "—");
      d.set("result", "informs");
      d.set("result_class", "meta");
    } else {
      std::string required = std::string(OpName(m.op)) + " " + FormatValue(m.threshold, m.unit);
      if (m.op == Op::kEq) required += " ± " + FormatValue(m.tolerance, m.unit);
      d.set("required", required);
      d.set("result", m.ok ? "✓ met" : m.advisory ? "✗ not met (advisory)" : "✗ not met");
      d.set("result_class", m.ok ? "ok" : "bad");
    }
    if (!m.note.empty()) d.set("note", PageText(m.note));
    list << d;
  }
  return list;
}

Data Findings(const CheckResult& c) {
  Data list{Data::type::list};
  for (const auto& f : c.findings) {
    Data d;
    d.set("severity", SeverityName(f.severity));
    d.set("blocking", f.blocking ? Data::type::bool_true : Data::type::bool_false);
    d.set("rule", PageText(f.rule));
    d.set("location", PageText(LocationOf(f)));
    d.set("message", PageText(f.message));
    d.set("waived", f.waived ? Data::type::bool_true : Data::type::bool_false);
    d.set("waiver", PageText(f.waiver));
    if (!f.waiver_expires.empty()) d.set("waiver_expires", PageText(f.waiver_expires));
    list << d;
  }
  return list;
}

Data Evidence(const std::vector<EvidenceRecord>& records) {
  Data list{Data::type::list};
  for (const auto& e : records) {
    Data d;
    d.set("path", PageText(e.path));
    d.set("sha256", PageText(e.sha256));
    d.set("bytes", std::to_string(e.bytes));
    list << d;
  }
  return list;
}

Data Flag(bool on) { return on ? Data::type::bool_true : Data::type::bool_false; }

}  // namespace

std::string PageText(const std::string& raw) {
  std::string out;
  for (char ch : SanitizeUtf8(raw)) {
    auto c = static_cast<unsigned char>(ch);
    if (c < 0x20 && c != '\n' && c != '\t') continue;
    if (c == 0x7F) continue;
    out += ch;
  }
  return out;
}

std::string HtmlText(const std::string& raw) { return kainjow::mustache::html_escape(PageText(raw)); }

Status WriteHtmlReport(const Decision& d, const ReportOptions&, std::ostream& out) {
  Data page;
  page.set("model", PageText(d.model_name.empty() ? "(no model)" : d.model_name));
  page.set("artifact", PageText(d.model_artifact.empty() ? "—" : d.model_artifact));
  if (!d.model_sha256.empty()) page.set("sha256", PageText(d.model_sha256));
  page.set("commit", PageText(d.git_commit.empty() ? "—" : d.git_commit));
  if (!d.git_base.empty()) page.set("base", PageText(d.git_base));
  page.set("environment", PageText(d.environment.empty() ? "—" : d.environment));
  page.set("date", PageText(d.date));
  page.set("tool_version", PageText(d.tool_version));
  page.set("verdict", d.verdict == "pass" ? "pass" : "fail");
  page.set("verdict_upper", d.verdict == "pass" ? "PASS" : "FAIL");
  int passed = 0, failed = 0, errors = 0, other = 0;
  for (const auto& c : d.checks) {
    (c.status == CheckStatus::kPass    ? passed
     : c.status == CheckStatus::kFail  ? failed
     : c.status == CheckStatus::kError ? errors
                                       : other)++;
  }
  page.set("counts", std::to_string(d.checks.size()) + " checks: " + std::to_string(passed) + " passed, " +
                         std::to_string(failed) + " failed, " + std::to_string(errors) + " could not run" +
                         (other ? ", " + std::to_string(other) + " warned or skipped" : ""));
  Data errors_list{Data::type::list}, pending{Data::type::list};
  for (const auto& e : d.errors) errors_list << Data(PageText(e));
  for (const auto& p : d.pending_policy_changes) pending << Data(PageText(p));
  page.set("errors", errors_list);
  page.set("pending", pending);

  Data checks{Data::type::list}, approvals{Data::type::list};
  bool any_approval = false;
  for (const auto& c : d.checks) {
    Data check;
    check.set("id", PageText(c.id));
    check.set("title", PageText(c.title.empty() ? c.id : c.title));
    check.set("status", StatusName(c.status));
    check.set("blocking", c.blocking ? "yes" : "no (informs)");
    check.set("summary", PageText(c.summary));
    check.set("has_measurements", Flag(!c.measurements.empty()));
    check.set("measurements", Measurements(c));
    check.set("has_findings", Flag(!c.findings.empty()));
    check.set("findings", Findings(c));
    size_t waived = static_cast<size_t>(
        std::count_if(c.findings.begin(), c.findings.end(), [](const Finding& f) { return f.waived; }));
    check.set("finding_count", std::to_string(c.findings.size()) + (c.findings.size() == 1 ? " finding" : " findings") +
                                   (waived ? " (" + std::to_string(waived) + " waived)" : ""));
    check.set("open", Flag(c.status != CheckStatus::kPass || c.findings.size() <= 10));
    check.set("has_evidence", Flag(!c.evidence.empty()));
    check.set("evidence", Evidence(c.evidence));
    Data charts{Data::type::list};
    if (c.id == "drift") {
      if (std::string svg = DriftChart(c); !svg.empty()) {
        Data chart;
        chart.set("title", "Drift per feature (the method's statistic; red: drifted)");
        chart.set("svg", svg);
        charts << chart;
      }
    }
    for (const auto& figure : c.charts) {
      std::string svg = ChartSvg(figure);
      if (svg.empty()) continue;
      Data chart;
      chart.set("title", PageText(figure.title));
      chart.set("svg", svg);
      charts << chart;
    }
    check.set("charts", charts);
    checks << check;
    if (c.id == "approval") {
      for (const auto& f : c.findings) {
        Data a;
        bool accepted = f.rule == "approval:accepted";
        a.set("status", accepted ? "pass" : f.waived ? "waived" : "fail");
        a.set("message", PageText(f.message));
        approvals << a;
        any_approval = true;
      }
    }
  }
  page.set("checks", checks);
  page.set("has_approvals", Flag(any_approval));
  page.set("approvals", approvals);

  Data promotions{Data::type::list};
  for (auto it = d.promotions.rbegin(); it != d.promotions.rend(); ++it) {  // newest first
    Data e;
    e.set("at", PageText(it->at));
    e.set("event", PageText(it->event));
    e.set("version", PageText(it->version));
    e.set("previous", PageText(it->previous.empty() ? "—" : it->previous));
    e.set("tag", PageText(it->tag));
    e.set("commit", PageText(it->commit.substr(0, 12)));
    promotions << e;
  }
  page.set("has_promotions", Flag(!d.promotions.empty()));
  page.set("promotions", promotions);
  page.set("policy_files", Evidence(d.policy_files));
  Data overrides{Data::type::list}, waivers{Data::type::list};
  for (const auto& o : d.overrides) {
    Data x;
    x.set("key", PageText(o.key));
    x.set("pack", PageText(o.pack));
    x.set("pack_value", PageText(o.pack_value));
    x.set("value", PageText(o.value));
    x.set("location", PageText(o.location));
    overrides << x;
  }
  for (const auto& w : d.waivers) {
    Data x;
    x.set("check", PageText(w.check));
    x.set("rule", PageText(w.rule));
    x.set("status", PageText(w.status));
    x.set("expires", PageText(w.expires));
    x.set("approved_by", PageText(w.approved_by));
    x.set("reason", PageText(w.reason));
    x.set("matched", std::to_string(w.matched));
    waivers << x;
  }
  page.set("has_overrides", Flag(!d.overrides.empty()));
  page.set("overrides", overrides);
  page.set("has_waivers", Flag(!d.waivers.empty()));
  page.set("waivers", waivers);

  kainjow::mustache::mustache tmpl{std::string(kHtmlTemplate)};
  if (!tmpl.is_valid()) return Status::Internal("report.html template: " + tmpl.error_message());
  tmpl.render(page, out);
  return out ? Status::OK() : Status::IOError("report.html: write failed");
}

}  // namespace mlgate
