// The small text readers: the registry's HISTORY lines, Markdown headings (the docs check),
// timestamps in data and in lint reports, coverage counts and report paths, dates.
#include "base/date.h"
#include "checks/coverage/coverage_report.h"
#include "checks/docs/markdown_outline.h"
#include "checks/drift/drift_data.h"
#include "checks/lint/lint_report.h"
#include "fuzz/fuzz_util.h"
#include "registry/file_registry.h"
#include "registry/promotion.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  size_t reader = mlgate::fuzz::Choose(&data, &size, 7);
  std::string_view text = mlgate::fuzz::Bytes(data, size);
  switch (reader) {
    case 0: (void)mlgate::ParseHistory(text); break;
    case 1:
      for (const auto& h : mlgate::OutlineOf(text)) (void)mlgate::HeadingKey(h.text);
      break;
    case 2: {
      long long seconds = 0;
      (void)mlgate::drift::ParseTimestamp(text, &seconds);
      (void)mlgate::ParseUtcTimestamp(text);
      break;
    }
    case 3: {
      long long count = 0;
      if (mlgate::ParseCount(text, &count)) mlgate::fuzz::Require(count >= 0);
      std::string path = mlgate::NormalizeReportPath(std::string(text));
      mlgate::fuzz::Require(path.find('\\') == std::string::npos && path.find("//") == std::string::npos);
      break;
    }
    case 4:
      if (auto d = mlgate::ParseDate(text)) mlgate::fuzz::Require(mlgate::ParseDate(d->ToString()) == d);
      break;
    case 5: {
      double value = 0;
      bool integer = false;
      (void)mlgate::drift::ParseNumberCell(text, &value, &integer);
      (void)mlgate::drift::IsMissing(text);
      break;
    }
    default:
      (void)mlgate::IsSafeName(std::string(text));
      break;
  }
  return 0;
}
