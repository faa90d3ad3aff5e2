#include "cli/dashboard.h"

#include <sys/stat.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <sstream>

#include "base/data_hash.h"
#include "base/date.h"
#include "base/json_doc.h"
#include "base/text.h"
#include "reporters/reporter.h"

namespace mlgate {

namespace fs = std::filesystem;

namespace {

constexpr int kMaxDepth = 4;
constexpr size_t kMaxRuns = 5000;
constexpr size_t kMaxReportBytes = 64 << 20;

void ReadRun(const Workspace& workspace, const fs::path& root, const fs::path& report, GateRun* run) {
  std::error_code ec;
  run->dir = fs::relative(report.parent_path(), root, ec).generic_string();
  if (run->dir == ".") run->dir.clear();
  struct stat st;
  run->time = ::stat(report.c_str(), &st) == 0 ? static_cast<long long>(st.st_mtime) : 0;
  run->has_html = fs::is_regular_file(report.parent_path() / "report.html", ec);
  run->verdict = "unreadable";
  EvidenceFile file;
  JsonValue doc;
  if (!workspace.Read(fs::relative(report, root, ec).generic_string(), &file).ok() ||
      !ParseJson(file.bytes, report.string(), &doc).ok() || !doc.IsObject()) {
    return;
  }
  auto str = [](const JsonValue* v) { return v && v->IsString() ? v->text : std::string(); };
  run->verdict = str(doc.Find("verdict"));
  if (run->verdict.empty()) run->verdict = "unreadable";
  if (const JsonValue* m = doc.Find("model"); m && m->IsObject()) run->model = str(m->Find("name"));
  if (const JsonValue* g = doc.Find("git"); g && g->IsObject()) run->commit = str(g->Find("commit"));
  if (const JsonValue* t = doc.Find("tool"); t && t->IsObject()) run->tool_version = str(t->Find("version"));
  run->environment = str(doc.Find("environment"));
  if (const JsonValue* checks = doc.Find("checks"); checks && checks->IsArray()) {
    for (const auto& c : checks->items) {
      if (!c.IsObject() || str(c.Find("id")) != "drift") continue;
      const JsonValue* ms = c.Find("measurements");
      if (!ms || !ms->IsArray()) continue;
      for (const auto& m : ms->items) {
        const JsonValue* v = m.IsObject() ? m.Find("value") : nullptr;
        if (str(m.Find("name")) == "drifted_share" && v && v->IsNumber()) run->drifted_share = v->number;
      }
    }
  }
}

void Walk(const Workspace& workspace, const fs::path& root, const fs::path& dir, int depth, std::vector<GateRun>* runs,
          RunCache* cache) {
  std::error_code ec;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end && runs->size() < kMaxRuns; it.increment(ec)) {
    const fs::directory_entry& e = *it;
    if (e.is_symlink(ec)) continue;
    std::string name = e.path().filename().string();
    if (e.is_directory(ec)) {
      if (depth < kMaxDepth && !name.empty() && name[0] != '.') Walk(workspace, root, e.path(), depth + 1, runs, cache);
    } else if (name == "report.json" && e.is_regular_file(ec)) {
      struct stat st;
      if (cache && ::stat(e.path().c_str(), &st) == 0) {
        long long mtime_ns = static_cast<long long>(st.st_mtim.tv_sec) * 1000000000LL + st.st_mtim.tv_nsec;
        RunCache::Entry& entry = cache->entries[e.path().string()];
        if (entry.size != static_cast<long long>(st.st_size) || entry.mtime_ns != mtime_ns) {
          entry.run = GateRun{};
          ReadRun(workspace, root, e.path(), &entry.run);
          entry.size = static_cast<long long>(st.st_size);
          entry.mtime_ns = mtime_ns;
        }
        runs->push_back(entry.run);
        continue;
      }
      GateRun run;
      ReadRun(workspace, root, e.path(), &run);
      runs->push_back(std::move(run));
    }
  }
}

// A bar per run with a drift check, oldest first: its drifted share of features.
std::string DriftHistory(const std::vector<GateRun>& runs) {
  std::vector<const GateRun*> points;
  for (const auto& r : runs) {
    if (r.drifted_share) points.push_back(&r);
  }
  if (points.empty()) return "";
  std::reverse(points.begin(), points.end());  // runs are newest first
  const int bar = 14, gap = 4, height = 120;
  int width = static_cast<int>(points.size()) * (bar + gap) + 40;
  std::string svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" width=\"" + std::to_string(width) +
                    "\" height=\"" + std::to_string(height + 20) + "\">";
  svg += "<line x1=\"30\" y1=\"" + std::to_string(height) + "\" x2=\"" + std::to_string(width) + "\" y2=\"" +
         std::to_string(height) + "\" stroke=\"#8c959f\"/>";
  svg += "<text x=\"0\" y=\"12\" font-size=\"10\">100%</text><text x=\"8\" y=\"" + std::to_string(height) +
         "\" font-size=\"10\">0%</text>";
  for (size_t i = 0; i < points.size(); ++i) {
    double share = std::clamp(*points[i]->drifted_share, 0.0, 1.0);
    int h = std::max(1, static_cast<int>(std::lround(share * (height - 10))));
    int x = 30 + static_cast<int>(i) * (bar + gap);
    char value[32];
    std::snprintf(value, sizeof value, "%.0f%%", share * 100);
    svg += "<rect x=\"" + std::to_string(x) + "\" y=\"" + std::to_string(height - h) + "\" width=\"" +
           std::to_string(bar) + "\" height=\"" + std::to_string(h) + "\" fill=\"" +
           (points[i]->verdict == "pass" ? "#8c959f" : "#cf222e") + "\"><title>" +
           HtmlText(UtcMinute(points[i]->time)) + " " + HtmlText(points[i]->model) + ": " + value +
           " of features drifted</title></rect>";
  }
  return svg + "</svg>";
}

std::string Link(const std::string& dir, const std::string& file) {
  return "/runs/" + (dir.empty() ? "" : PercentEncodePath(dir) + "/") + file;
}

}  // namespace

