"""Possible duplicate records: similar names in the same settlement, or points close together.

Two tests, either of which makes a pair a candidate:

- the names are similar by trigram similarity (`pg_trgm`, English with English and Russian with
  Russian, the better of the two) and the records are in the same settlement (its English or
  Russian name, compared without case) of the same region;
- both have coordinates and the points are within `DUPLICATE_DISTANCE_M` metres.

Records already merged away (`duplicate_of` set) and retired records are never candidates.
The admin warns on save and import (`candidates_for`) and lists every pair in a report
(`candidate_pairs`). The report joins records by settlement and by a grid of ~200 m cells, so
it stays a hash join rather than comparing every record with every other.
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
#: A latitude window just wider than the distance, to narrow the one-record query.
_WINDOW_DEGREES = 0.0019

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
_LIVE = f"duplicate_of_id IS NULL AND state <> '{State.RETIRED}'"


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
    sql = f"""
        SELECT id, sim, dist FROM (
            SELECT b.id,
                   CASE WHEN {_SAME_PLACE_SQL} THEN {_SIMILARITY_SQL} END AS sim,
                   {_DISTANCE_SQL} AS dist
              FROM registry_monument a, registry_monument b
             WHERE a.id = %s AND b.id <> a.id
               AND b.duplicate_of_id IS NULL AND b.state <> '{State.RETIRED}'
               AND (({_SAME_PLACE_SQL})
                    OR (a.latitude IS NOT NULL
                        AND b.latitude BETWEEN a.latitude - {_WINDOW_DEGREES}
                                           AND a.latitude + {_WINDOW_DEGREES}))
        ) AS c
        WHERE sim >= %s OR dist <= %s
        ORDER BY dist NULLS LAST, sim DESC NULLS LAST, id
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, [monument.pk, DUPLICATE_NAME_SIMILARITY, DUPLICATE_DISTANCE_M])
        rows = cursor.fetchall()
    others = Monument.objects.select_related("region").in_bulk([row[0] for row in rows])
    return [Candidate(others[pk], similarity, distance) for pk, similarity, distance in rows]


def candidate_pairs() -> list[Pair]:
    """Every pair of live records that may be the same monument, for the report."""
    sql = f"""
        WITH m AS (
            SELECT * FROM registry_monument WHERE {_LIVE}
        ),
        cells AS (
            SELECT id, floor(latitude::float8 / {_CELL_DEGREES})::int AS cy,
                   floor(longitude::float8 * cos(radians(latitude::float8))
                         / {_CELL_DEGREES})::int AS cx
              FROM m WHERE latitude IS NOT NULL
        ),
        pairs AS (
            SELECT a.id AS a_id, b.id AS b_id FROM m a JOIN m b
                ON a.settlement_en <> '' AND lower(a.settlement_en) = lower(b.settlement_en)
               AND a.id < b.id
            UNION
            SELECT a.id, b.id FROM m a JOIN m b
                ON a.settlement_ru <> '' AND lower(a.settlement_ru) = lower(b.settlement_ru)
               AND a.id < b.id
            UNION
            SELECT a.id, b.id
              FROM cells a CROSS JOIN generate_series(-1, 1) AS dy
                   CROSS JOIN generate_series(-1, 1) AS dx
              JOIN cells b ON b.cy = a.cy + dy AND b.cx = a.cx + dx AND a.id < b.id
        )
        SELECT a_id, b_id, sim, dist FROM (
            SELECT p.a_id, p.b_id,
                   CASE WHEN {_SAME_PLACE_SQL} THEN {_SIMILARITY_SQL} END AS sim,
                   {_DISTANCE_SQL} AS dist
              FROM pairs p JOIN m a ON a.id = p.a_id JOIN m b ON b.id = p.b_id
        ) AS c
        WHERE sim >= %s OR dist <= %s
        ORDER BY dist NULLS LAST, sim DESC NULLS LAST, a_id, b_id
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, [DUPLICATE_NAME_SIMILARITY, DUPLICATE_DISTANCE_M])
        rows = cursor.fetchall()
    ids = {pk for row in rows for pk in row[:2]}
    records = Monument.objects.select_related("region").in_bulk(ids)
    return [Pair(records[a], records[b], similarity, distance)
            for a, b, similarity, distance in rows]
