#!/usr/bin/env bash
# The data checks against what a data scientist would otherwise run, side by side in one
# run on the same machine (never a timed test): test-set isolation, CSV parsing, and
# hashing a tracked tree as DVC does. Prints medians, peak memory and ratios.
#
# usage: bench/data.sh BUILD_DIR [RUNS]     (BUILD_DIR holds mlgate and mlgate_bench_csv)
# env:   MLGATE_SHARED, MLGATE_BENCH_DATA as for bench/run.sh
# needs: Debian's python3-numpy, python3-pandas; coreutils md5sum, sort, comm
set -euo pipefail
build=$(realpath "$1")
runs=${2:-3}
root=$(cd "$(dirname "$0")/.." && pwd)
. "$root/bench/lib.sh"
shared=${MLGATE_SHARED:-$root/../shared}
data=${MLGATE_BENCH_DATA:-$root/build/bench-data}
mkdir -p "$data"
if [ ! -f "$data/train.csv" ]; then
  echo "generating train/test/current CSV (gen.py --only csv, ~1 min)…" >&2
  /usr/bin/python3 "$shared/bench/gen.py" --out "$data" --only csv >&2
fi
if [ ! -d "$data/tree" ]; then
  echo "generating the 2 GiB tree (gen.py --only tree)…" >&2
  /usr/bin/python3 "$shared/bench/gen.py" --out "$data" --only tree >&2
fi


# One repository per measurement, so each mlgate run does only the check measured.
iso=$data/isolation && mkdir -p "$iso/data"
ln -f "$data/train.csv" "$iso/data/train.csv" && ln -f "$data/test.csv" "$iso/data/test.csv"
cat > "$iso/mlgate.yaml" <<'YAML'
version: 1
checks:
  isolation: {train: data/train.csv, test: data/test.csv, max_overlap: 1000000}
YAML
rep=$data/repro && mkdir -p "$rep"
[ -e "$rep/tree" ] || cp -al "$data/tree" "$rep/tree"
if [ ! -f "$rep/dvc.lock" ]; then
  tree_md5=$(/usr/bin/python3 "$shared/bench/hash_tree.py" "$rep/tree" --jobs 2 | sed 's/.*tree=\([^ ]*\).*/\1/')
  printf "schema: '2.0'\nstages:\n  gen:\n    cmd: gen.py\n    outs:\n    - path: tree\n      hash: md5\n      md5: %s\n" \
    "$tree_md5" > "$rep/dvc.lock"
fi
cat > "$rep/mlgate.yaml" <<'YAML'
version: 1
checks:
  reproducibility: {lock: dvc.lock}
YAML

lck=$data/lock && mkdir -p "$lck"
[ -e "$lck/tree" ] || cp -al "$data/tree" "$lck/tree"
cat > "$lck/mlgate.yaml" <<'YAML'
version: 1
checks:
  reproducibility: {files: ["tree/**"]}
YAML

machine_line
echo "data:    train.csv $(( $(stat -c %s "$data/train.csv") / 1000000 )) MB, test.csv $(( $(stat -c %s "$data/test.csv") / 1000000 )) MB, tree $(du -sm "$data/tree" | cut -f1) MiB; page cache warm; median of $runs runs"
cat "$data/train.csv" "$data/test.csv" >/dev/null

read -r mi_s mi_kb < <(cd "$iso" && measure "$build/mlgate" check --quiet --format json --report "$iso/report")
found=$(awk '/"name": "overlap_rows"/ {hit = 1} hit && /"value"/ {match($0, /[0-9]+/); print substr($0, RSTART, RLENGTH); exit}' "$iso/report/report.json")
read -r ph_s ph_kb < <(measure /usr/bin/python3 "$shared/bench/dup_pandas.py" "$data/train.csv" "$data/test.csv" --method hash)
read -r sc_s sc_kb < <(measure bash "$shared/bench/sort_comm.sh" "$data/train.csv" "$data/test.csv")
read -r mc_s mc_kb < <(measure "$build/mlgate_bench_csv" "$data/train.csv")
read -r pr_s pr_kb < <(measure /usr/bin/python3 "$shared/bench/read_csv.py" "$data/train.csv")
find "$rep/tree" -type f -print0 | xargs -0 cat >/dev/null
read -r mh_s mh_kb < <(cd "$rep" && measure "$build/mlgate" check --quiet --format json --report "$rep/report")
verdict=$(grep -o '"verdict": "[a-z]*"' "$rep/report/report.json")
read -r md_s md_kb < <(measure sh -c "find '$rep/tree' -type f -print0 | xargs -0 md5sum")
read -r py_s py_kb < <(measure /usr/bin/python3 "$shared/bench/hash_tree.py" "$rep/tree" --jobs 1)
read -r ml_s ml_kb < <(cd "$lck" && measure "$build/mlgate" lock)
read -r ss_s ss_kb < <(measure sh -c "find '$lck/tree' -type f -print0 | xargs -0 sha256sum")

printf '\n%-44s %9s %10s\n' "what" "seconds" "peak MiB"
row() { printf '%-44s %9s %10d\n' "$1" "$2" $(($3 / 1024)); }
row "mlgate isolation (found $found)" "$mi_s" "$mi_kb"
row "pandas row hashing (dup_pandas.py --hash)" "$ph_s" "$ph_kb"
row "sort | comm (sort_comm.sh)" "$sc_s" "$sc_kb"
row "mlgate CSV parse of train (all numbers)" "$mc_s" "$mc_kb"
row "pandas.read_csv of train" "$pr_s" "$pr_kb"
row "mlgate reproducibility, tree as DVC ($verdict)" "$mh_s" "$mh_kb"
row "md5sum over the tree (one process)" "$md_s" "$md_kb"
row "DVC-style Python md5 (hash_tree.py)" "$py_s" "$py_kb"
row "mlgate lock, sha256 of the tree" "$ml_s" "$ml_kb"
row "sha256sum over the tree (one process)" "$ss_s" "$ss_kb"
echo
awk -v a="$mi_s" -v b="$ph_s" -v am="$mi_kb" -v bm="$ph_kb" -v c="$mc_s" -v d="$pr_s" -v e="$mh_s" -v f="$md_s" -v g="$ml_s" \
    -v tree="$(du -sb "$data/tree" | cut -f1)" 'BEGIN {
  printf "isolation vs pandas row hashing: %.1fx faster (target >= 20x), memory %.0f%% of pandas (target < 50%%)\n", b / a, 100 * am / bm
  printf "CSV parse vs pandas.read_csv:     %.1fx faster (target >= 10x)\n", d / c
  printf "tree hashing vs one md5sum:       %.2fx faster (target >= 1.8x), %.2f GB/s\n", f / e, tree / e / 1e9
  printf "mlgate lock (sha256):             %.2f GB/s (target >= 2.5 GB/s)\n", tree / g / 1e9
}'
