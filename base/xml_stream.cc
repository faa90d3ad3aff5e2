#include "base/xml_stream.h"

#include <cstring>

#include "base/text.h"

namespace mlgate {

namespace {

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

bool IsNameEnd(char c) { return IsSpace(c) || c == '/' || c == '>' || c == '=' || c == '<'; }

void AppendUtf8(unsigned long code, std::string* out) {
  if (code < 0x80) {
    *out += static_cast<char>(code);
  } else if (code < 0x800) {
    *out += static_cast<char>(0xC0 | (code >> 6));
    *out += static_cast<char>(0x80 | (code & 0x3F));
  } else if (code < 0x10000) {
    *out += static_cast<char>(0xE0 | (code >> 12));
    *out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
    *out += static_cast<char>(0x80 | (code & 0x3F));
  } else {
    *out += static_cast<char>(0xF0 | (code >> 18));
    *out += static_cast<char>(0x80 | ((code >> 12) & 0x3F));
    *out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
    *out += static_cast<char>(0x80 | (code & 0x3F));
  }
}

class Walker {
 public:
  Walker(std::string_view text, const std::string& file, XmlHandler* handler, const XmlLimits& limits)
      : text_(text), file_(file), handler_(handler), limits_(limits) {}

  Status Run() {
    if (text_.substr(0, 3) == "\xEF\xBB\xBF") pos_ = 3;
    bool seen_root = false;
    while (true) {
      size_t lt = text_.find('<', pos_);
      std::string_view between = text_.substr(pos_, (lt == std::string_view::npos ? text_.size() : lt) - pos_);
      if (stack_.empty()) {
        if (!Trim(between).empty()) return ErrorAt(pos_, seen_root ? "content after the root element" : "text before the root element");
      } else if (!between.empty()) {
        Status s = handler_->Text(between);
        if (!s.ok()) return ErrorAt(pos_, s.message());
      }
      if (lt == std::string_view::npos) break;
      pos_ = lt;
      std::string_view rest = text_.substr(pos_);
      Status s;
      if (rest.substr(0, 4) == "<!--") {
        s = Skip("-->", "an unterminated comment");
      } else if (rest.substr(0, 9) == "<![CDATA[") {
        s = Cdata();
      } else if (rest.substr(0, 2) == "<?") {
        s = Skip("?>", "an unterminated processing instruction");
      } else if (rest.substr(0, 9) == "<!DOCTYPE") {
        if (seen_root || !stack_.empty()) return ErrorAt(pos_, "DOCTYPE inside the document");
        s = Doctype();
      } else if (rest.substr(0, 2) == "</") {
        s = EndTag();
      } else {
        if (stack_.empty() && seen_root) return ErrorAt(pos_, "a second root element");
        seen_root = true;
        s = StartTag();
      }
      if (!s.ok()) return s;
    }
    if (!stack_.empty()) {
      return ErrorAt(text_.size(), "the document ends inside <" + std::string(stack_.back()) +
                                       ">; the file is truncated");
    }
    if (!seen_root) return ErrorAt(pos_, "no root element; the file is empty or not XML");
    return Status::OK();
  }

 private:
  Status ErrorAt(size_t offset, const std::string& what) {
    int line, column;
    LineColumnOf(text_, offset, &line, &column);
    return Status::Corruption(file_ + ":" + std::to_string(line) + ":" + std::to_string(column) + ": " + what);
  }

  Status Skip(std::string_view terminator, const char* what) {
    size_t end = text_.find(terminator, pos_ + 2);
    if (end == std::string_view::npos) return ErrorAt(pos_, std::string(what) + "; the file is truncated");
    pos_ = end + terminator.size();
    return Status::OK();
  }

  Status Cdata() {
    if (stack_.empty()) return ErrorAt(pos_, "CDATA outside the root element");
    size_t start = pos_ + 9;
    size_t end = text_.find("]]>", start);
    if (end == std::string_view::npos) return ErrorAt(pos_, "an unterminated CDATA section; the file is truncated");
    Status s = handler_->Text(text_.substr(start, end - start));
    if (!s.ok()) return ErrorAt(pos_, s.message());
    pos_ = end + 3;
    return Status::OK();
  }

  Status Doctype() {
    size_t end = pos_ + 9;
    char quote = 0;
    for (; end < text_.size(); ++end) {
      char c = text_[end];
      if (quote) {
        if (c == quote) quote = 0;
      } else if (c == '"' || c == '\'') {
        quote = c;
      } else if (c == '[') {
        return ErrorAt(pos_, "a DOCTYPE with an internal subset (entity declarations) is refused; "
                             "coverage tools do not write one, so this file was altered");
      } else if (c == '>') {
        pos_ = end + 1;
        return Status::OK();
      }
    }
    return ErrorAt(pos_, "an unterminated DOCTYPE; the file is truncated");
  }

