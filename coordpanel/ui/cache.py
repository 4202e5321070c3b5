"""Page data cached per data version: one memo helper instead of a hand-written pair per page.

functools.lru_cache keyed by (database file, data version, arguments): st.cache_data hashes and copies its
arguments and results on every call, which cost more than the cached work saved on a page that reruns at every
click. Results are shared by every session: treat them as read-only."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from coordpanel.ui import session


def per_version(maxsize: int = 32) -> Callable:
    """Decorate `build(database, *args)`: the decorated `build(*args)` runs it once per data version and arguments.

    Arguments must be hashable (a User, a date, a language code); pass the language explicitly when the result
    holds translated text."""

    def decorate(build: Callable[..., Any]) -> Callable[..., Any]:
        @functools.lru_cache(maxsize=maxsize)
        def cached(path: str, version: int, *args: Any) -> Any:
            return build(session.database(path), *args)

        @functools.wraps(build)
        def call(*args: Any) -> Any:
            return cached(session.db().path, session.data_version(), *args)

        call.cache_clear = cached.cache_clear  # type: ignore[attr-defined]
        return call

    return decorate
