#!/usr/bin/env bash
# Benchmarks mlgate against the tools a data scientist would otherwise use, side by side in
# one run on the same machine (never as a timed test). Prints medians and ratios.
#
# usage: bench/run.sh PATH/TO/mlgate [RUNS]
# env:   MLGATE_SHARED  the shared/ folder with bench/gen.py and the anchors (default ../shared)
#        MLGATE_BENCH_DATA  where generated data lives (default build/bench-data)
# needs: Debian's python3-numpy, python3-pandas (gen.py), libxml2-utils (xmllint)
set -euo pipefail
mlgate=$(realpath "$1")
runs=${2:-3}
root=$(cd "$(dirname "$0")/.." && pwd)
. "$root/bench/lib.sh"
shared=${MLGATE_SHARED:-$root/../shared}
data=${MLGATE_BENCH_DATA:-$root/build/bench-data}
mkdir -p "$data"

if [ ! -f "$data/coverage.xml" ]; then
  echo "generating the 160 MB Cobertura report (gen.py --xml --only xml)…" >&2
  /usr/bin/python3 "$shared/bench/gen.py" --out "$data" --xml --only xml >&2
fi
cat > "$data/mlgate.yaml" <<'YAML'
version: 1
checks:
  coverage:
    report: coverage.xml
    min_line: 0
YAML


size=$(stat -c %s "$data/coverage.xml")
machine_line
echo "file:    coverage.xml, $((size / 1000000)) MB, files in the page cache, median of $runs runs"
cat "$data/coverage.xml" >/dev/null

read -r m_s m_kb < <(cd "$data" && measure "$mlgate" check --quiet --format json --report "$data/report")
read -r e_s e_kb < <(measure /usr/bin/python3 "$shared/bench/xml_cov.py" "$data/coverage.xml")
read -r x_s x_kb < <(measure xmllint --stream --noout "$data/coverage.xml")

line=$(grep -o '"value": [0-9.e+-]*' "$data/report/report.json" | head -1 | cut -d' ' -f2)
printf '\n%-34s %9s %11s\n' "tool" "seconds" "peak MiB"
printf '%-34s %9s %11d\n' "mlgate check (coverage)" "$m_s" $((m_kb / 1024))
printf '%-34s %9s %11d\n' "python ElementTree (xml_cov.py)" "$e_s" $((e_kb / 1024))
printf '%-34s %9s %11d\n' "xmllint --stream" "$x_s" $((x_kb / 1024))
echo
awk -v m="$m_s" -v e="$e_s" -v x="$x_s" -v mk="$m_kb" -v sz="$size" 'BEGIN {
  printf "mlgate vs ElementTree: %.1fx faster (target >= 10x)\n", e / m
  printf "mlgate vs xmllint --stream: %.2fx (target >= 1.0x, i.e. no slower)\n", x / m
  printf "mlgate peak memory: %.2fx the file size (target < 3x)\n", mk * 1024 / sz
}'
echo "mlgate line_coverage: $line %"
