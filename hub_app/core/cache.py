"""Results kept per data version, in this worker process (see core.versions).

An entry is used only while the database still holds the version it was built at, so a
cached result is never older than a committed change; each caller puts into its key what
the result depends on besides the data (the arguments, the day, what the caller may see).
The version is read before the result is built: the result can only be as new or newer.
Cached values are shared by every request: they are read, never changed.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable
from threading import Lock
from typing import Any, TypeVar

from flask import current_app

from hub_app.core import versions

T = TypeVar("T")
MAX_ENTRIES = 512


class VersionedCache:
    def __init__(self, max_entries: int = MAX_ENTRIES) -> None:
        self.max_entries = max_entries
        self.version: int | None = None
        self.entries: OrderedDict[Hashable, Any] = OrderedDict()
        self.hits = 0
        self.misses = 0
        self._lock = Lock()

    def get(self, version: int, key: Hashable) -> tuple[bool, Any]:
        with self._lock:
            if version != self.version:
                self.version = version
                self.entries.clear()
            if key in self.entries:
                self.entries.move_to_end(key)
                self.hits += 1
                return True, self.entries[key]
            self.misses += 1
            return False, None

    def put(self, version: int, key: Hashable, value: Any) -> None:
        with self._lock:
            if version != self.version:
                return  # a newer version arrived meanwhile: this result may be older
            self.entries[key] = value
            if len(self.entries) > self.max_entries:
                self.entries.popitem(last=False)


def of_app() -> VersionedCache:
    return current_app.extensions.setdefault("hub_app.cache", VersionedCache())


def cached(key: Hashable, build: Callable[[], T]) -> T:
    """`build()`'s result for `key` at the current data version, built at most once per
    version and process; built every time where caching is off or the version unknown."""
    if not current_app.config.get("DATA_CACHE", True):
        return build()
    version = versions.current()
    if version is None:
        return build()
    cache = of_app()
    found, value = cache.get(version, key)
    if found:
        return value
    value = build()
    cache.put(version, key, value)
    return value
