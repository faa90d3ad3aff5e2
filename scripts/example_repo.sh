#!/usr/bin/env bash
# Makes a git repository of examples/tumor-classifier at DEST, as a team would have it: the
# pipeline's commit, then the validation committee's approvals of the current model, each a
# commit signed with the member's SSH key (`mlgate approve`). The members' keys are made
# for the occasion in KEYS (outside the repository, as private keys are); the repository's
# .mlgate/allowed_signers binds their public halves to alice@ and bob@example.org. The
# release key in KEYS signs what `mlgate promote` puts in production (MLGATE_SIGNING_KEY);
# .mlgate/release_signers lists it for the mlgate namespace.
# `make demo` and the end-to-end tests both start from this.
#
# usage: scripts/example_repo.sh MLGATE DEST KEYS
set -euo pipefail
mlgate=$(realpath "$1")
dest=$2
keys=$3
root=$(cd "$(dirname "$0")/.." && pwd)

rm -rf "$dest"
mkdir -p "$dest" "$keys"
cp -R "$root/examples/tumor-classifier/." "$dest/"
rm -rf "$dest/mlgate-report"
mkdir -p "$dest/.mlgate"
: > "$dest/.mlgate/allowed_signers"
for member in alice bob; do
  [ -f "$keys/$member" ] || ssh-keygen -q -t ed25519 -N '' -C "$member@example.org" -f "$keys/$member"
  echo "$member@example.org namespaces=\"git\" $(cat "$keys/$member.pub")" >> "$dest/.mlgate/allowed_signers"
done
[ -f "$keys/release" ] || ssh-keygen -q -t ed25519 -N '' -C "release@example.org" -f "$keys/release"
echo "release@example.org namespaces=\"mlgate\" $(cat "$keys/release.pub")" > "$dest/.mlgate/release_signers"

# No system or user git configuration: the commits are the same on every machine.
export GIT_CONFIG_NOSYSTEM=1 HOME="$keys"
cd "$dest"
git init -q -b main
git add -A
GIT_AUTHOR_NAME=Test GIT_AUTHOR_EMAIL=test@example.org GIT_COMMITTER_NAME=Test GIT_COMMITTER_EMAIL=test@example.org \
  git -c commit.gpgsign=false commit -q -m "tumor-classifier: pipeline, evidence and policy"
for member in alice bob; do
  name="${member^}"
  GIT_AUTHOR_NAME=$name GIT_AUTHOR_EMAIL=$member@example.org \
  GIT_COMMITTER_NAME=$name GIT_COMMITTER_EMAIL=$member@example.org \
  GIT_CONFIG_COUNT=2 GIT_CONFIG_KEY_0=gpg.format GIT_CONFIG_VALUE_0=ssh \
  GIT_CONFIG_KEY_1=user.signingkey GIT_CONFIG_VALUE_1="$keys/$member" \
    "$mlgate" approve tumor-classifier --comment "Reviewed the evaluation report and the model card." >/dev/null
done
