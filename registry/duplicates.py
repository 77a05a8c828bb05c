"""Possible duplicate records: similar names in the same settlement, or points close together.

Two tests, either of which makes a pair a candidate:

- the names are similar by trigram similarity (`pg_trgm`, English with English and Russian with
  Russian, the better of the two) and the records are in the same settlement (its English or
  Russian name, compared without case) of the same region;
- both have coordinates and the points are within `DUPLICATE_DISTANCE_M` metres.

Records already merged away (`duplicate_of` set) and retired records are never candidates.
The admin warns on save and import (`candidates_for`, `candidates_for_many`: index lookups on
the lower-cased settlement and on latitude, a few milliseconds with 100,000 records) and lists
every pair in a report (`candidate_pairs`: hash joins on the settlement and on a grid of
~200 m cells, about two seconds with 100,000 records), never comparing every record with
every other.
"""

from dataclasses import dataclass

from django.db import connection
from django.utils.translation import gettext as _

from registry.choices import State
from registry.models import Monument

#: Names at least this similar (0 to 1, pg_trgm `similarity`) in one settlement are flagged.
DUPLICATE_NAME_SIMILARITY = 0.5
#: Points closer than this, in metres, are flagged whatever their names.
DUPLICATE_DISTANCE_M = 200
#: The grid cell of the report, in degrees of latitude (~222 m): larger than the distance, so
#: two close points are always in the same or neighbouring cells.
_CELL_DEGREES = 0.002
#: Degrees of latitude just wider than the distance (~211 m), for the one-record lookup.
_LATITUDE_WINDOW = 0.0019

_SIMILARITY_SQL = """
    GREATEST(similarity(a.name_en, b.name_en),
             CASE WHEN a.name_ru <> '' AND b.name_ru <> ''
                  THEN similarity(a.name_ru, b.name_ru) ELSE 0 END)
"""
_DISTANCE_SQL = """
    CASE WHEN a.latitude IS NOT NULL AND b.latitude IS NOT NULL THEN
        2 * 6371008.8 * asin(sqrt(
            power(sin(radians(b.latitude::float8 - a.latitude::float8) / 2), 2)
            + cos(radians(a.latitude::float8)) * cos(radians(b.latitude::float8))
              * power(sin(radians(b.longitude::float8 - a.longitude::float8) / 2), 2)))
    END
"""
_SAME_PLACE_SQL = """
    ((a.settlement_en <> '' AND lower(a.settlement_en) = lower(b.settlement_en))
      OR (a.settlement_ru <> '' AND lower(a.settlement_ru) = lower(b.settlement_ru)))
    AND (a.region_id IS NULL OR b.region_id IS NULL OR a.region_id = b.region_id)
"""


@dataclass(frozen=True)
class Candidate:
    """Another record that may be the same monument, and why it is suspected."""

    monument: Monument
    similarity: float | None
    distance_m: float | None

    @property
    def reason(self) -> str:
        return describe(self.similarity, self.distance_m)


@dataclass(frozen=True)
class Pair:
    first: Monument
    second: Monument
    similarity: float | None
    distance_m: float | None

    @property
    def reason(self) -> str:
        return describe(self.similarity, self.distance_m)


def describe(similarity: float | None, distance_m: float | None) -> str:
    reasons = []
    if similarity is not None and similarity >= DUPLICATE_NAME_SIMILARITY:
        reasons.append(_("similar name in the same settlement (%(score)d%%)")
                       % {"score": round(similarity * 100)})
    if distance_m is not None and distance_m <= DUPLICATE_DISTANCE_M:
        reasons.append(_("%(metres)d m apart") % {"metres": round(distance_m)})
    return "; ".join(reasons)


def candidates_for(monument: Monument) -> list[Candidate]:
    """Records that may be the same monument as `monument` (closest, most similar first)."""
    if monument.pk is None:
        return []
    return candidates_for_many([monument.pk]).get(monument.pk, [])


def candidates_for_many(monument_ids: list[int]) -> dict[int, list[Candidate]]:
    """`candidates_for` of many records (by primary key) in one query, as after an import."""
    if not monument_ids:
        return {}
    rows = _run(restricted=True, params=[list(monument_ids)])
    others = Monument.objects.select_related("region").in_bulk({row[1] for row in rows})
    found: dict[int, list[Candidate]] = {}
    for pk, other, similarity, distance in rows:
        found.setdefault(pk, []).append(Candidate(others[other], similarity, distance))
    return found


