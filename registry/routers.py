"""Reads to PostgreSQL read replicas, writes (and reads after a write) to the primary.

Replicas come from `DATABASE_REPLICA_URLS` (registry/database.py names them replica1, …).
Without replicas everything goes to `default`, as if this router were not there.

A replica lags a little behind the primary, so a reader must never be sent to one right after
it wrote: `PinPrimaryMiddleware` pins the rest of a request to the primary once it writes
(and every request that is not GET, HEAD or OPTIONS from its start), and sets a short-lived
cookie after a write so that the page the writer is redirected to is read from the primary too.
Pinning is per request (a context variable), so threads and async tasks do not share it.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.http import HttpRequest, HttpResponse

REPLICA_PREFIX = "replica"
PIN_COOKIE = "registry_primary"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

_pinned: ContextVar[bool] = ContextVar("registry_primary_pinned", default=False)
_wrote: ContextVar[bool] = ContextVar("registry_wrote", default=False)


def replica_aliases() -> list[str]:
    return [alias for alias in connections.settings if alias.startswith(REPLICA_PREFIX)]


def pin_to_primary() -> None:
    """Send every further read of this request (or context) to the primary."""
    _pinned.set(True)


def is_pinned() -> bool:
    return _pinned.get()


@contextmanager
def request_scope(*, pinned: bool = False) -> Iterator[None]:
    """A fresh pinning state for one request; `pinned` starts it on the primary."""
    pinned_token, wrote_token = _pinned.set(pinned), _wrote.set(False)
    try:
        yield
    finally:
        _pinned.reset(pinned_token)
        _wrote.reset(wrote_token)


class PrimaryReplicaRouter:
    def db_for_read(self, model, **hints) -> str:
        replicas = replica_aliases()
        if not replicas or _pinned.get():
            return DEFAULT_DB_ALIAS
        return random.choice(replicas)

    def db_for_write(self, model, **hints) -> str:
        # Read-your-writes: after a write, this request reads from the primary only.
        _pinned.set(True)
        _wrote.set(True)
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints) -> bool:
        return True  # every alias holds the same data

    def allow_migrate(self, db: str, app_label: str, **hints) -> bool | None:
        return False if db.startswith(REPLICA_PREFIX) else None


class PinPrimaryMiddleware:
    """Starts each request unpinned (or pinned: unsafe method, or a recent write's cookie)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        pinned = request.method not in SAFE_METHODS or PIN_COOKIE in request.COOKIES
        with request_scope(pinned=pinned):
            response = self.get_response(request)
            if _wrote.get() and replica_aliases():
                response.set_cookie(PIN_COOKIE, "1", max_age=settings.REPLICA_PIN_SECONDS,
                                    secure=settings.SESSION_COOKIE_SECURE, httponly=True,
                                    samesite="Lax")
        return response
