#!/usr/bin/env bash
# The layering rule of ARCHITECTURE.md, enforced: a file includes project headers only from its
# own folder or from folders below it. Siblings (checks/ and reporters/) do not include each
# other. Run by `make lint` and as the ctest `ArchitectureLayers`.
#
# usage: scripts/check_layers.sh [source-dir]   (exit 1 and one line per violation)
set -euo pipefail
cd "${1:-$(dirname "$0")/..}"

# Rank of each folder; a file may include a header of a lower rank or of its own folder.
declare -A rank=([base]=0 [gate]=1 [registry]=2 [checks]=3 [reporters]=3 [cli]=4)

violations=0
for folder in "${!rank[@]}"; do
  while IFS=: read -r file line include; do
    target=${include#*\"}
    target=${target%%/*}
    [[ -n ${rank[$target]+x} ]] || continue  # a system or third-party header
    [[ $target == "$folder" ]] && continue
    if ((rank[$target] >= rank[$folder])); then
      echo "$file:$line: $folder/ (layer ${rank[$folder]}) includes $target/ (layer ${rank[$target]}): ${include#*#}" >&2
      violations=$((violations + 1))
    fi
  done < <(grep -rnE '^#include "' "$folder" --include='*.h' --include='*.cc' || true)
done
if ((violations > 0)); then
  echo "check_layers: $violations include(s) break the layering rule (ARCHITECTURE.md)" >&2
  exit 1
fi
echo "check_layers: every include follows the layering rule"
