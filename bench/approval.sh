#!/usr/bin/env bash
# The approval scan against `git log --format=%B` over the same history, side by side in one
# run (never a timed test): a generated repository of 100 000 commits (git fast-import),
# each changing one of 200 source files, ten of them approvals of the current model spread
# through the history. Prints medians and the ratio.
#
# usage: bench/approval.sh BUILD_DIR [RUNS] [COMMITS]
set -euo pipefail
build=$(realpath "$1")
runs=${2:-3}
commits=${3:-100000}
root=$(cd "$(dirname "$0")/.." && pwd)
. "$root/bench/lib.sh"
data=${MLGATE_BENCH_DATA:-$root/build/bench-data}/approval-$commits
if [ ! -d "$data/.git" ]; then
  echo "generating a repository of $commits commits (git fast-import)…" >&2
  rm -rf "$data" && mkdir -p "$data" && cd "$data" && git init -q -b main
  echo "weights" > model.bin
  sha=$(sha256sum model.bin | cut -d' ' -f1)
  python3 - "$commits" "$sha" <<'PY' | git fast-import --quiet
import sys
n, sha = int(sys.argv[1]), sys.argv[2]
members = ["alice", "bob", "carol"]
out = sys.stdout
t = 1700000000
def data(s):
    b = s.encode()
    out.write(f"data {len(b)}\n"); out.write(s)
for i in range(1, n + 1):
    t += 30
    approval = i % (n // 10) == 0
    who = members[i % 3] if approval else f"dev{i % 50}"
    out.write("commit refs/heads/main\n")
    out.write(f"mark :{i}\n")
    out.write(f"author {who.title()} <{who}@example.org> {t} +0000\n")
    out.write(f"committer {who.title()} <{who}@example.org> {t} +0000\n")
    if approval:
        data(f"Approve classifier\n\nReviewed.\n\nApprove-Model: classifier@sha256:{sha}\n")
    else:
        data(f"Change {i}: adjust feature {i % 97}\n\nLonger explanation of change {i} for realism.\n")
    if i > 1:
        out.write(f"from :{i - 1}\n")
    if i == 1:
        out.write("M 100644 inline model.bin\n"); data("weights\n")
    if not approval:
        out.write(f"M 100644 inline src/mod{i % 200}.py\n"); data(f"VALUE = {i}\n")
    out.write("\n")
PY
  git reset -q --hard main
  cat > mlgate.yaml <<'YAML'
version: 1
models:
  classifier: {artifact: model.bin}
checks:
  approval:
    committee: [alice@example.org, bob@example.org, carol@example.org]
    quorum: 2
    signatures: optional
    training_code: [src/**]
    max_age_days: 3650
YAML
fi
cd "$data"
machine_line
echo "history: $(git rev-list --count HEAD) commits; median of $runs runs"
read -r ma_s ma_kb < <(measure "$build/mlgate" check --quiet --format json --report "$data/.report")
summary=$(grep -o '"summary": "[0-9]* of [^"]*"' "$data/.report/report.json" | head -1)
read -r gl_s gl_kb < <(measure sh -c "git log --format=%B > /dev/null")
printf '%-40s %8s %10s\n' what seconds "peak MiB"
printf '%-40s %8s %10s\n' "mlgate approval scan" "$ma_s" "$((ma_kb / 1024))"
printf '%-40s %8s %10s\n' "git log --format=%B" "$gl_s" "$((gl_kb / 1024))"
echo "mlgate: $summary"
awk -v a="$ma_s" -v g="$gl_s" 'BEGIN { printf "approval scan vs git log: %.2fx the time (target <= 1.00x)\n", a / g }'
