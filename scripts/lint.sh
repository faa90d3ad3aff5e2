#!/usr/bin/env bash
# The layering rule, clang-tidy (.clang-tidy) and cppcheck on mlgate's own sources; any
# finding fails.
#
# usage: scripts/lint.sh BUILD_DIR    (a configured build tree: its compile_commands.json)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "$1" && pwd)
cd "$root"
mapfile -t sources < <(git ls-files 'base/*.cc' 'gate/*.cc' 'registry/*.cc' 'checks/*.cc' 'reporters/*.cc' 'cli/*.cc' | sort -u)
[ -f "$build/compile_commands.json" ] || { echo "lint: no $build/compile_commands.json (configure the build first)" >&2; exit 2; }

scripts/check_layers.sh "$root"

echo "lint: clang-tidy on ${#sources[@]} files"
if ! printf '%s\0' "${sources[@]}" | xargs -0 -P "$(nproc)" -n 4 clang-tidy -p "$build" --quiet 2>/dev/null > "$build/clang-tidy.log"; then
  grep -E "(warning|error):" "$build/clang-tidy.log" >&2 || cat "$build/clang-tidy.log" >&2
  echo "lint: clang-tidy found the above (full output in $build/clang-tidy.log)" >&2
  exit 1
fi

echo "lint: cppcheck"
# Missing system headers are not findings: cppcheck reads only the project's.
cppcheck --std=c++20 --language=c++ --enable=warning,performance,portability --inline-suppr --quiet \
  --error-exitcode=1 -j "$(nproc)" -I . base gate registry checks reporters cli
echo "lint: clean"
