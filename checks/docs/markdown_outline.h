// The outline of a Markdown document: its headings (ATX "## Title" and setext "Title\n===")
// with their level, line and whether any text follows before the next heading of the same
// or a higher level. Headings inside fenced code blocks and YAML front matter are not
// headings. Enough CommonMark for model cards and READMEs; no full parser.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace mlgate {

struct Heading {
  int level = 1;       // 1–6
  std::string text;    // as written, trimmed, without the '#' markers
  int line = 0;        // 1-based
  bool has_body = false;
};

std::vector<Heading> OutlineOf(std::string_view markdown);

// The form two headings are compared in: case-folded (ASCII), blanks collapsed, a leading
// section number ("2.", "3.1") and trailing ':' dropped. "## 2. Intended Use:" → "intended use".
std::string HeadingKey(std::string_view text);

}  // namespace mlgate
