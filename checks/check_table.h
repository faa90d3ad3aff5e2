// mlgate's check table: one row per check, in the order reports list them. The command line
// hands it to the engine (gate/engine.h), which never names a check itself.
#pragma once

#include <vector>

#include "gate/check.h"

namespace mlgate {

const std::vector<CheckInfo>& AllChecks();

}  // namespace mlgate
