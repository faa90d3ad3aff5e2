#!/usr/bin/env bash
# Load-tests the dashboard (`mlgate serve`) with Locust on loopback: 40 gate runs of the
# example in a reports directory, headless Locust with USERS users for SECONDS seconds, then
# requests per second, p95 latency and failures per page (never a timed test).
#
# usage: bench/serve.sh BUILD_DIR [USERS] [SECONDS]    (BUILD_DIR holds mlgate: `make build`)
# needs: Debian's python3-locust
set -euo pipefail
command -v locust >/dev/null || { echo "bench/serve.sh needs Locust: apt-get install python3-locust" >&2; exit 2; }
build=$(realpath "$1")
users=${2:-20}
seconds=${3:-20}
root=$(cd "$(dirname "$0")/.." && pwd)
runs=1
data=$root/build/bench-serve
. "$root/bench/lib.sh"
rm -rf "$data" && mkdir -p "$data"
"$root/scripts/example_repo.sh" "$build/mlgate" "$data/example" "$data/keys" >/dev/null
for i in $(seq -w 1 40); do
  (cd "$data/example" && "$build/mlgate" check --quiet --report "$data/reports/run-$i" >/dev/null) || true
done
(cd "$data/example" && exec "$build/mlgate" serve --reports "$data/reports" --listen 127.0.0.1:0 >"$data/serve.out" 2>&1) &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 50); do grep -q serving "$data/serve.out" 2>/dev/null && break; sleep 0.1; done
url=$(grep -o 'http://127.0.0.1:[0-9]*' "$data/serve.out")
machine_line
echo "load:    locust --headless, $users users, ${seconds}s, loopback, 40 runs listed"
locust -f "$root/bench/locustfile_serve.py" --headless -u "$users" -r "$users" -t "${seconds}s" --host "$url" \
  --csv "$data/locust" --only-summary >/dev/null 2>&1 || true
printf '\n%-14s %10s %10s %8s %8s\n' "page" "requests" "req/s" "p95 ms" "failed"
/usr/bin/python3 - "$data/locust_stats.csv" <<'PY'
import csv, sys
for row in csv.DictReader(open(sys.argv[1])):
    print("%-14s %10s %10.1f %8s %8s" % (row["Name"], row["Request Count"], float(row["Requests/s"]),
                                        row["95%"], row["Failure Count"]))
PY
