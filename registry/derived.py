"""Fields the registry derives from a record's parts instead of asking curators to type them.

- first installation: the earliest `installed` or `unveiled` event (a relocation, restoration
  or re-installation never makes a monument new again);
- sponsor category: the category of the monument's first sponsor, the one counts use;
- the search document (registry/search.py).

They are refreshed whenever a monument, its events, roles or actors change (registry/signals.py),
or once at the end of a bulk operation wrapped in `refreshing_later()`. When a refresh changes
what a record counts as (its first installation or sponsor category), the record's history
gets a new version, so the registry "as of" any date counts what it counted then.
"""

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.db import transaction
from django.db.models import Case, F, OuterRef, Subquery, Value, When
from django.db.models.functions import Coalesce, ExtractYear
from django.db.models.lookups import Exact

from registry import search
from registry.choices import FIRST_INSTALLATION_EVENTS, ActorCategory, DatePrecision, Role
from registry.models import ActorRole, Event, Monument

_pending: ContextVar[set[int] | None] = ContextVar("pending_derived_refresh", default=None)

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
    token = _pending.set(set())
    try:
        yield
        ids = _pending.get()
    finally:
        _pending.reset(token)
    _refresh_now(sorted(ids))


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
                Monument.history.bulk_history_create(
                    changed, update=True, default_change_reason="Derived fields refreshed"
                )


def _chunks(items: list[int], size: int) -> Iterator[list[int]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
