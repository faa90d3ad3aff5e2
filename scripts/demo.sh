#!/usr/bin/env bash
# `make demo`: runs the gate on the bundled example and writes its reports. The example is
# made into a git repository of its own under build/demo (scripts/example_repo.sh), with
# the committee's signed approvals, as a team's repository would be.
# usage: scripts/demo.sh PATH/TO/mlgate
set -uo pipefail
mlgate=$(realpath "$1")
root=$(cd "$(dirname "$0")/.." && pwd)
demo="$root/build/demo"
echo "\$ scripts/example_repo.sh   (examples/tumor-classifier as a git repository in build/demo/tumor-classifier,"
echo "                             approved by alice@ and bob@example.org with their SSH keys)"
"$root/scripts/example_repo.sh" "$mlgate" "$demo/tumor-classifier" "$demo/committee-keys" || exit 2
cd "$demo/tumor-classifier"
git log --format='  %h %an: %s' | cat
echo
echo "\$ mlgate check   (in build/demo/tumor-classifier)"
"$mlgate" check
status=$?
echo
echo "exit code $status; reports in build/demo/tumor-classifier/mlgate-report/: $(ls mlgate-report | tr '\n' ' ')"
[ $status -eq 0 ] || exit $status
echo
echo "\$ MLGATE_SIGNING_KEY=../committee-keys/release mlgate promote tumor-classifier --to production --quiet"
MLGATE_SIGNING_KEY="$demo/committee-keys/release" "$mlgate" promote tumor-classifier --to production --quiet || exit $?
echo
echo "\$ mlgate status --verify"
"$mlgate" status --verify
