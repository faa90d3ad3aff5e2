// Sorting a column of doubles fast: an LSD radix sort on the IEEE-754 bit patterns turned
// into unsigned keys that order as the numbers do (negative ones inverted, the sign bit of
// the others set), 11 bits a pass, skipping passes whose digit is the same for every value
// (the exponent bits of one column usually are). Only the top 33 bits are sorted by digit
// (3 passes): values that agree there differ by less than 2^-21 of themselves, so the runs
// they form are short (one value, a few neighbours, or equal values) and are finished by
// std::sort on the whole key; 3 passes and the fix-up beat 4 passes by ~3 % end to end,
// 6 full passes by more. NaN must not be present.
#pragma once

#include <vector>

#include "checks/drift/drift_data.h"

namespace mlgate::drift {

// Sorts the values of `chunks` (read in order, together) into *out, ascending. The key
// buffers are the calling thread's own and kept for its next call.
void RadixSort(const std::vector<Values>& chunks, Values* out);

}  // namespace mlgate::drift
