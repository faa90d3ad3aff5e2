import os
import tempfile
import unittest

from tumor import evaluate, features, train


class ModelTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        x, y, _ = features.load()
        cls.x_train, cls.x_test, cls.y_train, cls.y_test = features.split(x, y)
        cls.model = train.fit(cls.x_train, cls.y_train)

    def test_accuracy_is_sane(self):
        metrics = evaluate.evaluate(self.model, self.x_test, self.y_test)
        self.assertGreater(metrics["accuracy"], 0.9)
        self.assertEqual(metrics["test_rows"], 143)

    def test_build_rejects_bad_c(self):
        with self.assertRaises(ValueError):
            train.build(0)

    def test_save_and_write(self):
        with tempfile.TemporaryDirectory() as d:
            path = train.save(self.model, os.path.join(d, "m.joblib"))
            self.assertTrue(os.path.getsize(path) > 0)
            evaluate.write({"accuracy": 1.0}, os.path.join(d, "m.json"))
