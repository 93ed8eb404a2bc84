"""Read an iterator ahead in a thread, so producing items overlaps consuming them.

Statement processing uses it to parse the next batches of a file while the database writes the
current one: the parser is pure Python, and the thread runs while the consumer waits on
Neo4j (a socket read releases the GIL). Memory stays bounded: at most ``depth`` items wait.
"""
from __future__ import annotations

import queue
import threading
from collections.abc import Iterator
from typing import TypeVar

T = TypeVar("T")
_END = object()


class _Failure:
    """An exception the producer raised, handed to the consumer to re-raise."""

    def __init__(self, exc: BaseException):
        self.exc = exc


def read_ahead(items: Iterator[T], depth: int = 2) -> Iterator[T]:
    """Yield the items of ``items`` in order while a daemon thread produces up to ``depth``
    ahead. An exception of ``items`` is raised here, at the point of the stream where it
    occurred. Closing this generator early (``close()``, or leaving a ``for`` loop by
    ``return``/exception) stops the thread and closes ``items``."""
    waiting: queue.Queue = queue.Queue(maxsize=depth)
    stop = threading.Event()

    def hand_over(value) -> bool:
        while not stop.is_set():
            try:
                waiting.put(value, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def produce() -> None:
        try:
            for item in items:
                if not hand_over(item):
                    return
            hand_over(_END)
        except BaseException as exc:  # noqa: BLE001 — re-raised in the consumer
            hand_over(_Failure(exc))
        finally:
            close = getattr(items, "close", None)
            if close is not None:
                close()

    thread = threading.Thread(target=produce, name="read-ahead", daemon=True)
    thread.start()
    try:
        while (item := waiting.get()) is not _END:
            if isinstance(item, _Failure):
                raise item.exc
            yield item
    finally:
        stop.set()
        thread.join()
