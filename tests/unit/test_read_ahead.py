"""app.services.read_ahead: order, errors where they occur, early close."""
from __future__ import annotations

import threading
import time

import pytest

from app.services.read_ahead import read_ahead


def test_items_come_in_order_and_the_producer_runs_ahead():
    produced: list[int] = []

    def source():
        for i in range(10):
            produced.append(i)
            yield i

    items = read_ahead(source(), depth=2)
    assert next(items) == 0
    deadline = time.monotonic() + 5
    while len(produced) < 3 and time.monotonic() < deadline:  # 0 handed over, 1 and 2 waiting
        time.sleep(0.01)
    time.sleep(0.2)
    # 1 and 2 wait in the queue; 3 may be produced and blocked on the full queue; never more
    assert 3 <= len(produced) <= 4
    assert list(items) == list(range(1, 10))


def test_an_error_of_the_source_is_raised_after_the_items_before_it():
    def source():
        yield 1
        yield 2
        raise ValueError("line 3 is broken")

    items = read_ahead(source())
    assert [next(items), next(items)] == [1, 2]
    with pytest.raises(ValueError, match="line 3"):
        next(items)


def test_closing_early_stops_the_thread_and_closes_the_source():
    closed = threading.Event()

    def source():
        try:
            for i in range(1_000_000):
                yield i
        finally:
            closed.set()

    before = threading.active_count()
    items = read_ahead(source(), depth=1)
    assert next(items) == 0
    items.close()
    assert closed.wait(5)
    assert threading.active_count() == before
