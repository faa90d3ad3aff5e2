#include "checks/docs/markdown_outline.h"

#include <cctype>

#include "base/text.h"

namespace mlgate {

namespace {

// The fence that opens a code block ("```", "~~~~"), or empty.
std::string_view FenceOf(std::string_view line) {
  std::string_view t = Trim(line);
  if (t.size() < 3 || (t[0] != '`' && t[0] != '~')) return {};
  size_t n = t.find_first_not_of(t[0]);
  n = n == std::string_view::npos ? t.size() : n;
  return n >= 3 ? t.substr(0, n) : std::string_view();
}

size_t Indent(std::string_view line) {
  size_t n = 0;
  while (n < line.size() && line[n] == ' ') ++n;
  return n;
}

bool IsSetextUnderline(std::string_view line, char c) {
  std::string_view t = Trim(line);
  return !t.empty() && Indent(line) < 4 && t.find_first_not_of(c) == std::string_view::npos;
}

}  // namespace

std::vector<Heading> OutlineOf(std::string_view markdown) {
  std::vector<std::string_view> lines;
  for (size_t pos = 0; pos <= markdown.size();) {
    size_t end = markdown.find('\n', pos);
    if (end == std::string_view::npos) end = markdown.size();
    std::string_view line = markdown.substr(pos, end - pos);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    lines.push_back(line);
    pos = end + 1;
  }
  std::vector<Heading> out;
  std::vector<bool> body_line(lines.size(), false);
  std::vector<int> heading_at(lines.size(), -1);
  size_t i = 0;
  if (!lines.empty() && Trim(lines[0]) == "---") {  // YAML front matter
    for (size_t j = 1; j < lines.size(); ++j) {
      if (Trim(lines[j]) == "---" || Trim(lines[j]) == "...") {
        i = j + 1;
        break;
      }
    }
  }
  std::string_view fence;
  for (; i < lines.size(); ++i) {
    std::string_view line = lines[i];
    if (!fence.empty()) {
      body_line[i] = true;
      std::string_view closing = FenceOf(line);
      if (!closing.empty() && closing[0] == fence[0] && closing.size() >= fence.size() && Trim(line) == closing) fence = {};
      continue;
    }
    if (Indent(line) < 4 && !(fence = FenceOf(line)).empty()) {
      body_line[i] = true;
      continue;
    }
    std::string_view t = Trim(line);
    if (Indent(line) < 4 && !t.empty() && t[0] == '#') {
      size_t level = t.find_first_not_of('#');
      level = level == std::string_view::npos ? t.size() : level;
      if (level <= 6 && (level == t.size() || t[level] == ' ' || t[level] == '\t')) {
        std::string_view text = Trim(t.substr(level));
        // An optional closing sequence of '#' preceded by a blank.
        size_t close = text.find_last_not_of('#');
        if (close != std::string_view::npos && close + 1 < text.size() && (text[close] == ' ' || text[close] == '\t')) {
          text = Trim(text.substr(0, close));
        } else if (close == std::string_view::npos) {
          text = {};
        }
        heading_at[i] = static_cast<int>(out.size());
        out.push_back({static_cast<int>(level), std::string(text), static_cast<int>(i + 1), false});
        continue;
      }
    }
    // Setext: a paragraph line underlined with === (level 1) or --- (level 2).
    if (!t.empty() && i + 1 < lines.size() && Indent(line) < 4 && (i == 0 || Trim(lines[i - 1]).empty() || heading_at[i - 1] >= 0) &&
        (IsSetextUnderline(lines[i + 1], '=') || (IsSetextUnderline(lines[i + 1], '-') && t[0] != '-' && t[0] != '*'))) {
      heading_at[i] = static_cast<int>(out.size());
      out.push_back({lines[i + 1].find('=') != std::string_view::npos ? 1 : 2, std::string(t), static_cast<int>(i + 1), false});
      ++i;
      continue;
    }
    if (!t.empty()) body_line[i] = true;
  }
  // A heading has a body when text follows it before the next heading of its level or higher;
  // text under a subsection counts.
  for (size_t h = 0; h < out.size(); ++h) {
    for (size_t j = static_cast<size_t>(out[h].line); j < lines.size(); ++j) {
      if (heading_at[j] >= 0 && out[static_cast<size_t>(heading_at[j])].level <= out[h].level) break;
      if (body_line[j]) {
        out[h].has_body = true;
        break;
      }
    }
  }
  return out;
}

std::string HeadingKey(std::string_view text) {
  std::string_view t = Trim(text);
  // A leading section number: "2.", "3.1", "4)".
  size_t n = 0;
  while (n < t.size() && (std::isdigit(static_cast<unsigned char>(t[n])) || t[n] == '.' || t[n] == ')')) ++n;
  if (n > 0 && n < t.size() && t[n] == ' ') t = Trim(t.substr(n));
  while (!t.empty() && t.back() == ':') t.remove_suffix(1);
  std::string out;
  for (char c : t) {
    if (c == ' ' || c == '\t') {
      if (!out.empty() && out.back() != ' ') out += ' ';
    } else {
      out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

}  // namespace mlgate
