import unittest

from tumor import features


class FeaturesTest(unittest.TestCase):
    def test_load_shape(self):
        x, y, names = features.load()
        self.assertEqual(x.shape, (569, 30))
        self.assertEqual(len(names), 30)

    def test_split_is_stratified_and_reproducible(self):
        x, y, _ = features.load()
        a = features.split(x, y)
        b = features.split(x, y)
        self.assertEqual(len(a[1]), 143)
        self.assertTrue((a[3] == b[3]).all())

    def test_split_rejects_bad_size(self):
        x, y, _ = features.load()
        with self.assertRaises(ValueError):
            features.split(x, y, test_size=1.5)

    def test_select(self):
        x, _, names = features.load()
        self.assertEqual(features.select(x, names, ["mean radius"]).shape, (569, 1))
