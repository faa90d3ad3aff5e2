// Cobertura XML, as coverage.py (`coverage xml`) and gcovr (`--xml`) write it.
// Lines are counted from class/lines/line only: gcovr repeats them under
// methods/method/lines, and counting those would double-count. Classes that share a
// filename are merged line by line. The header totals (lines-valid…) are not trusted:
// they are recomputed from the lines, as the tools' own summaries are; but a header that
// is not a count, or disagrees with the lines, means an edited or spliced report: an error.
#include <algorithm>
#include <cstdint>
#include <charconv>
#include <map>
#include <optional>

#include "base/text.h"
#include "base/xml_stream.h"
#include "checks/coverage/coverage_report.h"

namespace mlgate {

namespace {

// One <line> of a class, packed to 12 bytes: a 160 MB report holds 4.4 million of them.
struct LineHit {
  uint32_t line;
  uint16_t branches_covered;
  uint16_t branches_valid;
  bool covered;
};

// "50% (1/2)" -> 1 of 2.
bool ParseConditionCoverage(std::string_view text, uint16_t* covered, uint16_t* valid) {
  size_t open = text.find('(');
  size_t slash = text.find('/', open);
  size_t close = text.find(')', slash);
  if (open == std::string_view::npos || slash == std::string_view::npos || close == std::string_view::npos) return false;
  long long c, v;
  if (!ParseCount(text.substr(open + 1, slash - open - 1), &c) || !ParseCount(text.substr(slash + 1, close - slash - 1), &v)) {
    return false;
  }
  if (c > v || v > 65535) return false;
  *covered = static_cast<uint16_t>(c);
  *valid = static_cast<uint16_t>(v);
  return true;
}

class CoberturaHandler : public XmlHandler {
 public:
  Status StartElement(std::string_view name, const std::vector<XmlAttribute>& attributes, size_t) override {
    ++depth_;
    if (depth_ == 1) {
      if (name != "coverage") return Status::Corruption("root element <" + std::string(name) + "> is not <coverage>; not a Cobertura report");
      if (const XmlAttribute* v = FindAttribute(attributes, "version")) {
        std::string version;
        if (!DecodeXmlText(v->raw_value, &version).ok()) version.clear();
        producer_ = version.rfind("gcovr", 0) == 0 ? version : (version.empty() ? "" : "coverage.py " + version);
      }
      for (auto& [key, total] : header_totals_) {
        const XmlAttribute* a = FindAttribute(attributes, key);
        if (!a) continue;
        long long n = 0;
        if (!ParseCount(a->raw_value, &n)) {
          return Status::Corruption("<coverage " + std::string(key) + "=\"" + SanitizeUtf8(a->raw_value.substr(0, 40)) +
                                    "\">: expected a non-negative integer");
        }
        total = n;
      }
      for (const char* key : {"line-rate", "branch-rate"}) {
        const XmlAttribute* a = FindAttribute(attributes, key);
        std::optional<double> rate = a ? ParseStrictNumber(a->raw_value) : std::nullopt;
        if (a && !(rate && *rate >= 0 && *rate <= 1)) {
          return Status::Corruption("<coverage " + std::string(key) + "=\"" + SanitizeUtf8(a->raw_value.substr(0, 40)) +
                                    "\">: expected a number from 0 to 1");
        }
      }
      return Status::OK();
    }
    if (name == "source") {
      in_source_ = true;
      source_text_.clear();
    } else if (name == "class") {
      const XmlAttribute* filename = FindAttribute(attributes, "filename");
      if (!filename) return Status::Corruption("<class> without a filename attribute");
      std::string decoded;
      Status s = DecodeXmlText(filename->raw_value, &decoded);
      if (!s.ok()) return s;
      current_ = &lines_[decoded];
      in_class_ = true;
    } else if (name == "method") {
      ++in_method_;
    } else if (name == "line" && in_class_ && in_method_ == 0) {
      return Line(attributes);
    }
    return Status::OK();
  }

  Status EndElement(std::string_view name) override {
    --depth_;
    if (name == "source") {
      in_source_ = false;
      std::string decoded;
      Status s = DecodeXmlText(Trim(source_text_), &decoded);
      if (!s.ok()) return s;
      sources_.push_back(decoded);
    } else if (name == "class") {
      in_class_ = false;
      current_ = nullptr;
    } else if (name == "method") {
      --in_method_;
    }
    return Status::OK();
  }

  Status Text(std::string_view text) override {
    if (in_source_) source_text_ += text;
    return Status::OK();
  }

