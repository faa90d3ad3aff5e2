#!/usr/bin/env bash
# Produces this example's evidence with the real tools, exactly as committed:
#   reports/coverage.xml   coverage.py (Debian python3-coverage 6.5.0) over the unit tests
#   models/classifier.joblib, metrics.json   training and evaluation (scikit-learn 1.2.1)
#   reports/{flake8.txt,pylint.json,mypy.txt,bandit.json,black.log,isort.log}   the code-quality
#     and security tools (Debian flake8 5.0.4, pylint 2.16.2, mypy 1.0.1, bandit 1.6.2,
#     black 23.1.0, isort 5.6.4), settings in setup.cfg
#   data/train.csv, data/test.csv, dvc.lock   the split as files, and the pipeline's hashes
#     (pipeline/split.py, pipeline/lock.sh: DVC 3's lock layout written with md5sum)
#   reports/locust_*.csv   a 30 s headless Locust 2.12.1 run against load/serve.py on loopback
# Needs Debian's python3-sklearn, python3-coverage and the tools above; `make demo` does not (it uses the
# committed files). Run from examples/tumor-classifier.
set -euo pipefail
export PYTHONPATH=src
python3-coverage erase
python3-coverage run --branch --source=src/tumor -m unittest discover -s tests -t . -q
python3-coverage report
python3-coverage xml -o reports/coverage.xml
/usr/bin/python3 -c "from tumor import evaluate; evaluate.main('models/classifier.joblib', 'metrics.json')"
/usr/bin/python3 pipeline/split.py     # data/train.csv, data/test.csv: the same split
/usr/bin/python3 - <<'PY'              # data/contract.yaml, from the data set's columns
import csv
header = next(csv.reader(open("data/train.csv")))
lines = ["# The data contract of the tumour classifier: what training, test and inference data",
         "# must look like (mlgate's schema check). The 30 measurements are non-negative reals.",
         "columns:"]
lines += [f"  {h}: {{type: float, min: 0, nullable: false}}" for h in header[:-1]]
lines.append("  target: {type: int, allowed: [0, 1], nullable: false}   # 0 malignant, 1 benign")
open("data/contract.yaml", "w").write("\n".join(lines) + "\n")
PY
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

# Code quality and security. The tools exit 1 when they find something; the gate judges.
flake8 --count src tests > reports/flake8.txt || true
pylint src/tumor --output-format=json > reports/pylint.json || true
mypy src > reports/mypy.txt || true
bandit -q -r src -f json -o reports/bandit.json || true
black --check src tests > reports/black.log 2>&1 || true
isort --check-only --verbose src tests > reports/isort.log 2>&1 || true

# The load test: the model served on loopback, 20 users for 30 s.
port=${PORT:-18090}
/usr/bin/python3 load/serve.py "$port" models/classifier.joblib 2>/dev/null & server=$!
sleep 2
locust -f load/locustfile.py --headless -u 20 -r 10 -t 30s --host "http://127.0.0.1:$port" \
  --csv reports/locust --only-summary || true
kill $server
rm -f reports/locust_exceptions.csv

# The pipeline's lock: the hashes of what each stage of dvc.yaml read and wrote.
pipeline/lock.sh
