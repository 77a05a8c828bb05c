"""Fields the registry derives from a record's parts instead of asking curators to type them.

- first installation: the earliest `installed` or `unveiled` event (a relocation, restoration
  or re-installation never makes a monument new again);
- sponsor category: the category of the monument's first sponsor, the one counts use;
- the search document (registry/search.py).

They are refreshed whenever a monument, its events, roles or actors change (registry/signals.py),
or once at the end of a bulk operation wrapped in `refreshing_later()`.

History must hold what a record counted as (first installation, sponsor category), so that
the registry "as of" any date counts what it counted then. When a refresh changes them, the
version of the record written by the same request or bulk operation (a curator's save with
its inline events) is completed in place; a change with no such version (an event edited on
its own) gets a version of its own.
"""

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.db import transaction
from django.db.models import Case, F, OuterRef, Subquery, Value, When
from django.db.models.functions import Coalesce, ExtractYear
from django.db.models.lookups import Exact
from simple_history.models import HistoricalRecords

from registry import search
from registry.choices import FIRST_INSTALLATION_EVENTS, ActorCategory, DatePrecision, Role
from registry.models import ActorRole, Event, Monument

_pending: ContextVar[set[int] | None] = ContextVar("pending_derived_refresh", default=None)
#: {monument id: history id} of the versions written by the current bulk operation.
_bulk_versions: ContextVar[dict[int, int] | None] = ContextVar("bulk_versions", default=None)

#: The fields this module derives that counts and filters read (and history must keep).
COUNTED_FIELDS = ("installed_earliest", "installed_latest", "installed_precision",
                  "installed_year", "sponsor_category")


def refresh(monument_ids: Iterable[int]) -> None:
    """Recompute the derived fields of these monuments (by primary key)."""
    ids = {pk for pk in monument_ids if pk is not None}
    if not ids:
        return
    pending = _pending.get()
    if pending is not None:
        pending |= ids
        return
    _refresh_now(sorted(ids))


@contextmanager
def refreshing_later() -> Iterator[None]:
    """Collect refreshes during a bulk operation and run them once at the end."""
    if _pending.get() is not None:  # already inside one: the outer block refreshes
        yield
        return
    token, versions_token = _pending.set(set()), _bulk_versions.set({})
    try:
        yield
        ids = _pending.get()
        _refresh_now(sorted(ids))
    finally:
        _pending.reset(token)
        _bulk_versions.reset(versions_token)


def _open_versions() -> dict[int, int] | None:
    """The versions the current request or bulk operation wrote, which a refresh completes."""
    versions = _bulk_versions.get()
    if versions is not None:
        return versions
    request = getattr(HistoricalRecords.context, "request", None)
    if request is None:
        return None
    return request.__dict__.setdefault("_registry_monument_versions", {})


def remember_version(monument_id: int, history_id: int) -> None:
    """Note a version just written of a monument (connected in registry/signals.py)."""
    versions = _open_versions()
    if versions is not None:
        versions[monument_id] = history_id


def _refresh_now(ids: list[int]) -> None:
    first_installation = Event.objects.filter(
        monument=OuterRef("pk"), kind__in=FIRST_INSTALLATION_EVENTS
    ).order_by(F("date_earliest").asc(nulls_last=True), "pk")
    first_sponsor = ActorRole.objects.filter(monument=OuterRef("pk"), role=Role.SPONSOR).order_by(
        "position", "pk"
    )
    with transaction.atomic():
        for chunk in _chunks(ids, 5000):
            monuments = Monument.objects.filter(pk__in=chunk)
            before = {row[0]: row[1:] for row in monuments.values_list("pk", *COUNTED_FIELDS)}
            monuments.update(
                installed_earliest=Subquery(first_installation.values("date_earliest")[:1]),
                installed_latest=Subquery(first_installation.values("date_latest")[:1]),
                installed_precision=Coalesce(
                    Subquery(first_installation.values("date_precision")[:1]),
                    Value(DatePrecision.UNKNOWN),
                ),
                sponsor_category=Coalesce(
                    Subquery(first_sponsor.values("actor__category")[:1]),
                    Value(ActorCategory.UNKNOWN),
                ),
            )
            # Counted by year only when the first installation is known to the year.
            monuments.update(
                installed_year=Case(
                    When(
                        Exact(ExtractYear("installed_earliest"), ExtractYear("installed_latest")),
                        then=ExtractYear("installed_earliest"),
                    ),
                    default=None,
                )
            )
            search.reindex(chunk)
            changed = [monument for monument in monuments
                       if before.get(monument.pk) != tuple(getattr(monument, name)
                                                           for name in COUNTED_FIELDS)]
            if changed:
                _record_in_history(changed)


def _record_in_history(monuments: list[Monument]) -> None:
    versions = _open_versions() or {}
    current = {monument.pk: monument for monument in monuments}
    completed = list(Monument.history.filter(
        history_id__in=[versions[pk] for pk in current if pk in versions]
    ))
    for version in completed:
        for name in COUNTED_FIELDS:
            setattr(version, name, getattr(current[version.id], name))
    # In batches: one UPDATE holds a CASE branch per row for every field, and PostgreSQL tries
    # the branches in turn for each row, so one statement for thousands of rows is quadratic
    # (a 10,000-row import spent minutes here).
    Monument.history.bulk_update(completed, COUNTED_FIELDS, batch_size=250)
    done = {version.id for version in completed}
    Monument.history.bulk_history_create(
        [monument for pk, monument in current.items() if pk not in done],
        update=True, default_change_reason="Derived fields refreshed",
    )


def _chunks(items: list[int], size: int) -> Iterator[list[int]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
