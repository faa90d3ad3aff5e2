#include "checks/lint/lint_paths.h"

#include <cctype>
#include <vector>

namespace mlgate {

namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

std::string NormalizeToolPath(std::string_view raw) {
  std::string path(raw);
  bool uri = false;
  if (path.compare(0, 7, "file://") == 0) {
    uri = true;
    path.erase(0, 7);
    // file://host/path: the host is not part of the path.
    if (!path.empty() && path[0] != '/') {
      size_t slash = path.find('/');
      path = slash == std::string::npos ? "" : path.substr(slash);
    }
  }
  if (uri || path.find('%') != std::string::npos) {
    std::string decoded;
    for (size_t i = 0; i < path.size(); ++i) {
      int hi = i + 2 < path.size() ? HexValue(path[i + 1]) : -1;
      int lo = i + 2 < path.size() ? HexValue(path[i + 2]) : -1;
      if (path[i] == '%' && hi >= 0 && lo >= 0 && (hi || lo)) {  // never decode to NUL
        decoded += static_cast<char>(hi * 16 + lo);
        i += 2;
      } else {
        decoded += path[i];
      }
    }
    path = decoded;
  }
  for (char& c : path) {
    if (c == '\\') c = '/';
  }
  // "C:/x" and "/C:/x" (a file URI of a Windows path) become "/x".
  if (path.size() >= 2 && std::isalpha(static_cast<unsigned char>(path[0])) && path[1] == ':') path.erase(0, 2);
  if (path.size() >= 3 && path[0] == '/' && std::isalpha(static_cast<unsigned char>(path[1])) && path[2] == ':') {
    path.erase(0, 3);
  }
  std::string out;
  for (size_t i = 0; i < path.size(); ++i) {
    if (path[i] == '/' && !out.empty() && out.back() == '/') continue;
    out += path[i];
  }
  while (out.compare(0, 2, "./") == 0) out.erase(0, 2);
  for (size_t p; (p = out.find("/./")) != std::string::npos;) out.erase(p, 2);
  return out;
}

std::string FindingPaths::Map(std::string_view raw) {
  std::string key(raw);
  auto it = mapped_.find(key);
  if (it != mapped_.end()) return it->second;
  std::string path = NormalizeToolPath(raw);
  if (!path.empty() && path[0] == '/') {
    std::string inside = workspace_.Relativize(path);
    if (inside != path) {
      path = inside;
    } else {
      // Another machine's checkout: drop leading directories until the rest exists here.
      for (size_t slash = path.find('/', 1); slash != std::string::npos; slash = path.find('/', slash + 1)) {
        std::string suffix = path.substr(slash + 1);
        if (!suffix.empty() && Exists(suffix)) {
          path = suffix;
          break;
        }
      }
    }
  }
  mapped_[key] = path;
  return path;
}

bool FindingPaths::Exists(const std::string& path) {
  if (path.empty()) return false;
  auto it = exists_.find(path);
  if (it != exists_.end()) return it->second;
  bool exists = path[0] != '/' && workspace_.Exists(path);
  exists_[path] = exists;
  return exists;
}

}  // namespace mlgate
