// What the JSON reporters (report.json, results.sarif, codequality.json) write with: a
// pretty RapidJSON writer, and text made valid UTF-8 before it is written.
#pragma once

#include <rapidjson/ostreamwrapper.h>
#include <rapidjson/prettywriter.h>

#include <string>

#include "base/text.h"

namespace mlgate {

using JsonWriter = rapidjson::PrettyWriter<rapidjson::OStreamWrapper>;

inline void JsonText(JsonWriter& w, const std::string& s) {
  std::string clean = SanitizeUtf8(s);
  w.String(clean.c_str(), static_cast<rapidjson::SizeType>(clean.size()));
}

}  // namespace mlgate
