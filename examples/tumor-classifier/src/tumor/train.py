"""Training: a scaled logistic regression, saved with joblib."""
import joblib
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler


def build(c=1.0):
    if c <= 0:
        raise ValueError("regularisation strength must be positive")
    return make_pipeline(StandardScaler(), LogisticRegression(C=c, max_iter=1000))


def fit(x, y, c=1.0):
    model = build(c)
    model.fit(x, y)
    return model


def save(model, path):
    joblib.dump(model, path)
    return path
