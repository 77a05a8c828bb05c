"""Caching of counts that stays correct the moment a record changes.

Every cached value is stored under the current *records version*, a number PostgreSQL keeps
in the sequence `registry_records_version_seq` (migration 0007). Any save or delete of a
monument, event, actor role, actor, citation, source or region bumps it when its transaction
commits (registry/signals.py), so the next read computes afresh; the old entries simply
expire. Because the version lives in the primary database, every worker process and every
app server sees a bump at once, whatever cache backend holds the values (per-process memory
or Redis).

    from registry.cache import cached_count, cache_key

    published = cached_count("home:published", lambda: Monument.objects.published().count())
    rows = cached_count(cache_key("stats", request.GET, "year,sponsor_category"),
                        lambda: stats.count_by(filterset.qs, ["year", "sponsor_category"]))

Bulk writes that bypass signals (`bulk_create`, `QuerySet.update`) call `invalidate()`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections, transaction

RECORDS_VERSION_SEQUENCE = "registry_records_version_seq"
#: How long a cached value may live at most, even if nothing changes (seconds).
DEFAULT_TIMEOUT = 60 * 60

T = TypeVar("T")


def records_version() -> int:
    """The current records version (read on the primary: a replica may lag behind)."""
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        # Before the first nextval, last_value is already the start value: count that as 0.
        cursor.execute(f"SELECT CASE WHEN is_called THEN last_value ELSE 0 END "
                       f"FROM {RECORDS_VERSION_SEQUENCE}")
        return cursor.fetchone()[0]


def _bump() -> None:
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        cursor.execute(f"SELECT nextval('{RECORDS_VERSION_SEQUENCE}')")


def invalidate() -> None:
    """Make every cached count stale, once the current transaction commits.

    Bumping before the commit would let another request cache the old numbers under the new
    version; bumping after it cannot (nextval itself is never rolled back). A transaction
    that saves many rows bumps once per save: one `nextval` each, small beside the save.
    """
    transaction.on_commit(_bump, using=DEFAULT_DB_ALIAS, robust=True)


def cache_key(name: str, params: Mapping[str, Any] | None = None, *extra: Any) -> str:
    """A short key for `name` and a set of query parameters (order-insensitive)."""
    items: list[tuple[str, str]] = []
    if params is not None:
        getlist = getattr(params, "getlist", None)
        for key in sorted(params):
            values = getlist(key) if getlist else [params[key]]
            items.extend((key, str(value)) for value in values)
    digest = hashlib.blake2b(repr((items, extra)).encode(), digest_size=16).hexdigest()
    return f"{name}:{digest}"


def cached_count(key: str, compute: Callable[[], T], timeout: int = DEFAULT_TIMEOUT) -> T:
    """`compute()`, cached under `key` until the records change (or `timeout` passes)."""
    versioned = f"registry:{records_version()}:{key}"
    value = cache.get(versioned)
    if value is None:
        value = compute()
        cache.set(versioned, value, timeout)
    return value
