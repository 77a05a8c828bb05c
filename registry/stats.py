"""Counting: the one module behind every number the registry shows (statistics page, home
page, API `stats/`). Each function takes an already filtered queryset (MonumentFilterSet), so
every count can be reproduced by opening the browse page with the same filters.

Rules (docs/methodology.md):
- a monument is counted once, by the year of its first installation (never a relocation,
  restoration or re-installation), and only when that is known to the year;
- by sponsor category and actor it is counted under its *first* sponsor;
- "new monuments" are those whose origin is new or a replica of a Soviet-era work.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, NamedTuple

from django.db import connections
from django.db.models import Case, Count, F, OuterRef, QuerySet, Subquery, When
from django.db.models.functions import ExtractMonth

from registry.choices import COUNTED_AS_NEW, ActorCategory, DatePrecision, Role
from registry.models import Actor, ActorRole, Dataset, DatasetEntry

#: The filters that make a count one of "new monuments" (design section 3).
NEW_MONUMENTS = {"origin": ",".join(COUNTED_AS_NEW)}

#: The years the per-year chart covers by default.
FIRST_YEAR = 1995

# OuterRef("id"), not "pk": on the historical rows of registry.asof, pk is the history_id.
_first_sponsor = ActorRole.objects.filter(monument=OuterRef("id"), role=Role.SPONSOR).order_by(
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
    # The registry as of a past day (registry.asof) reads some dimensions from history.
    expressions = {**DIMENSIONS, **getattr(queryset, "count_dimensions", {})}
    grouped = (
        queryset.order_by().annotate(**{f"_{name}": expressions[name] for name in dimensions})
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


class YearTable(NamedTuple):
    """New monuments per year by sponsor category, with the totals of rows and columns."""

    years: list[int]
    categories: list[str]  # the categories with a count, in vocabulary order
    cells: dict[int, dict[str, int]]
    year_totals: dict[int, int]
    category_totals: dict[str, int]
    total: int


def per_year_table(queryset: QuerySet, *, since: int = FIRST_YEAR,
                   until: int | None = None) -> YearTable:
    """`per_year` with its totals: each monument has one sponsor category, so the sums of a
    row and of a column are counts of monuments too."""
    table = per_year(queryset, since=since, until=until)
    present = {category for row in table.values() for category in row}
    categories = [category for category in ActorCategory.values if category in present]
    categories += sorted(present - set(categories), key=str)
    return YearTable(
        years=list(table),
        categories=categories,
        cells=table,
        year_totals={year: sum(row.values()) for year, row in table.items()},
        category_totals={category: sum(row.get(category, 0) for row in table.values())
                         for category in categories},
        total=sum(sum(row.values()) for row in table.values()),
    )


def count_by_actor_tree(queryset: QuerySet, actor_ids: Iterable[int]) -> dict[int, int]:
    """{actor id: number of monuments} where each actor counts with every actor below it (a
    party with its committees), in any role: the records the `actor` filter selects.

    One query whatever the number of actors: a recursive CTE maps each actor of the tree to
    the actors asked about, then monuments are counted once per asked actor.
    """
    ids = sorted(set(actor_ids))
    if not ids:
        return {}
    monuments_sql, monuments_params = queryset.order_by().values("pk").query.sql_with_params()
    actor_table, role_table = Actor._meta.db_table, ActorRole._meta.db_table
    sql = f"""
        WITH RECURSIVE tree(root_id, actor_id) AS (
            SELECT id, id FROM {actor_table} WHERE id = ANY(%s)
            UNION
            SELECT tree.root_id, child.id
              FROM {actor_table} AS child JOIN tree ON child.parent_id = tree.actor_id
        )
        SELECT tree.root_id, COUNT(DISTINCT role.monument_id)
          FROM tree JOIN {role_table} AS role ON role.actor_id = tree.actor_id
         WHERE role.monument_id IN ({monuments_sql})
         GROUP BY tree.root_id
    """  # table names come from the models; every value is a parameter
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(sql, [ids, *monuments_params])
        return dict(cursor.fetchall())


def count_by_role(queryset: QuerySet, actors: QuerySet) -> list[dict[str, Any]]:
    """Monuments per role these actors play in them: `[{"role": "sponsor", "count": 3}]`.

    A monument is counted once per role, however many of the actors play it."""
    return list(
        ActorRole.objects.filter(monument__in=queryset.order_by().values("pk"),
                                 actor__in=actors.values("pk"))
        .values("role").annotate(count=Count("monument", distinct=True)).order_by("role")
    )


@dataclass(frozen=True)
class DatasetComparison:
    """The registry's count and a published study's, side by side, for the same filters."""

    dataset: Dataset
    registry: int  #: records the filters select
    in_both: int  #: of those, records the study counts too
    only_in_registry: int  #: records the filters select that the study lacks
    only_in_dataset: int  #: the study's entries whose record the filters do not select
    dataset_total: int  #: every entry recorded for the study


def dataset_entries(queryset: QuerySet, dataset: Dataset) -> QuerySet:
    """The study's entries as the queryset sees them (as of its day, for registry.asof)."""
    entries = queryset.dataset_entries() if hasattr(queryset, "dataset_entries") else (
        DatasetEntry.objects.all())
    return entries.filter(dataset_id=dataset.pk)


def entries_only_in_dataset(queryset: QuerySet, dataset: Dataset) -> QuerySet:
    """The study's entries whose monument is not among the filtered records (listing them
    tells a curator what the study has and the registry, with these filters, does not)."""
    return dataset_entries(queryset, dataset).exclude(
        monument_id__in=queryset.order_by().values("id"))


def compare_with_dataset(queryset: QuerySet, dataset: Dataset) -> DatasetComparison:
    """Counts of the filtered records against a study; the records behind each count are
    `?dataset=<slug>`, `?not_in_dataset=<slug>` and `entries_only_in_dataset()`."""
    entries = dataset_entries(queryset, dataset)
    registry = total(queryset)
    in_both = total(queryset.filter(id__in=entries.values("monument_id")))
    return DatasetComparison(
        dataset=dataset,
        registry=registry,
        in_both=in_both,
        only_in_registry=registry - in_both,
        only_in_dataset=entries_only_in_dataset(queryset, dataset).count(),
        dataset_total=entries.count(),
    )
