#!/usr/bin/env bash
# The drift check against the pandas + scipy script a data scientist would write
# (../shared/bench/drift_pandas.py), side by side in one run on the same machine (never a
# timed test): reference train.csv and current.csv of ../shared/bench/gen.py (2M rows each,
# 16 float and 4 categorical columns; f00 f02 f04 f09 f12 and c1 drifted). Prints medians,
# peak memory, the ratio, and whether mlgate flags exactly the drifted columns.
#
# usage: bench/drift.sh BUILD_DIR [RUNS]    (BUILD_DIR holds mlgate; `make build` makes build/release)
# env:   MLGATE_SHARED, MLGATE_BENCH_DATA as for bench/run.sh
# needs: Debian's python3-numpy, python3-pandas, python3-scipy
set -euo pipefail
/usr/bin/python3 -c 'import numpy, pandas, scipy' 2>/dev/null ||
  { echo "bench/drift.sh needs apt-get install python3-numpy python3-pandas python3-scipy" >&2; exit 2; }
build=$(realpath "$1")
runs=${2:-3}
root=$(cd "$(dirname "$0")/.." && pwd)
. "$root/bench/lib.sh"
shared=${MLGATE_SHARED:-$root/../shared}
data=${MLGATE_BENCH_DATA:-$root/build/bench-data}
mkdir -p "$data"
if [ ! -f "$data/current.csv" ]; then
  echo "generating train/test/current CSV (gen.py --only csv, ~1 min)…" >&2
  /usr/bin/python3 "$shared/bench/gen.py" --out "$data" --only csv >&2
fi


dr=$data/drift && mkdir -p "$dr"
ln -f "$data/train.csv" "$dr/train.csv" && ln -f "$data/current.csv" "$dr/current.csv"
cat > "$dr/mlgate.yaml" <<'YAML'
version: 1
checks:
  drift: {reference: train.csv, current: current.csv, exclude: [id]}
YAML

machine_line
echo "data:    train.csv $(( $(stat -c %s "$data/train.csv") / 1000000 )) MB, current.csv $(( $(stat -c %s "$data/current.csv") / 1000000 )) MB; page cache warm; median of $runs runs"
cat "$data/train.csv" "$data/current.csv" >/dev/null

read -r md_s md_kb < <(cd "$dr" && measure "$build/mlgate" check --quiet --format json --report "$dr/report")
flagged=$(/usr/bin/python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
print(" ".join(sorted(f["message"].split()[0] for f in d["checks"][0]["findings"] if f["rule"] == "drift:feature")))
' "$dr/report/report.json")
truth=$(/usr/bin/python3 -c '
import json, sys
g = json.load(open(sys.argv[1]))["ground_truth"]
print(" ".join(sorted(g["drifted_float_columns"] + g["drifted_categorical_columns"])))
' "$data/MANIFEST.json")
read -r pd_s pd_kb < <(measure /usr/bin/python3 "$shared/bench/drift_pandas.py" "$data/train.csv" "$data/current.csv")

printf '\n%-52s %9s %10s\n' "what" "seconds" "peak MiB"
row() { printf '%-52s %9s %10d\n' "$1" "$2" $(($3 / 1024)); }
row "mlgate drift (parse, KS+W1+PSI / chi2+JS+PSI, verdict)" "$md_s" "$md_kb"
row "pandas + scipy (drift_pandas.py)" "$pd_s" "$pd_kb"
echo
echo "mlgate flags: $flagged"
echo "drifted:      $truth ($( [ "$flagged" = "$truth" ] && echo same || echo DIFFERENT))"
awk -v a="$md_s" -v b="$pd_s" -v am="$md_kb" -v bm="$pd_kb" 'BEGIN {
  printf "drift vs pandas + scipy: %.1fx faster (target >= 30x), memory %.0f%% of pandas (target <= 100%%)\n", b / a, 100 * am / bm
}'

# The current data cut into 30 daily windows by a timestamp column, each judged against the
# whole reference (mlgate alone: the pandas script has no windows).
dw=$data/drift-windows && mkdir -p "$dw"
ln -f "$data/train.csv" "$dw/train.csv"
if [ ! -f "$dw/current.csv" ]; then
  awk 'BEGIN { FS = OFS = "," } NR == 1 { print "ts", $0; next }
       { print strftime("%Y-%m-%dT%H:%M:%SZ", 1793491200 + int((NR - 2) * 30 * 86400 / 2000000), 1), $0 }' \
    "$data/current.csv" > "$dw/current.csv"
fi
cat > "$dw/mlgate.yaml" <<'YAML'
version: 1
checks:
  drift: {reference: train.csv, current: current.csv, exclude: [id], timestamp: ts, window: 1d,
          budget: {max_drifted_share: 0.25, max_drifted_windows: 40}}
YAML
read -r mw_s mw_kb < <(cd "$dw" && measure "$build/mlgate" check --quiet --format json --report "$dw/report")
windows=$(/usr/bin/python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
print(int(next(m["value"] for m in d["checks"][0]["measurements"] if m["name"] == "drifted_windows")))
' "$dw/report/report.json")
echo
row "mlgate drift, current cut into 30 daily windows" "$mw_s" "$mw_kb"
echo "drifted windows: $windows of 30 (six of the 20 features drift in every window)"
