// JaCoCo XML (report.dtd). A line counts when it has instructions (mi + ci > 0) and is
// covered when any of them ran (ci > 0): the same rule as JaCoCo's LINE counter, so totals
// equal the report-level <counter type="LINE">. Branches are mb + cb per line.
#include "base/xml_stream.h"
#include "checks/coverage/coverage_report.h"

namespace mlgate {

namespace {

class JacocoHandler : public XmlHandler {
 public:
  Status StartElement(std::string_view name, const std::vector<XmlAttribute>& attributes, size_t) override {
    ++depth_;
    if (depth_ == 1 && name != "report") {
      return Status::Corruption("root element <" + std::string(name) + "> is not <report>; not a JaCoCo report");
    }
    if (name == "package") {
      package_ = Name(attributes);
    } else if (name == "sourcefile") {
      FileCoverage f;
      std::string source = Name(attributes);
      f.path = package_.empty() ? source : package_ + "/" + source;
      files_.push_back(std::move(f));
      in_sourcefile_ = true;
    } else if (name == "line" && in_sourcefile_) {
      long long counts[4];
      const char* keys[4] = {"mi", "ci", "mb", "cb"};
      for (int i = 0; i < 4; ++i) {
        const XmlAttribute* a = FindAttribute(attributes, keys[i]);
        if (!a || !ParseCount(a->raw_value, &counts[i])) {
          return Status::Corruption(std::string("<line> without a valid ") + keys[i] + " count");
        }
      }
      FileCoverage& f = files_.back();
      if (counts[0] + counts[1] > 0) {
        ++f.lines_valid;
        f.lines_covered += counts[1] > 0 ? 1 : 0;
        const XmlAttribute* nr = FindAttribute(attributes, "nr");
        long long number = 0;
        if (nr && ParseCount(nr->raw_value, &number) && number > 0 && number < (1LL << 31)) {
          f.lines.push_back({static_cast<uint32_t>(number), counts[1] > 0 ? 1u : 0u});
        }
      }
      f.branches_valid += counts[2] + counts[3];
      f.branches_covered += counts[3];
    }
    return Status::OK();
  }

  Status EndElement(std::string_view name) override {
    --depth_;
    if (name == "sourcefile") in_sourcefile_ = false;
    if (name == "package") package_.clear();
    return Status::OK();
  }

  std::vector<FileCoverage> TakeFiles() { return std::move(files_); }

 private:
  static std::string Name(const std::vector<XmlAttribute>& attributes) {
    std::string decoded;
    if (const XmlAttribute* a = FindAttribute(attributes, "name")) {
      if (!DecodeXmlText(a->raw_value, &decoded).ok()) decoded.clear();
    }
    return decoded;
  }

  int depth_ = 0;
  bool in_sourcefile_ = false;
  std::string package_;
  std::vector<FileCoverage> files_;
};

}  // namespace

Status ParseJacoco(std::string_view bytes, const std::string& file, const PathMapper& map_path,
                   CoverageReport* report) {
  JacocoHandler handler;
  Status s = ReadXml(bytes, file, &handler);
  if (!s.ok()) return s;
  report->format = "jacoco";
  report->producer = "JaCoCo";
  report->files = handler.TakeFiles();
  for (auto& f : report->files) {
    f.path = map_path(NormalizeReportPath(f.path));
    report->has_branches = report->has_branches || f.branches_valid > 0;
  }
  SortAndMergeFiles(&report->files);
  return Status::OK();
}

}  // namespace mlgate