  Status StartTag() {
    size_t start = pos_;
    size_t i = pos_ + 1;
    size_t name_begin = i;
    while (i < text_.size() && !IsNameEnd(text_[i])) ++i;
    if (i == name_begin) return ErrorAt(start, "'<' not followed by an element name");
    std::string_view name = text_.substr(name_begin, i - name_begin);
    attributes_.clear();
    while (true) {
      while (i < text_.size() && IsSpace(text_[i])) ++i;
      if (i >= text_.size()) return ErrorAt(start, "an unterminated tag <" + std::string(name) + ">; the file is truncated");
      char c = text_[i];
      if (c == '>' || c == '/') break;
      size_t attr_begin = i;
      while (i < text_.size() && !IsNameEnd(text_[i])) ++i;
      std::string_view attr_name = text_.substr(attr_begin, i - attr_begin);
      if (attr_name.empty()) return ErrorAt(i, "malformed attribute in <" + std::string(name) + ">");
      while (i < text_.size() && IsSpace(text_[i])) ++i;
      if (i >= text_.size() || text_[i] != '=') return ErrorAt(i, "attribute " + std::string(attr_name) + " has no value");
      ++i;
      while (i < text_.size() && IsSpace(text_[i])) ++i;
      if (i >= text_.size() || (text_[i] != '"' && text_[i] != '\'')) {
        return ErrorAt(i, "attribute " + std::string(attr_name) + " value is not quoted");
      }
      char quote = text_[i++];
      size_t value_end = text_.find(quote, i);
      if (value_end == std::string_view::npos) return ErrorAt(attr_begin, "an unterminated attribute value; the file is truncated");
      std::string_view value = text_.substr(i, value_end - i);
      if (value.find('<') != std::string_view::npos) return ErrorAt(i, "'<' inside an attribute value");
      for (const auto& seen : attributes_) {
        if (seen.name == attr_name) {
          return ErrorAt(attr_begin, "duplicate attribute " + std::string(attr_name) + " in <" +
                                         std::string(name) + ">; a reader could take either value");
        }
      }
      attributes_.push_back({attr_name, value});
      i = value_end + 1;
    }
    bool self_closing = text_[i] == '/';
    if (self_closing) {
      if (i + 1 >= text_.size() || text_[i + 1] != '>') return ErrorAt(i, "expected '/>'");
      i += 2;
    } else {
      i += 1;
    }
    if (static_cast<int>(stack_.size()) >= limits_.max_depth) {
      return ErrorAt(start, "elements nested deeper than " + std::to_string(limits_.max_depth) + " levels");
    }
    pos_ = i;
    Status s = handler_->StartElement(name, attributes_, start);
    if (!s.ok()) return ErrorAt(start, s.message());
    if (self_closing) {
      s = handler_->EndElement(name);
      if (!s.ok()) return ErrorAt(start, s.message());
    } else {
      stack_.push_back(name);
    }
    return Status::OK();
  }

  Status EndTag() {
    size_t start = pos_;
    size_t gt = text_.find('>', pos_);
    if (gt == std::string_view::npos) return ErrorAt(start, "an unterminated end tag; the file is truncated");
    std::string_view name = Trim(text_.substr(pos_ + 2, gt - pos_ - 2));
    if (stack_.empty()) return ErrorAt(start, "</" + std::string(name) + "> closes nothing");
    if (stack_.back() != name) {
      return ErrorAt(start, "</" + std::string(name) + "> closes <" + std::string(stack_.back()) + ">");
    }
    stack_.pop_back();
    pos_ = gt + 1;
    Status s = handler_->EndElement(name);
    if (!s.ok()) return ErrorAt(start, s.message());
    return Status::OK();
  }

  std::string_view text_;
  const std::string& file_;
  XmlHandler* handler_;
  XmlLimits limits_;
  size_t pos_ = 0;
  std::vector<std::string_view> stack_;
  std::vector<XmlAttribute> attributes_;
};

}  // namespace

Status ReadXml(std::string_view text, const std::string& file, XmlHandler* handler, const XmlLimits& limits) {
  if (text.find('\0') != std::string_view::npos) {
    return Status::Corruption(file + ": holds NUL bytes; this is not an XML text file");
  }
  return Walker(text, file, handler, limits).Run();
}

Status DecodeXmlText(std::string_view raw, std::string* out) {
  out->clear();
  out->reserve(raw.size());
  for (size_t i = 0; i < raw.size(); ++i) {
    if (raw[i] != '&') {
      *out += raw[i];
      continue;
    }
    size_t semi = raw.find(';', i);
    if (semi == std::string_view::npos || semi - i > 12) return Status::Corruption("'&' that starts no reference");
    std::string_view ref = raw.substr(i + 1, semi - i - 1);
    if (ref == "lt") *out += '<';
    else if (ref == "gt") *out += '>';
    else if (ref == "amp") *out += '&';
    else if (ref == "quot") *out += '"';
    else if (ref == "apos") *out += '\'';
    else if (ref.size() > 1 && ref[0] == '#') {
      bool hex = ref[1] == 'x';
      std::string_view digits = ref.substr(hex ? 2 : 1);
      unsigned long code = 0;
      if (digits.empty()) return Status::Corruption("empty character reference");
      for (char c : digits) {
        int d;
        if (c >= '0' && c <= '9') d = c - '0';
        else if (hex && c >= 'a' && c <= 'f') d = c - 'a' + 10;
        else if (hex && c >= 'A' && c <= 'F') d = c - 'A' + 10;
        else return Status::Corruption("bad character reference &" + std::string(ref) + ";");
        code = code * (hex ? 16 : 10) + static_cast<unsigned long>(d);
        if (code > 0x10FFFF) return Status::Corruption("character reference out of range");
      }
      if (code == 0 || (code >= 0xD800 && code <= 0xDFFF)) return Status::Corruption("character reference to a forbidden character");
      AppendUtf8(code, out);
    } else {
      return Status::Corruption("unknown entity &" + std::string(ref) + "; (entities are not expanded)");
    }
    i = semi;
  }
  return Status::OK();
}

const XmlAttribute* FindAttribute(const std::vector<XmlAttribute>& attributes, std::string_view name) {
  for (const auto& a : attributes) {
    if (a.name == name) return &a;
  }
  return nullptr;
}

}  // namespace mlgate
