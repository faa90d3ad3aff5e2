// Sorting a column of doubles fast: an LSD radix sort on the IEEE-754 bit patterns turned
// into unsigned keys that order as the numbers do (negative ones inverted, the sign bit of
// the others set), 11 bits a pass, skipping passes whose digit is the same for every value
// (the exponent bits of one column usually are). Only the top 33 bits are sorted by digit
// (3 passes): values that agree there differ by less than 2^-21 of themselves, so the runs
// they form are short (one value, a few neighbours, or equal values) and are finished by
// std::sort on the whole key; 3 passes and the fix-up beat 4 passes by ~3 % end to end,
// 6 full passes by more. NaN must not be present.
#pragma once

#include "checks/drift/column_memory.h"

namespace mlgate::drift {

// Sorts *values ascending, in place (-0.0 before 0.0). The first pass reads the doubles
// and the last writes them back, so the only other memory is two key buffers of the
// column's size, kept for the next column sorted on any thread.
void RadixSort(Values* values);

}  // namespace mlgate::drift