Status FindRuns(const std::string& root, std::vector<GateRun>* runs, RunCache* cache) {
  std::error_code ec;
  if (!fs::is_directory(root, ec)) return Status::NotFound(root + ": not a directory of reports");
  runs->clear();
  Workspace workspace(root, kMaxReportBytes);  // reads bounded and inside the directory
  Walk(workspace, root, root, 0, runs, cache);
  std::sort(runs->begin(), runs->end(),
            [](const GateRun& a, const GateRun& b) { return a.time != b.time ? a.time > b.time : a.dir < b.dir; });
  return Status::OK();
}

std::string DashboardPage(const std::vector<GateRun>& runs, const std::vector<EnvironmentStatus>& status,
                          const std::string& title) {
  std::ostringstream h;
  h << "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
       "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; "
       "img-src data:\">\n<title>mlgate · "
    << HtmlText(title)
    << "</title>\n<style>body{font:14px/1.5 -apple-system,\"Segoe UI\",Helvetica,Arial,sans-serif;color:#1f2328;"
       "max-width:1100px;margin:0 auto;padding:24px}h1{font-size:22px}h2{font-size:17px;margin-top:28px;"
       "border-bottom:1px solid #d0d7de}table{border-collapse:collapse;width:100%}th,td{text-align:left;"
       "padding:5px 8px;border-bottom:1px solid #d0d7de}th{background:#f6f8fa}code{font-size:12px}"
       ".pass{color:#1a7f37;font-weight:600}.fail,.unreadable{color:#cf222e;font-weight:600}.muted{color:#57606a}"
       "</style></head><body>\n<h1>mlgate · "
    << HtmlText(title) << "</h1>\n";
  h << "<h2>Where each model is live</h2>\n";
  if (status.empty()) {
    h << "<p class=\"muted\">No registry configured (environments.&lt;name&gt;.registry in mlgate.yaml).</p>\n";
  } else {
    h << "<table><tr><th>model</th><th>environment</th><th>live version</th><th>since</th><th>commit</th>"
         "<th>gate</th></tr>\n";
    for (const auto& s : status) {
      h << "<tr><td>" << HtmlText(s.model) << "</td><td>" << HtmlText(s.environment) << "</td><td><code>"
        << HtmlText(s.live.empty() ? "never promoted" : s.live) << "</code></td><td>" << HtmlText(s.promoted_at)
        << "</td><td><code>" << HtmlText(s.commit.substr(0, 12)) << "</code></td><td class=\"" << HtmlText(s.verdict)
        << "\">" << HtmlText(s.verdict) << (s.problem.empty() ? "" : " · " + HtmlText(s.problem)) << "</td></tr>\n";
    }
    h << "</table>\n";
  }
  if (std::string chart = DriftHistory(runs); !chart.empty()) {
    h << "<h2>Drift history</h2>\n<p class=\"muted\">Share of features drifted per monitoring run, oldest first; "
         "red: the run failed its budget.</p>\n"
      << chart << "\n";
  }
  h << "<h2>Gate runs (" << runs.size() << ")</h2>\n";
  if (runs.empty()) {
    h << "<p class=\"muted\">No report.json under the served directory yet: "
         "<code>mlgate check --report DIR/RUN</code> writes one.</p>\n";
  } else {
    h << "<table><tr><th>time</th><th>model</th><th>environment</th><th>commit</th><th>verdict</th>"
         "<th>reports</th></tr>\n";
    for (const auto& r : runs) {
      h << "<tr><td>" << HtmlText(UtcMinute(r.time)) << "</td><td>" << HtmlText(r.model) << "</td><td>"
        << HtmlText(r.environment) << "</td><td><code>" << HtmlText(r.commit.substr(0, 12))
        << "</code></td><td class=\"" << HtmlText(r.verdict) << "\">" << HtmlText(r.verdict) << "</td><td>";
      if (r.has_html) h << "<a href=\"" << HtmlText(Link(r.dir, "report.html")) << "\">HTML</a> · ";
      h << "<a href=\"" << HtmlText(Link(r.dir, "report.json")) << "\">JSON</a> <span class=\"muted\">"
        << HtmlText(r.dir.empty() ? "." : r.dir) << "</span></td></tr>\n";
    }
    h << "</table>\n";
  }
  h << "<p class=\"muted\">Read-only. JSON: <a href=\"/api/runs\">/api/runs</a>, <a href=\"/api/status\">"
       "/api/status</a>.</p>\n</body></html>\n";
  return h.str();
}

