// Sorting a column of doubles fast: an LSD radix sort on the IEEE-754 bit patterns turned
// into unsigned keys that order as the numbers do (negative ones inverted, the sign bit of
// the others set), 8 bits a pass, skipping passes whose digit is the same for every value
// (the exponent bits of one column usually are). Only the top 32 bits are sorted by digit
// (4 passes): values that agree there differ by less than 2^-20 of themselves, so the runs
// they form are short (one value, a few neighbours, or equal values) and are finished by
// std::sort on the whole key. Measured on the drift bench (A/B, user time): 4 passes of
// 8 bits beat 3 of 11 bits by ~6 % and 3 of 10 by ~4 % (a pass scattering into 2048
// buckets keeps more lines open than the cache holds); 4 of 11 and 16-bit digits lost.
// NaN must not be present.
#pragma once

#include "checks/drift/column_memory.h"

namespace mlgate::drift {

// Sorts *values ascending, in place (-0.0 before 0.0). The first pass reads the doubles
// and the last writes them back, so the only other memory is two key buffers of the
// column's size, kept for the next column sorted on any thread.
void RadixSort(Values* values);

// Sorts decimals (sample.h) ascending, in place: keys are the values less the smallest,
// sorted in as few passes of up to 9 bits as the bits they span need (six decimals within
// ±8 span 24 bits: three passes of 8; within 0–105, 27 bits: three of 9), exactly: no runs
// left to finish. Same key buffers. Measured on 2M values (best of 7): 9-bit digits beat
// 8-bit ones where they save a pass (27 bits: 9.3 vs 14.0 ms), and 10- to 13-bit ones lose
// (29 bits in three passes of 10: 16.5 ms, in four of 8: 11.7 ms).
void RadixSort(Decimals* values);

}  // namespace mlgate::drift
