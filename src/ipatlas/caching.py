"""One in-process cache for computed values: LRU, bounded by total weight, single-flight.

Used for page data (web) and for the indicator cube's per-region rows: under many concurrent
users a missing value is computed once while the other callers wait for it.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any

WAIT_FOR_PENDING_S = 30.0


class SingleFlightLRU:
    """Values by key, least recently used evicted once their total weight exceeds ``capacity``
    (the newest value is always kept). ``weigh`` gives a value's weight (default 1: a count)."""

    def __init__(self, capacity: int, weigh: Callable[[Any], int] | None = None) -> None:
        self.capacity = capacity
        self._weigh = weigh or (lambda _value: 1)
        self._data: OrderedDict[Hashable, tuple[Any, int]] = OrderedDict()
        self._weight = 0
        self._lock = threading.Lock()
        self._pending: dict[Hashable, threading.RLock] = {}

    def _get(self, key: Hashable) -> tuple[bool, Any]:
        hit = self._data.get(key)
        if hit is None:
            return False, None
        self._data.move_to_end(key)
        return True, hit[0]

    def get_or_compute(self, key: Hashable, compute: Callable[[], Any]) -> Any:
        with self._lock:
            found, value = self._get(key)
            if found:
                return value
            pending = self._pending.setdefault(key, threading.RLock())
        # Re-entrant, and bounded: a compute that (indirectly) waits for its own key, or a very
        # slow one, never blocks a caller for good; it then computes the value itself.
        waited = pending.acquire(timeout=WAIT_FOR_PENDING_S)
        try:
            with self._lock:
                found, value = self._get(key)
                if found:
                    return value
            value = compute()
            weight = self._weigh(value)
            with self._lock:
                old = self._data.pop(key, None)
                self._weight += weight - (old[1] if old else 0)
                self._data[key] = (value, weight)
                while self._weight > self.capacity and len(self._data) > 1:
                    self._weight -= self._data.popitem(last=False)[1][1]
            return value
        finally:
            with self._lock:
                if self._pending.get(key) is pending:
                    del self._pending[key]
            if waited:
                pending.release()

    def clear(self) -> None:
        with self._lock:
            self._data.clear()
            self._weight = 0
