#!/usr/bin/env bash
# Runs the libFuzzer targets (fuzz/README.md) of a build made with MLGATE_FUZZ=ON.
#
# usage: scripts/fuzz.sh BUILD_DIR SECONDS [TARGET...]   (default: every target)
#   SECONDS per target; the targets are the fuzz_* programs in BUILD_DIR. Each target starts from seeds made of the repository's own evidence
#   files (tests/fixtures, examples/, policies/, fuzz/seeds/) and the reproducers of crashes
#   already fixed (fuzz/regressions/TARGET, which must not crash again); what it learns is
#   kept in BUILD_DIR/fuzz-corpus/TARGET for the next run, and a crash is saved as
#   BUILD_DIR/fuzz-artifacts/TARGET-crash-… and fails the script.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "$1" && pwd)
seconds=$2
shift 2
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then  # every target built (CMakeLists.txt lists them)
  for bin in "$build"/fuzz_*; do [ -x "$bin" ] && targets+=("${bin##*/fuzz_}"); done
  [ ${#targets[@]} -gt 0 ] || { echo "fuzz: no fuzz_* in $build (cmake -DMLGATE_FUZZ=ON, see fuzz/README.md)" >&2; exit 2; }
fi

# seed DIR SELECTOR FILE...: FILE's bytes, after the SELECTOR byte when not "-" (targets
# whose first byte picks the reader).
seed() {
  local dir=$1 selector=$2
  shift 2
  for f in "$@"; do
    [ -f "$f" ] || continue
    local out="$dir/$(basename "$f").$selector"
    if [ "$selector" = - ]; then cp "$f" "$out"; else { printf "\\x$(printf %02x "$selector")"; cat "$f"; } > "$out"; fi
  done
}

make_seeds() {
  local t=$1 dir=$2 fx=$root/tests/fixtures ex=$root/examples/tumor-classifier
  rm -rf "$dir" && mkdir -p "$dir"
  case $t in
    json) seed "$dir" - "$fx"/*/*.json "$fx"/*/*.sarif "$ex"/metrics.json ;;
    policy) seed "$dir" - "$ex"/mlgate.yaml "$root"/policies/*.yaml "$ex"/data/contract.yaml "$ex"/dvc.yaml ;;
    coverage) for s in 0 1 2 3 4; do seed "$dir" $s "$fx"/coverage/*.xml "$fx"/coverage/*.info "$fx"/coverage/*.json "$ex"/reports/coverage.xml; done ;;
    lint) for s in $(seq 0 10); do seed "$dir" $s "$fx"/lint/*.json "$fx"/lint/*.jsonl "$fx"/lint/*.txt "$fx"/lint/*.log "$fx"/lint/*.sarif; done ;;
    metrics) seed "$dir" 0 "$ex"/metrics.json "$ex"/baseline/production_metrics.json; seed "$dir" 1 "$ex"/dvc.yaml ;;
    dvc) seed "$dir" 0 "$fx"/dvc/*.lock "$ex"/dvc.lock; seed "$dir" 1 "$fx"/dvc/dvc.yaml "$ex"/dvc.yaml ;;
    locust) seed "$dir" 0 "$fx"/load/*stats.csv "$fx"/load/run.json; seed "$dir" 1 "$fx"/load/*failures.csv; seed "$dir" 2 "$fx"/load/*history.csv ;;
    csv_drift) seed "$dir" - "$ex"/data/test.csv "$fx"/load/run_stats.csv "$fx"/load/run_stats_history.csv ;;
  esac
  if [ -d "$root/fuzz/seeds/$t" ]; then cp "$root/fuzz/seeds/$t"/* "$dir"/; fi
}

mkdir -p "$build/fuzz-artifacts"
failed=()
for t in "${targets[@]}"; do
  bin=$build/fuzz_$t
  [ -x "$bin" ] || { echo "fuzz: $bin is not built (cmake -DMLGATE_FUZZ=ON, see fuzz/README.md)" >&2; exit 2; }
  corpus=$build/fuzz-corpus/$t
  seeds=$build/fuzz-seeds/$t
  mkdir -p "$corpus"
  make_seeds "$t" "$seeds"
  extra=()
  [ -d "$root/fuzz/regressions/$t" ] && extra+=("$root/fuzz/regressions/$t")
  log=$build/fuzz-artifacts/$t.log
  echo "fuzz: $t for ${seconds}s (log: $log)"
  # -rss_limit_mb: memory stays bounded on any input; -timeout: no input takes 10 s.
  if ASAN_OPTIONS=detect_leaks=1 "$bin" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
      -max_len=65536 -print_final_stats=1 -artifact_prefix="$build/fuzz-artifacts/$t-" \
      "$corpus" "$seeds" "${extra[@]}" > "$log" 2>&1; then
    grep -E "^stat::(number_of_executed_units|peak_rss_mb|new_units_added)|cov: " "$log" | tail -4 | sed 's/^/  /'
  else
    echo "fuzz: $t FAILED; the input is in $build/fuzz-artifacts/, the log in $log:" >&2
    grep -E "ERROR|SUMMARY|Test unit written" "$log" | head -5 >&2
    failed+=("$t")
  fi
done
[ ${#failed[@]} -eq 0 ] || { echo "fuzz: crashes in ${failed[*]}" >&2; exit 1; }
