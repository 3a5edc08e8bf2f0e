import numpy as np
import pytest

from textkit.arrays import sorted_unique


@pytest.mark.parametrize("size", [0, 1, 2, 17, 1000])
def test_sorted_unique_is_numpys_unique_with_counts(size):
    values = np.random.default_rng(size).integers(0, max(1, size // 3), size=size, dtype=np.int64) << 21
    expected, expected_counts = np.unique(values, return_counts=True)
    got, counts = sorted_unique(values, counts=True)
    assert got.tolist() == expected.tolist() and counts.tolist() == expected_counts.tolist()
    assert sorted_unique(values).tolist() == expected.tolist()


def test_sorted_unique_leaves_its_input_as_it_was():
    values = np.array([5, 1, 5, 3], dtype=np.uint32)
    assert sorted_unique(values).tolist() == [1, 3, 5]
    assert values.tolist() == [5, 1, 5, 3]
