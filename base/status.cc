#include "base/status.h"
// Status is header-only today; this unit keeps a place for non-inline helpers.
