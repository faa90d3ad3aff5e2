// docs: the README and the model card exist, say something, and have the sections the
// policy requires (matched on Markdown headings, case-insensitive). A missing or empty
// document, a missing section, or a required section with nothing under it is a finding.
#pragma once

#include <memory>

#include "gate/check.h"

namespace mlgate {

extern const char kDocsHelp[];
std::unique_ptr<Check> NewDocsCheck();

}  // namespace mlgate
