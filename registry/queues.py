"""Curators' work queues: records that need attention, as counts with links on the admin index.

Each queue is a named filter of monuments; the admin changelist offers the same names as its
"work queue" filter (`?queue=<name>`), so a count on the index and the list it links to always
come from the same query.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from registry.choices import Role, State
from registry.models import ActorRole, Citation, Monument

STALE_DRAFT_DAYS = 30


@dataclass(frozen=True)
class Queue:
    name: str
    label: str
    narrow: Callable[[QuerySet], QuerySet]


def _in_review(queryset: QuerySet) -> QuerySet:
    return queryset.filter(state=State.IN_REVIEW)


def _stale_drafts(queryset: QuerySet) -> QuerySet:
    cutoff = timezone.now() - dt.timedelta(days=STALE_DRAFT_DAYS)
    return queryset.filter(state=State.DRAFT, created_at__lt=cutoff)


def _published(queryset: QuerySet) -> QuerySet:
    return queryset.filter(state=State.PUBLISHED)


def _without_coordinates(queryset: QuerySet) -> QuerySet:
    return _published(queryset).filter(Q(latitude__isnull=True) | Q(longitude__isnull=True))


def _without_sponsor(queryset: QuerySet) -> QuerySet:
    sponsors = ActorRole.objects.filter(monument=OuterRef("pk"), role=Role.SPONSOR)
    return _published(queryset).filter(~Exists(sponsors))


def _single_source(queryset: QuerySet) -> QuerySet:
    # A subquery keeps the outer queryset free of GROUP BY, so the changelist can filter on.
    single = (Citation.objects.values("monument")
              .annotate(sources=Count("source", distinct=True))
              .filter(sources=1).values("monument"))
    return _published(queryset).filter(pk__in=single)


def _source_not_archived(queryset: QuerySet) -> QuerySet:
    # Offline sources (books, field visits) have no URL and nothing to archive.
    unarchived = Citation.objects.filter(
        monument=OuterRef("pk"), source__archived_url=""
    ).exclude(source__url="")
    return _published(queryset).filter(Exists(unarchived))


QUEUES: tuple[Queue, ...] = (
    Queue("in_review", _("Records in review"), _in_review),
    Queue("stale_drafts", _("Drafts older than 30 days"), _stale_drafts),
    Queue("no_coordinates", _("Published without coordinates"), _without_coordinates),
    Queue("no_sponsor", _("Published without a sponsor"), _without_sponsor),
    Queue("single_source", _("Published with a single source"), _single_source),
    Queue("source_not_archived", _("Published citing a source with no archived copy"),
          _source_not_archived),
)
QUEUES_BY_NAME = {queue.name: queue for queue in QUEUES}


def queue_counts() -> list[tuple[Queue, int]]:
    """Every queue with the number of records in it, in one query."""
    everything = Monument.objects.all()
    counts = everything.aggregate(**{
        queue.name: Count("pk", filter=Q(pk__in=queue.narrow(everything).values("pk")))
        for queue in QUEUES
    })
    return [(queue, counts[queue.name]) for queue in QUEUES]
