// A streaming XML reader for evidence files (Cobertura, JaCoCo). It walks the document once
// and calls a handler per element, never building a tree, so a 160 MB coverage report is
// read in about the time it takes to scan it and in no memory beyond its bytes (a DOM such
// as pugixml's needs about 6x the file size on that report).
//
// It reads the XML that coverage tools write and refuses the rest, by design:
//  - a DOCTYPE is allowed only without an internal subset: no entity declarations, so no
//    entity expansion of any kind (billion laughs, external entities);
//  - references are the five predefined entities and numeric character references;
//  - duplicate attributes, mismatched tags, depth over a limit and trailing content after
//    the root element are errors.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace mlgate {

struct XmlAttribute {
  std::string_view name;
  std::string_view raw_value;  // still escaped: use DecodeXmlText when it may hold '&'
};

class XmlHandler {
 public:
  virtual ~XmlHandler() = default;
  // `offset` is the byte offset of '<' in the document, for error positions.
  virtual Status StartElement(std::string_view name, const std::vector<XmlAttribute>& attributes,
                              size_t offset) = 0;
  virtual Status EndElement(std::string_view name) = 0;
  // Character data between tags, still escaped (CDATA sections arrive unescaped).
  virtual Status Text(std::string_view) { return Status::OK(); }
};

struct XmlLimits {
  int max_depth = 256;
};

// Reads `text` (the contents of `file`), calling `handler`. Errors name file:line:col.
// A handler error stops the walk and is returned with the position of the element.
Status ReadXml(std::string_view text, const std::string& file, XmlHandler* handler,
               const XmlLimits& limits = {});

// Decodes &lt; &gt; &amp; &quot; &apos; and &#N; / &#xN; into UTF-8.
Status DecodeXmlText(std::string_view raw, std::string* out);

// The value of attribute `name`, or nullptr.
const XmlAttribute* FindAttribute(const std::vector<XmlAttribute>& attributes, std::string_view name);

}  // namespace mlgate