  void Finish(const PathMapper& map_path, CoverageReport* report) {
    report->format = "cobertura";
    report->producer = producer_;
    bool coverage_py = producer_.rfind("coverage.py", 0) == 0;
    for (auto& [filename, hits] : lines_) {
      std::sort(hits.begin(), hits.end(), [](const LineHit& a, const LineHit& b) { return a.line < b.line; });
      FileCoverage f;
      f.path = MapPath(filename, map_path);
      for (size_t i = 0; i < hits.size();) {
        // One line listed by several classes of the same file: covered if any says so.
        LineHit merged = hits[i];
        for (++i; i < hits.size() && hits[i].line == merged.line; ++i) {
          merged.covered = merged.covered || hits[i].covered;
          merged.branches_covered = std::max(merged.branches_covered, hits[i].branches_covered);
          merged.branches_valid = std::max(merged.branches_valid, hits[i].branches_valid);
        }
        ++f.lines_valid;
        f.lines_covered += merged.covered ? 1 : 0;
        f.lines.push_back({merged.line, merged.covered ? 1u : 0u});
        f.branches_valid += merged.branches_valid;
        f.branches_covered += merged.branches_covered;
      }
      report->has_branches = report->has_branches || f.branches_valid > 0;
      report->files.push_back(std::move(f));
    }
    SortAndMergeFiles(&report->files);
    report->combined_headline = coverage_py && report->has_branches;
  }

 private:
  Status Line(const std::vector<XmlAttribute>& attributes) {
    const XmlAttribute* number = FindAttribute(attributes, "number");
    const XmlAttribute* hits = FindAttribute(attributes, "hits");
    if (!number || !hits) return Status::Corruption("<line> without number or hits");
    LineHit hit{};
    long long line_number;
    if (!ParseCount(number->raw_value, &line_number) || line_number == 0 || line_number > INT32_MAX) {
      return Status::Corruption("<line number=\"" + std::string(number->raw_value) + "\">: expected a line number >= 1");
    }
    hit.line = static_cast<uint32_t>(line_number);
    long long count;
    if (!ParseCount(hits->raw_value, &count)) {
      // gcovr and coverage.py write integers; anything else is not a count we can trust.
      return Status::Corruption("<line hits=\"" + std::string(hits->raw_value) + "\">: expected a non-negative integer");
    }
    hit.covered = count > 0;
    const XmlAttribute* branch = FindAttribute(attributes, "branch");
    if (branch && branch->raw_value == "true") {
      if (const XmlAttribute* condition = FindAttribute(attributes, "condition-coverage")) {
        if (!ParseConditionCoverage(condition->raw_value, &hit.branches_covered, &hit.branches_valid)) {
          return Status::Corruption("<line condition-coverage=\"" + std::string(condition->raw_value) +
                                    "\">: expected \"P% (covered/total)\"");
        }
      }
    }
    current_->push_back(hit);
    return Status::OK();
  }

  std::string MapPath(const std::string& filename, const PathMapper& map_path) const {
    std::string normalized = NormalizeReportPath(filename);
    if (!normalized.empty() && normalized[0] == '/') return map_path(normalized);
    for (const auto& source : sources_) {
      std::string joined = NormalizeReportPath(source + "/" + normalized);
      std::string mapped = map_path(joined);
      if (mapped != joined || (!joined.empty() && joined[0] != '/')) return mapped;
    }
    return map_path(normalized);
  }

  int depth_ = 0;
  int in_method_ = 0;
  bool in_class_ = false;
  bool in_source_ = false;
  std::string source_text_;
  std::vector<std::string> sources_;
  std::string producer_;
  std::map<std::string, std::vector<LineHit>> lines_;
  std::vector<LineHit>* current_ = nullptr;

 public:
  // The root's totals, when it states them (-1: not stated), in the report's field order.
  std::pair<const char*, long long> header_totals_[4] = {
      {"lines-valid", -1}, {"lines-covered", -1}, {"branches-valid", -1}, {"branches-covered", -1}};
};

}  // namespace

Status ParseCobertura(std::string_view bytes, const std::string& file, const PathMapper& map_path,
                      CoverageReport* report) {
  CoberturaHandler handler;
  Status s = ReadXml(bytes, file, &handler);
  if (!s.ok()) return s;
  handler.Finish(map_path, report);
  long long counted[4] = {0, 0, 0, 0};
  for (const auto& f : report->files) {
    counted[0] += f.lines_valid;
    counted[1] += f.lines_covered;
    counted[2] += f.branches_valid;
    counted[3] += f.branches_covered;
  }
  for (size_t i = 0; i < 4; ++i) {
    const auto& [key, stated] = handler.header_totals_[i];
    if (stated >= 0 && stated != counted[i]) {
      return Status::Corruption(file + ": the header says " + key + "=\"" + std::to_string(stated) + "\" but its <line> " +
                                "elements count " + std::to_string(counted[i]) +
                                "; the report was edited or spliced: write it again with the coverage tool");
    }
  }
  return Status::OK();
}

}  // namespace mlgate
