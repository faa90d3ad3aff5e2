#include "gate/line_hash.h"

#include <cstdint>
#include <map>

#include "gate/workspace.h"

namespace mlgate {

namespace {

constexpr int kWindow = 100;
constexpr uint32_t kReplacement = 0xFFFD;

// The UTF-16 code units of UTF-8 text, each invalid sequence read as one U+FFFD (its
// maximal valid prefix, as the WHATWG decoder Node.js uses does).
std::vector<uint16_t> Utf16Units(std::string_view s) {
  std::vector<uint16_t> out;
  out.reserve(s.size());
  size_t i = 0;
  while (i < s.size()) {
    auto byte = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
    unsigned char c = byte(i);
    if (c < 0x80) {
      out.push_back(c);
      ++i;
      continue;
    }
    int need = c >= 0xC2 && c <= 0xDF ? 1 : c >= 0xE0 && c <= 0xEF ? 2 : c >= 0xF0 && c <= 0xF4 ? 3 : -1;
    if (need < 0) {
      out.push_back(kReplacement);
      ++i;
      continue;
    }
    uint32_t cp = c & (0x3F >> need);
    unsigned char lo = 0x80, hi = 0xBF;  // the second byte's range narrows for some leads
    if (c == 0xE0) lo = 0xA0;
    if (c == 0xED) hi = 0x9F;
    if (c == 0xF0) lo = 0x90;
    if (c == 0xF4) hi = 0x8F;
    size_t k = i + 1;
    bool ok = true;
    for (int n = 0; n < need; ++n, ++k) {
      if (k >= s.size() || byte(k) < (n == 0 ? lo : 0x80) || byte(k) > (n == 0 ? hi : 0xBF)) {
        ok = false;
        break;
      }
      cp = cp << 6 | (byte(k) & 0x3F);
    }
    if (!ok) {
      out.push_back(kReplacement);
      i = k;  // the lead and the continuation bytes that fitted
      continue;
    }
    if (cp >= 0x10000) {
      cp -= 0x10000;
      out.push_back(static_cast<uint16_t>(0xD800 + (cp >> 10)));
      out.push_back(static_cast<uint16_t>(0xDC00 + (cp & 0x3FF)));
    } else {
      out.push_back(static_cast<uint16_t>(cp));
    }
    i = k;
  }
  return out;
}

std::string Hex(uint64_t v) {
  static const char kDigits[] = "0123456789abcdef";
  std::string out;
  do {
    out.insert(out.begin(), kDigits[v & 15]);
    v >>= 4;
  } while (v);
  return out;
}

}  // namespace

std::vector<std::string> LineHashes(std::string_view text) {
  uint64_t first_power = 1;  // 37^100: what the unit leaving the window counts for
  for (int i = 0; i < kWindow; ++i) first_power *= 37;
  uint64_t window[kWindow] = {};
  int line_at[kWindow];  // the line starting at each window slot, or 0
  for (int& l : line_at) l = 0;
  int slot = 0, line = 0;
  bool line_start = true, after_cr = false;
  uint64_t hash = 0;
  std::map<uint64_t, int> seen;
  std::vector<std::string> hashes;
  auto take = [&](uint32_t c) {
    if (c == ' ' || c == '\t' || (after_cr && c == '\n')) {
      after_cr = false;
      return;
    }
    after_cr = c == '\r';
    if (c == '\r') c = '\n';
    // The slot about to be overwritten began a line 100 units ago: the window is that line's.
    if (line_at[slot]) {
      hashes.resize(static_cast<size_t>(line_at[slot]));
      hashes.back() = Hex(hash) + ":" + std::to_string(++seen[hash]);
      line_at[slot] = 0;
    }
    if (line_start) {
      line_start = false;
      line_at[slot] = ++line;
    }
    if (c == '\n') line_start = true;
    hash = 37 * hash + c - first_power * window[slot];
    window[slot] = c;
    slot = (slot + 1) % kWindow;
  };
  for (uint16_t unit : Utf16Units(text)) take(unit);
  take(65535);  // end of file
  for (int i = 0; i < kWindow; ++i) take(0);
  return hashes;
}

void AddLineHashes(const Workspace& workspace, Decision* decision) {
  std::map<std::string, std::vector<std::string>> files;
  for (auto& check : decision->checks) {
    for (auto& f : check.findings) {
      if (f.path.empty() || f.line <= 0) continue;
      auto it = files.find(f.path);
      if (it == files.end()) {
        EvidenceFile file;
        std::vector<std::string> hashes;
        if (workspace.Read(f.path, &file).ok()) hashes = LineHashes(file.bytes);
        it = files.emplace(f.path, std::move(hashes)).first;
      }
      if (static_cast<size_t>(f.line) <= it->second.size()) f.line_hash = it->second[static_cast<size_t>(f.line) - 1];
    }
  }
}

}  // namespace mlgate
