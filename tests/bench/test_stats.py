from __future__ import annotations

import pytest

from pregame.bench.stats import evenly, median, percentile


def test_percentile_interpolates_between_closest_ranks() -> None:
    values = [4.0, 1.0, 3.0, 2.0]
    assert percentile(values, 0) == 1.0
    assert percentile(values, 100) == 4.0
    assert percentile(values, 50) == 2.5
    assert percentile(values, 95) == pytest.approx(3.85)
    assert percentile([7.0], 95) == 7.0


def test_percentile_of_nothing_is_an_error() -> None:
    with pytest.raises(ValueError):
        percentile([], 50)


def test_median() -> None:
    assert median([3.0, 1.0, 2.0]) == 2.0
    assert median([1.0, 2.0]) == 1.5


def test_evenly_spreads_the_sample() -> None:
    items = [str(i) for i in range(10)]
    assert evenly(items, 5) == ["0", "2", "4", "6", "8"]
    assert evenly(items, 20) == items
    assert evenly(items, 10) == items
