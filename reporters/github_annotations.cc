// GitHub Actions workflow commands (docs/FORMATS.md §4): an `::error` or `::warning`
// line per problem, which GitHub shows on the file and line and on the run's summary.
// Everything in them came from evidence files, so it is escaped as actions/toolkit does
// (data: % CR LF; properties also : and ,), stripped of other control characters, and
// characters that change how the text shows (C1 controls, bidi overrides) are spelled
// out: no text can end the line and start a command of its own, or disguise itself.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <random>

#include "base/text.h"
#include "reporters/reporter.h"

namespace mlgate {

namespace {

constexpr size_t kMaxAnnotations = 50;  // what GitHub shows for a job

// Whether the UTF-8 sequence at s[i] is a character that changes how the text around it
// shows — a C1 control (U+0080–U+009F), a line or paragraph separator (U+2028/9), a bidi
// embedding, override or isolate (U+202A–U+202E, U+2066–U+2069) — and how long it is.
size_t DeceptiveAt(const std::string& s, size_t i) {
  auto at = [&](size_t k) { return k < s.size() ? static_cast<unsigned char>(s[k]) : 0; };
  if (at(i) == 0xC2 && at(i + 1) >= 0x80 && at(i + 1) <= 0x9F) return 2;
  if (at(i) == 0xE2 && at(i + 1) == 0x80 && at(i + 2) >= 0xA8 && at(i + 2) <= 0xAE) return 3;
  if (at(i) == 0xE2 && at(i + 1) == 0x81 && at(i + 2) >= 0xA6 && at(i + 2) <= 0xA9) return 3;
  return 0;
}

std::string Escape(const std::string& raw, bool property) {
  std::string out;
  const std::string text = SanitizeUtf8(raw);
  for (size_t i = 0; i < text.size(); ++i) {
    char ch = text[i];
    auto c = static_cast<unsigned char>(ch);
    if (size_t n = DeceptiveAt(text, i)) {
      // shown as its code point, so a reader sees it is there
      uint32_t cp = n == 2 ? c & 0x1F : c & 0x0F;
      for (size_t k = 1; k < n; ++k) cp = cp << 6 | (static_cast<unsigned char>(text[i + k]) & 0x3F);
      char buffer[16];
      std::snprintf(buffer, sizeof buffer, "<U+%04X>", cp);
      out += buffer;
      i += n - 1;
    } else if (c == '%') {
      out += "%25";
    } else if (c == '\r') {
      out += "%0D";
    } else if (c == '\n') {
      out += "%0A";
    } else if (property && c == ':') {
      out += "%3A";
    } else if (property && c == ',') {
      out += "%2C";
    } else if (c < 0x20 || c == 0x7F) {
      // other control characters (a terminal escape, a NUL) are dropped
    } else {
      out += ch;
    }
  }
  return out;
}

struct Annotation {
  const char* kind;  // error | warning
  std::string file;
  int line = 0, column = 0;
  std::string title, message;
};

}  // namespace

void WriteGithubAnnotations(const Decision& d, std::ostream& out) {
  const std::string policy = d.PolicyFile();
  std::vector<Annotation> all;
  for (const auto& c : d.checks) {
    const char* kind = c.blocking ? "error" : "warning";
    if (c.status == CheckStatus::kError) {
      all.push_back({kind, policy, 1, 0, "mlgate " + c.id + ": could not run", c.summary});
    }
    for (const auto& m : c.measurements) {
      if (m.ok || m.informational) continue;
      all.push_back({c.blocking && !m.advisory ? "error" : "warning", policy, 1, 0, "mlgate " + c.id + ": " + m.name,
                     MeasurementText(m)});
    }
    for (const auto& f : c.findings) {
      if (f.waived || (!f.blocking && f.severity < Severity::kHigh)) continue;
      all.push_back({f.blocking ? "error" : "warning", f.path, f.line, f.column, "mlgate " + f.rule, f.message});
    }
  }
  for (const auto& error : d.errors) all.push_back({"error", policy, 1, 0, "mlgate", error});
  // Errors first: the ones GitHub shows when it shows only some.
  std::stable_partition(all.begin(), all.end(), [](const Annotation& a) { return std::string(a.kind) == "error"; });
  size_t shown = 0;
  for (const auto& a : all) {
    if (shown++ == kMaxAnnotations) break;
    out << "::" << a.kind;
    std::string properties;
    if (!a.file.empty()) properties += "file=" + Escape(a.file, true);
    if (!a.file.empty() && a.line > 0) properties += ",line=" + std::to_string(a.line);
    if (!a.file.empty() && a.line > 0 && a.column > 0) properties += ",col=" + std::to_string(a.column);
    properties += std::string(properties.empty() ? "" : ",") + "title=" + Escape(a.title, true);
    out << " " << properties << "::" << Escape(a.message, false) << "\n";
  }
  if (all.size() > kMaxAnnotations) {
    out << "::notice title=mlgate::" << all.size() - kMaxAnnotations
        << " more problems are in the reports (report.json, results.sarif)\n";
  }
}

std::string RandomToken() {
  std::random_device device;
  std::string token;
  const char* hex = "0123456789abcdef";
  for (int i = 0; i < 32; ++i) token += hex[device() % 16];
  return token;
}

}  // namespace mlgate
