"""A small, real model: predicts malignant tumours from the Wisconsin breast cancer data
that ships with scikit-learn (no download). The pipeline is what a team's would be:
features, training, evaluation, each tested."""
