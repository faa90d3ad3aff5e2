#include "checks/docs_check.h"

#include "base/text.h"
#include "checks/docs/markdown_outline.h"

namespace mlgate {

const char kDocsHelp[] = R"(docs — the README and the model card are there and complete

Reads the README and the model's card (models.<name>.card, or card: here) as Markdown and
compares their headings with the sections the policy requires. Headings are ATX ("## Title")
or setext ("Title" over "====="); headings in code blocks do not count. Matching ignores
case, extra blanks, a leading section number ("2. Intended use") and a trailing ':'.

Findings (all blocking):
  docs:missing-file     the document does not exist
  docs:empty-file       it holds no text
  docs:missing-section  a required section has no heading
  docs:empty-section    a required section's heading has nothing under it
Measured: missing_sections (missing or empty required sections, must be 0).

Parameters:
  readme: README.md                     the README (default README.md; "" to skip)
  card: PATH                            the model card (default: the model's card:)
  required_sections: [Intended use, Training data, Evaluation, Limitations]
                                        sections the model card must have
  readme_sections: [NAME, ...]          sections the README must have (default none)

A policy that asks for card sections when no card is named is an error: name the card
under models.<name>.card or here.

Example:
  models:
    churn: {artifact: models/churn.pkl, card: docs/MODEL_CARD.md}
  checks:
    docs:
      required_sections: [Intended use, Training data, Evaluation, Limitations]
)";

namespace {

class DocsCheck : public Check {
 public:
  void Configure(Params& params) override {
    readme_ = params.String("readme", false, "README.md");
    card_ = params.String("card", false);
    card_sections_ = params.StringList("required_sections", false);
    readme_sections_ = params.StringList("readme_sections", false);
  }

  Status Run(const CheckContext& ctx, CheckResult* result) const override {
    std::string card = card_.empty() ? ctx.model_card : card_;
    if (card.empty() && !card_sections_.empty()) {
      return Status::InvalidArgument("docs: required_sections are set but no model card is named; add card: to the "
                                     "model under models: (or to checks.docs)");
    }
    int missing = 0;
    if (!readme_.empty()) {
      Status s = Document(ctx, "README", readme_, readme_sections_, result, &missing);
      if (!s.ok()) return s;
    }
    if (!card.empty()) {
      Status s = Document(ctx, "model card", card, card_sections_, result, &missing);
      if (!s.ok()) return s;
    }
    result->measurements.push_back(LimitMeasurement("missing_sections", missing, Op::kLe, 0, ""));
    size_t required = card_sections_.size() + readme_sections_.size();
    int files = 0;
    for (const auto& f : result->findings) files += f.rule == "docs:missing-file" || f.rule == "docs:empty-file";
    result->summary = std::to_string(required - static_cast<size_t>(missing)) + " of " + std::to_string(required) +
                      " required sections present" +
                      (files ? ", " + std::to_string(files) + " document" + (files == 1 ? "" : "s") + " missing or empty" : "");
    return Status::OK();
  }

 private:
  Status Document(const CheckContext& ctx, const std::string& what, const std::string& path,
                  const std::vector<std::string>& sections, CheckResult* result, int* missing) const {
    if (!ctx.workspace.Exists(path)) {
      result->findings.push_back(MakeFinding("docs:missing-file", Severity::kHigh, path, 0, "the " + what + " " + path + " does not exist; write it"));
      *missing += static_cast<int>(sections.size());
      return Status::OK();
    }
    EvidenceFile file;
    Status s = ctx.workspace.Read(path, &file);
    if (!s.ok()) return s.WithContext(what);
    result->evidence.push_back(file.Record());
    if (file.bytes.find('\0') != std::string_view::npos || !IsValidUtf8(file.bytes)) {
      return Status::Corruption(path + ": the " + what + " is not UTF-8 text; save it as UTF-8 Markdown");
    }
    if (Trim(file.bytes).empty()) {
      result->findings.push_back(MakeFinding("docs:empty-file", Severity::kHigh, path, 0, "the " + what + " " + path + " is empty"));
      *missing += static_cast<int>(sections.size());
      return Status::OK();
    }
    std::vector<Heading> outline = OutlineOf(file.bytes);
    for (const auto& wanted : sections) {
      std::string key = HeadingKey(wanted);
      const Heading* found = nullptr;
      for (const auto& h : outline) {
        if (HeadingKey(h.text) == key) {
          found = &h;
          break;
        }
      }
      if (!found) {
        ++*missing;
        std::vector<std::string> present;
        present.reserve(outline.size());
        for (const auto& h : outline) present.push_back(h.text);
        std::string near = SuggestNearest(wanted, present);
        result->findings.push_back(MakeFinding("docs:missing-section", Severity::kMedium, path, 0,
            "the " + what + " has no \"" + wanted + "\" section" +
                (near.empty() ? "" : " (is \"" + near + "\" meant to be it?)") + "; add a heading for it"));
      } else if (!found->has_body) {
        ++*missing;
        result->findings.push_back(MakeFinding("docs:empty-section", Severity::kMedium, path, found->line,
            "the " + what + "'s \"" + found->text + "\" section is empty; write it"));
      }
    }
    return Status::OK();
  }

  std::string readme_;
  std::string card_;
  std::vector<std::string> card_sections_;
  std::vector<std::string> readme_sections_;
};

}  // namespace

std::unique_ptr<Check> NewDocsCheck() { return std::make_unique<DocsCheck>(); }

}  // namespace mlgate