def candidate_pairs() -> list[Pair]:
    """Every pair of live records that may be the same monument, for the report."""
    rows = _run(restricted=False, params=[])
    records = Monument.objects.select_related("region").in_bulk(
        {pk for row in rows for pk in row[:2]})
    return [Pair(records[a], records[b], similarity, distance)
            for a, b, similarity, distance in rows]


#: What the comparison reads: not the wide search columns.
_COLUMNS = ("id, name_en, name_ru, settlement_en, settlement_ru, region_id, latitude, "
            "longitude")
_LIVE = f"duplicate_of_id IS NULL AND state <> '{State.RETIRED}'"
_B_LIVE = f"b.duplicate_of_id IS NULL AND b.state <> '{State.RETIRED}'"
_CELL_SQL = f"""
    SELECT id, floor(latitude::float8 / {_CELL_DEGREES})::int AS cy,
           floor(longitude::float8 * cos(radians(latitude::float8)) / {_CELL_DEGREES})::int AS cx
      FROM {{side}} WHERE latitude IS NOT NULL
"""

#: Every pair among live records: hash joins on the settlement and on a grid of cells.
_ALL_PAIRS = f"""
    a_side AS MATERIALIZED (SELECT {_COLUMNS} FROM registry_monument WHERE {_LIVE}),
    cells AS MATERIALIZED ({_CELL_SQL.format(side="a_side")}),
    pairs AS MATERIALIZED (
        SELECT a.id AS a_id, b.id AS b_id FROM a_side a JOIN a_side b
            ON a.settlement_en <> '' AND lower(a.settlement_en) = lower(b.settlement_en)
           AND a.id < b.id
        UNION
        SELECT a.id, b.id FROM a_side a JOIN a_side b
            ON a.settlement_ru <> '' AND lower(a.settlement_ru) = lower(b.settlement_ru)
           AND a.id < b.id
        UNION
        -- Two points within the distance are in the same or neighbouring cells.
        SELECT a.id, b.id
          FROM cells a CROSS JOIN generate_series(-1, 1) AS dy
               CROSS JOIN generate_series(-1, 1) AS dx
          JOIN cells b ON b.cy = a.cy + dy AND b.cx = a.cx + dx AND a.id < b.id
    )
"""

#: The pairs of a few given records: lookups on the settlement and latitude indexes, each
#: branch comparing the pair right away (the planner cannot know the branches are small).
_PAIR_OF = f"""
    SELECT a.id AS a_id, b.id AS b_id,
           CASE WHEN {_SAME_PLACE_SQL} THEN {_SIMILARITY_SQL} END AS sim,
           {_DISTANCE_SQL} AS dist
      FROM a_side a JOIN registry_monument b ON b.id <> a.id AND {_B_LIVE} AND
"""
_PAIRS_OF = f"""
    a_side AS MATERIALIZED (SELECT {_COLUMNS} FROM registry_monument WHERE id = ANY(%s)),
    pairs AS (
        {_PAIR_OF} a.settlement_en <> '' AND lower(b.settlement_en) = lower(a.settlement_en)
        UNION
        {_PAIR_OF} a.settlement_ru <> '' AND lower(b.settlement_ru) = lower(a.settlement_ru)
        UNION
        {_PAIR_OF} b.latitude BETWEEN a.latitude - {_LATITUDE_WINDOW}
                                  AND a.latitude + {_LATITUDE_WINDOW}
    )
"""


def _run(*, restricted: bool, params: list) -> list[tuple[int, int, float | None, float | None]]:
    """Candidate pairs (a, b, name similarity, distance in metres).

    Restricted: a is one of the given records (in any state), b any other live record, and
    each pair comes once per a. Otherwise: both live, each pair once (a.id < b.id).
    """
    if restricted:
        compared = "SELECT a_id, b_id, sim, dist FROM pairs"
    else:
        compared = f"""
            SELECT p.a_id, p.b_id,
                   CASE WHEN {_SAME_PLACE_SQL} THEN {_SIMILARITY_SQL} END AS sim,
                   {_DISTANCE_SQL} AS dist
              FROM pairs p
              JOIN registry_monument a ON a.id = p.a_id
              JOIN registry_monument b ON b.id = p.b_id
        """
    sql = f"""
        WITH {_PAIRS_OF if restricted else _ALL_PAIRS}
        SELECT a_id, b_id, sim, dist FROM ({compared}) AS c
        WHERE sim >= %s OR dist <= %s
        ORDER BY a_id, dist NULLS LAST, sim DESC NULLS LAST, b_id
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, DUPLICATE_NAME_SIMILARITY, DUPLICATE_DISTANCE_M])
        return cursor.fetchall()
