"""The split as data files (data/train.csv, data/test.csv): what the isolation check reads."""
import csv

from tumor import features


def write(path, x, y, names):
    with open(path, "w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle)
        out.writerow(names + ["target"])
        for row, label in zip(x, y):
            out.writerow([repr(float(v)) for v in row] + [int(label)])


def main():  # pragma: no cover - the command-line entry
    x, y, names = features.load()
    x_train, x_test, y_train, y_test = features.split(x, y)
    write("data/train.csv", x_train, y_train, names)
    write("data/test.csv", x_test, y_test, names)


if __name__ == "__main__":  # pragma: no cover
    main()