std::string RunsJson(const std::vector<GateRun>& runs) {
  auto str = [](const std::string& v) { return v.empty() ? std::string("null") : PythonJsonString(v); };
  std::ostringstream j;
  j << "{\"runs\": [";
  for (size_t i = 0; i < runs.size(); ++i) {
    const auto& r = runs[i];
    j << (i ? ", " : "") << "{\"dir\": " << PythonJsonString(r.dir) << ", \"time\": " << r.time
      << ", \"model\": " << str(r.model) << ", \"environment\": " << str(r.environment)
      << ", \"commit\": " << str(r.commit) << ", \"verdict\": " << str(r.verdict)
      << ", \"report\": " << PythonJsonString(Link(r.dir, "report.json"))
      << ", \"html\": " << (r.has_html ? PythonJsonString(Link(r.dir, "report.html")) : "null");
    if (r.drifted_share) j << ", \"drifted_share\": " << FormatNumber(*r.drifted_share);
    j << "}";
  }
  j << "]}";
  return j.str();
}

bool ServedFile(const Workspace& served, const std::string& relative, std::string* file) {
  if (relative.empty() || relative.size() > 4096 || relative.back() == '/') return false;
  if (relative.find('\\') != std::string::npos) return false;
  std::stringstream parts(relative);
  for (std::string part; std::getline(parts, part, '/');) {
    if (part.empty() || part[0] == '.') return false;  // "..", ".git", hidden files, "//"
  }
  // The real path must be the root's plus exactly these components: a symlink anywhere on
  // the way changes it.
  std::string real;
  if (!served.Resolve(relative, &real).ok() || real != served.real_root() + "/" + relative) return false;
  struct stat st;
  if (::lstat(real.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return false;
  *file = real;
  return true;
}

}  // namespace mlgate
