"""Evaluation: the metrics the gate judges, written to metrics.json."""
import json
import time

from sklearn.metrics import accuracy_score, f1_score, roc_auc_score


def evaluate(model, x, y):
    start = time.perf_counter()
    predicted = model.predict(x)
    elapsed_ms = (time.perf_counter() - start) * 1000 / len(x)
    scores = model.predict_proba(x)[:, 1]
    return {
        "accuracy": round(accuracy_score(y, predicted), 4),
        "f1": round(f1_score(y, predicted), 4),
        "roc_auc": round(roc_auc_score(y, scores), 4),
        "latency_ms_per_row": round(elapsed_ms, 4),
        "test_rows": int(len(x)),
    }


def write(metrics, path):
    with open(path, "w", encoding="utf-8") as f:
        json.dump(metrics, f, indent=2, sort_keys=True)
        f.write("\n")


def main(out_model, out_metrics):  # pragma: no cover - the command-line entry
    from tumor import features, train

    x, y, _ = features.load()
    x_train, x_test, y_train, y_test = features.split(x, y)
    model = train.fit(x_train, y_train)
    train.save(model, out_model)
    write(evaluate(model, x_test, y_test), out_metrics)
