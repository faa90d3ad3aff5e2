#!/usr/bin/env bash
# `make demo`: runs the gate on the bundled example and writes its reports.
# usage: scripts/demo.sh PATH/TO/mlgate
set -uo pipefail
mlgate=$(realpath "$1")
root=$(cd "$(dirname "$0")/.." && pwd)
reports="$root/build/demo/mlgate-report"
mkdir -p "$reports"
cd "$root/examples/tumor-classifier"
echo "\$ mlgate check --report build/demo/mlgate-report   (in examples/tumor-classifier)"
"$mlgate" check --report "$reports"
status=$?
echo
echo "exit code $status; reports in build/demo/mlgate-report/: $(cd "$reports" && ls | tr '\n' ' ')"
exit $status
