#!/usr/bin/env bash
# Writes dvc.lock for dvc.yaml in DVC 3's layout (schema 2.0, `hash: md5`, entries sorted
# by path), with md5sum and stat: DVC itself is not a Debian package. For files, DVC 3's
# md5 is the md5 of the bytes, which is what md5sum prints. Run from the example's root.
set -euo pipefail
entry() {
  printf '    - path: %s\n      hash: md5\n      md5: %s\n      size: %s\n' \
    "$1" "$(md5sum < "$1" | cut -d' ' -f1)" "$(stat -c %s "$1")"
}
{
  echo "schema: '2.0'"
  echo "stages:"
  echo "  split:"
  echo "    cmd: python pipeline/split.py"
  echo "    deps:"
  entry pipeline/split.py
  entry src/tumor/features.py
  echo "    outs:"
  entry data/test.csv
  entry data/train.csv
  echo "  train:"
  echo "    cmd: python -c \"from tumor import evaluate; evaluate.main('models/classifier.joblib', 'metrics.json')\""
  echo "    deps:"
  entry data/train.csv
  entry src/tumor/features.py
  entry src/tumor/train.py
  echo "    outs:"
  entry models/classifier.joblib
} > dvc.lock
