#include "base/secrets.h"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>

extern char** environ;

namespace mlgate {

namespace {

bool IsSecretName(std::string name) {
  for (char& c : name) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  for (const char* marker : {"TOKEN", "SECRET", "PASSWORD", "PASSWD", "PRIVATE_KEY"}) {
    if (name.find(marker) != std::string::npos) return true;
  }
  return false;
}

// The value as it appears inside a string of report.json, SARIF or Code Quality: written
// by RapidJSON's own writer, so that it is escaped exactly as those are.
std::string JsonEscaped(const std::string& s) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
  writer.String(s.data(), static_cast<rapidjson::SizeType>(s.size()));
  std::string quoted(buffer.GetString(), buffer.GetSize());
  return quoted.substr(1, quoted.size() - 2);
}

std::string Base64(const std::string& bytes) {
  static const char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  for (size_t i = 0; i < bytes.size(); i += 3) {
    unsigned v = static_cast<unsigned char>(bytes[i]) << 16;
    if (i + 1 < bytes.size()) v |= static_cast<unsigned char>(bytes[i + 1]) << 8;
    if (i + 2 < bytes.size()) v |= static_cast<unsigned char>(bytes[i + 2]);
    for (size_t k = 0; k < 4; ++k) out += k * 6 < (bytes.size() - i) * 8 ? kAlphabet[(v >> (18 - 6 * k)) & 63] : '=';
  }
  return out;
}

// The base64 characters that depend on the secret alone when it starts `offset` bytes into
// a 3-byte group: character j covers bits [6j, 6j + 6) of the encoded bytes.
std::string Base64Core(const std::string& secret, size_t offset) {
  std::string encoded = Base64(std::string(offset, '\0') + secret);
  size_t first_bit = offset * 8, end_bit = (offset + secret.size()) * 8;
  std::string core;
  for (size_t j = 0; j < encoded.size(); ++j) {
    if (j * 6 >= first_bit && j * 6 + 6 <= end_bit) core += encoded[j];
  }
  return core;
}

}  // namespace

SecretValues::SecretValues(const std::vector<std::string>& environment) {
  for (const auto& entry : environment) {
    size_t eq = entry.find('=');
    if (eq == std::string::npos) continue;
    std::string name = entry.substr(0, eq), value = entry.substr(eq + 1);
    if (value.size() < kMinBytes || !IsSecretName(name)) continue;
    needles_.push_back(value);
    if (std::string escaped = JsonEscaped(value); escaped != value) needles_.push_back(escaped);
    for (size_t offset = 0; offset < 3; ++offset) {
      std::string core = Base64Core(value, offset);
      if (core.size() >= kMinBytes) needles_.push_back(core);
    }
  }
  std::sort(needles_.begin(), needles_.end(), [](const std::string& a, const std::string& b) {
    return a.size() != b.size() ? a.size() > b.size() : a < b;
  });
  needles_.erase(std::unique(needles_.begin(), needles_.end()), needles_.end());
}

const SecretValues& SecretValues::FromEnvironment() {
  static const SecretValues* values = [] {
    std::vector<std::string> entries;
    for (char** e = environ; e && *e; ++e) entries.emplace_back(*e);
    return new SecretValues(entries);  // never destroyed: used until exit
  }();
  return *values;
}

std::string SecretValues::Redact(std::string text) const {
  static const std::string kMark = "[redacted]";
  for (const auto& needle : needles_) {
    for (size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + kMark.size())) {
      text.replace(at, needle.size(), kMark);
    }
  }
  return text;
}

}  // namespace mlgate
