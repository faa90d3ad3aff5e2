// Row fingerprints for the isolation check: a row is reduced to the normal form two equal
// rows share — blanks trimmed, numbers by exact decimal value (1.0, 1, 1.00e0 and +1 are
// one number; 0.1 and 0.10000000000000001 are two), text as written — and hashed with
// XXH3-128. Neither side is ever held as text; a collision needs ~2^64 rows.
#pragma once

#include <xxhash.h>

#include <string>
#include <string_view>
#include <vector>

namespace mlgate {

struct Fingerprint {
  unsigned long long high = 0, low = 0;
  auto operator<=>(const Fingerprint&) const = default;
};

// Appends the normal form of one field to *out (a type tag, then the canonical value).
void AppendNormalField(std::string_view field, std::string* out);

// A 64-bit hash of one field's normal form: equal fields hash equal.
unsigned long long FieldHash(std::string_view field, std::string* scratch);

// The fingerprint of the fields at `columns` (in that order); `scratch` is reused.
Fingerprint FingerprintRow(const std::vector<std::string_view>& fields, const std::vector<int>& columns,
                           std::string* scratch);

}  // namespace mlgate
