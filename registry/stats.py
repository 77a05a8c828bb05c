"""Counting: the one module behind every number the registry shows (statistics page, home
page, API `stats/`). Each function takes an already filtered queryset (MonumentFilterSet), so
every count can be reproduced by opening the browse page with the same filters.

Rules (docs/methodology.md):
- a monument is counted once, by the year of its first installation (never a relocation,
  restoration or re-installation), and only when that is known to the year;
- by sponsor category and actor it is counted under its *first* sponsor;
- "new monuments" are those whose origin is new or a replica of a Soviet-era work.
"""

from typing import Any

from django.db.models import Case, Count, F, OuterRef, QuerySet, Subquery, When
from django.db.models.functions import ExtractMonth

from registry.choices import COUNTED_AS_NEW, DatePrecision, Role
from registry.models import ActorRole

#: The filters that make a count one of "new monuments" (design section 3).
NEW_MONUMENTS = {"origin": ",".join(COUNTED_AS_NEW)}

#: The years the per-year chart covers by default.
FIRST_YEAR = 1995

_first_sponsor = ActorRole.objects.filter(monument=OuterRef("pk"), role=Role.SPONSOR).order_by(
    "position", "pk"
)

#: group_by name → the expression it groups on.
DIMENSIONS: dict[str, Any] = {
    "year": F("installed_year"),
    # A month is only known for dates precise to the month or the day.
    "month": Case(
        When(installed_precision__in=[DatePrecision.DAY, DatePrecision.MONTH],
             then=ExtractMonth("installed_earliest")),
        default=None,
    ),
    "region": F("region__code"),
    "sponsor_category": F("sponsor_category"),
    "actor": Subquery(_first_sponsor.values("actor__slug")[:1]),
    "form": F("form"),
    "status": F("status"),
    "setting": F("setting"),
    "origin": F("origin"),
    "country": F("country"),
    "controlled_by": F("controlled_by"),
}


class UnknownDimension(ValueError):
    pass


def total(queryset: QuerySet) -> int:
    return queryset.order_by().count()


def count_by(queryset: QuerySet, dimensions: list[str]) -> list[dict[str, Any]]:
    """Counts of monuments grouped by one or more dimensions, e.g. `["year", "sponsor_category"]`.

    Rows are `{"year": 2019, "sponsor_category": "kprf", "count": 3}`, ordered by the
    dimensions; a dimension's value is None where the record does not say (year unknown…).
    """
    unknown = [name for name in dimensions if name not in DIMENSIONS]
    if unknown:
        raise UnknownDimension(", ".join(unknown))
    grouped = (
        queryset.order_by().annotate(**{f"_{name}": DIMENSIONS[name] for name in dimensions})
        .values(*[f"_{name}" for name in dimensions])
        .annotate(count=Count("pk", distinct=True))
        .order_by(*[F(f"_{name}").asc(nulls_last=True) for name in dimensions])
    )
    return [
        {**{name: row[f"_{name}"] for name in dimensions}, "count": row["count"]}
        for row in grouped
    ]


def per_year(queryset: QuerySet, *, since: int = FIRST_YEAR,
             until: int | None = None) -> dict[int, dict[str, int]]:
    """{year: {sponsor_category: count}} for every year from `since`, zeros included."""
    rows = count_by(queryset.filter(installed_year__gte=since), ["year", "sponsor_category"])
    last = max([row["year"] for row in rows] + [until or since])
    table: dict[int, dict[str, int]] = {year: {} for year in range(since, last + 1)}
    for row in rows:
        table[row["year"]][row["sponsor_category"]] = row["count"]
    return table
