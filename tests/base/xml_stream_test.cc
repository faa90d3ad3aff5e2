#include "base/xml_stream.h"

#include <gtest/gtest.h>

#include "tests/testing/test_util.h"

namespace mlgate {
namespace {

class Recorder : public XmlHandler {
 public:
  Status StartElement(std::string_view name, const std::vector<XmlAttribute>& attributes, size_t) override {
    events += "<" + std::string(name);
    for (const auto& a : attributes) events += " " + std::string(a.name) + "=" + std::string(a.raw_value);
    events += ">";
    return Status::OK();
  }
  Status EndElement(std::string_view name) override {
    events += "</" + std::string(name) + ">";
    return Status::OK();
  }
  Status Text(std::string_view text) override {
    text_ += text;
    return Status::OK();
  }
  std::string events, text_;
};

Status Read(const std::string& xml, Recorder* r = nullptr) {
  Recorder scratch;
  return ReadXml(xml, "c.xml", r ? r : &scratch);
}

TEST(XmlStreamTest, WalksElementsAttributesAndText) {
  Recorder r;
  ASSERT_OK(Read("<?xml version=\"1.0\"?>\n<!DOCTYPE coverage SYSTEM 'http://x/coverage-04.dtd'>\n"
                 "<!-- c --><a x=\"1\" y='2'><b/><s>/src<![CDATA[<raw>]]></s></a>\n", &r));
  EXPECT_EQ(r.events, "<a x=1 y=2><b></b><s></s></a>");
  EXPECT_EQ(r.text_, "/src<raw>");
}

TEST(XmlStreamTest, RefusesEntityDeclarations) {
  Status s = Read("<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [<!ENTITY lol \"lol\">]>\n<a>&lol;</a>");
  EXPECT_EQ(s.message(), "c.xml:2:1: a DOCTYPE with an internal subset (entity declarations) is refused; "
                         "coverage tools do not write one, so this file was altered");
  Status e = Read("<!DOCTYPE x [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><a b=\"&x;\"/>");
  EXPECT_FALSE(e.ok());
}

TEST(XmlStreamTest, StructuralErrorsNameThePosition) {
  EXPECT_EQ(Read("<a>\n  <b></c>\n</a>").message(), "c.xml:2:6: </c> closes <b>");
  EXPECT_EQ(Read("<a x=\"1\" x=\"2\"/>").message(),
            "c.xml:1:10: duplicate attribute x in <a>; a reader could take either value");
  EXPECT_EQ(Read("<a><b>").message(), "c.xml:1:7: the document ends inside <b>; the file is truncated");
  EXPECT_EQ(Read("<a/><b/>").message(), "c.xml:1:5: a second root element");
  EXPECT_EQ(Read("").message(), "c.xml:1:1: no root element; the file is empty or not XML");
  EXPECT_EQ(Read("hello").message(), "c.xml:1:1: text before the root element");
  EXPECT_FALSE(Read("<a x=\"1/>").ok());
  EXPECT_FALSE(Read(std::string("<a>\0</a>", 8)).ok());
}

TEST(XmlStreamTest, DepthIsBounded) {
  std::string deep;
  for (int i = 0; i < 1000000; ++i) deep += "<a>";
  Status s = Read(deep);
  EXPECT_NE(s.message().find("nested deeper than 256 levels"), std::string::npos);
}

TEST(XmlStreamTest, DecodesOnlyPredefinedAndNumericReferences) {
  std::string out;
  ASSERT_OK(DecodeXmlText("a&lt;b&amp;c&#65;&#x42;&quot;", &out));
  EXPECT_EQ(out, "a<b&cAB\"");
  EXPECT_EQ(DecodeXmlText("&x;", &out).message(), "unknown entity &x; (entities are not expanded)");
  EXPECT_FALSE(DecodeXmlText("&#0;", &out).ok());
  EXPECT_FALSE(DecodeXmlText("&#x110000;", &out).ok());
  EXPECT_FALSE(DecodeXmlText("a & b", &out).ok());
}

}  // namespace
}  // namespace mlgate
