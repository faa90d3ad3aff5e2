// drift: production data has not drifted from the training data beyond the drift budget
// (post-deploy monitoring). The statistics are in checks/drift/.
#pragma once

#include <memory>

#include "gate/check.h"

namespace mlgate {

extern const char kDriftHelp[];
std::unique_ptr<Check> NewDriftCheck();

}  // namespace mlgate
