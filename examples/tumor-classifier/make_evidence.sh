#!/usr/bin/env bash
# Produces this example's evidence with the real tools, exactly as committed:
#   reports/coverage.xml   coverage.py (Debian python3-coverage 6.5.0) over the unit tests
#   models/classifier.joblib, metrics.json   training and evaluation (scikit-learn 1.2.1)
# Needs Debian's python3-sklearn and python3-coverage; `make demo` does not (it uses the
# committed files). Run from examples/tumor-classifier.
set -euo pipefail
export PYTHONPATH=src
python3-coverage erase
python3-coverage run --branch --source=src/tumor -m unittest discover -s tests -t . -q
python3-coverage report
python3-coverage xml -o reports/coverage.xml
/usr/bin/python3 -c "from tumor import evaluate; evaluate.main('models/classifier.joblib', 'metrics.json')"
cat metrics.json

# The production baseline: the model version promoted before this one (a stronger
# regularisation, C=0.05), evaluated on the same held-out split.
/usr/bin/python3 - <<'PY'
from tumor import evaluate, features, train
x, y, _ = features.load()
x_train, x_test, y_train, y_test = features.split(x, y)
evaluate.write(evaluate.evaluate(train.fit(x_train, y_train, c=0.05), x_test, y_test),
               "baseline/production_metrics.json")
PY
cat baseline/production_metrics.json
