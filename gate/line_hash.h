// GitHub code scanning's fingerprint of a source line, `primaryLocationLineHash`: a SARIF
// result carrying it keeps its alert when lines above it move (docs/FORMATS.md §2;
// the algorithm of github/codeql-action's fingerprints, which upload-sarif applies when a
// tool leaves it out — the REST upload does not, so mlgate writes it itself).
//
// Per line: a rolling hash (h = 37·h + c, mod 2^64) over the 100 UTF-16 code units starting
// at the line's first one, spaces and tabs left out, CR and CRLF read as LF, the text
// followed by 65535 and zeros; written as lowercase hex and ":n", n counting the lines of
// the file with that hash so far.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "gate/result.h"

namespace mlgate {

class Workspace;

// The hash of every line of `text` (UTF-8; invalid bytes read as U+FFFD), line 1 first. A
// text ending with a line end has one more (empty) line, as GitHub counts them.
std::vector<std::string> LineHashes(std::string_view text);

// Sets line_hash on every finding of `decision` with a path and a line, reading each file
// once through `workspace`; a file it cannot read (or a line past its end) leaves it empty.
void AddLineHashes(const Workspace& workspace, Decision* decision);

}  // namespace mlgate
