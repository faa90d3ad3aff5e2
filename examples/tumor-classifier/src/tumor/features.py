"""Loading and splitting the data set."""
import numpy as np
from sklearn.datasets import load_breast_cancer
from sklearn.model_selection import train_test_split

SEED = 42


def load():
    data = load_breast_cancer()
    # pylint cannot infer scikit-learn's Bunch and takes it for a tuple.
    # pylint: disable-next=no-member
    return data.data, data.target, list(data.feature_names)


def split(x, y, test_size=0.25):
    if not 0 < test_size < 1:
        raise ValueError("test_size must be between 0 and 1")
    return train_test_split(x, y, test_size=test_size, random_state=SEED, stratify=y)


def select(x, names, wanted):
    missing = [w for w in wanted if w not in names]
    if missing:
        raise KeyError(f"unknown features: {missing}")
    idx = [names.index(w) for w in wanted]
    return np.asarray(x)[:, idx]
