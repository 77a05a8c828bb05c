"""CSV and GeoJSON exports of a filtered set of monuments, streamed in constant memory.

The browse page's download links, the API's `?format=csv|geojson` and the releases all use
these generators, so they always agree. The CSV columns are documented in `CSV_COLUMNS` (and in
docs/api.md); GeoJSON follows RFC 7946 (WGS 84, longitude first).

Each CSV column is written twice, side by side: as Python over a fetched record, and as SQL for
PostgreSQL's `COPY … TO STDOUT WITH CSV`, which writes a full export several times faster than
Python can (docs/benchmarks.md). The rows of today's registry come from COPY; the registry as of
a past day (registry/asof.py) is rebuilt from history in Python. tests/test_exports.py checks
that both give the same bytes.
"""

import codecs
import csv
import io
import json
from collections.abc import Callable, Iterator
from typing import Any, NamedTuple

from django.conf import settings
from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import Prefetch, QuerySet
from django.db.models.expressions import RawSQL
from django.urls import reverse

from registry.choices import Role
from registry.models import ActorRole, Citation, Monument

CHUNK_SIZE = 1000


class Column(NamedTuple):
    name: str
    description: str
    value: Callable[[Monument], Any]
    #: The same value as SQL over the row of `registry_monument`. Empty text is NULL, as
    #: COPY writes NULL unquoted and an empty string as "" (csv.writer writes both unquoted).
    sql: str


def _text(column: str) -> str:
    return f"NULLIF(registry_monument.{column}, '')"


def _region(column: str) -> str:
    return (f"(SELECT NULLIF(r.{column}, '') FROM registry_region r "
            f"WHERE r.id = registry_monument.region_id)")


def _iso_date(column: str) -> str:
    return f"to_char(registry_monument.{column}, 'YYYY-MM-DD')"


def _sponsor_names(column: str, separator: str) -> str:
    return (f"(SELECT NULLIF(string_agg(a.{column}, '{separator}' ORDER BY ar.position, ar.id), '')"
            f" FROM registry_actorrole ar JOIN registry_actor a ON a.id = ar.actor_id"
            f" WHERE ar.monument_id = registry_monument.id AND ar.role = '{Role.SPONSOR.value}')")


# Distinct URLs in the order of their first citation, like dict.fromkeys() below.
_SOURCE_URLS_SQL = """(SELECT string_agg(u.url, ' ' ORDER BY u.first) FROM (
    SELECT s.url, min(c.id) AS first FROM registry_citation c
      JOIN registry_source s ON s.id = c.source_id
     WHERE c.monument_id = registry_monument.id AND s.url <> '' GROUP BY s.url) u)"""

# datetime.isoformat() in UTC: microseconds only when there are some.
_UPDATED_AT_SQL = """(to_char(registry_monument.updated_at AT TIME ZONE 'UTC',
                              'YYYY-MM-DD"T"HH24:MI:SS')
    || CASE WHEN to_char(registry_monument.updated_at, 'US') = '000000' THEN ''
            ELSE to_char(registry_monument.updated_at, '.US') END || '+00:00')"""


def _sponsors(monument: Monument) -> list[ActorRole]:
    return [role for role in monument.export_roles if role.role == Role.SPONSOR]


def _decimal(value) -> str:
    return "" if value is None else format(value, "f")


def _page_url_prefix() -> str:
    """The public page's URL up to the record's number, in the active language."""
    example = reverse("registry:monument-detail", kwargs={"public_id": 1, "slug": "x"})
    return settings.SITE_URL + example.removesuffix("1/x/")


CSV_COLUMNS: list[Column] = [
    Column("public_id", "Stable public identifier of the record", lambda m: m.public_id,
           "registry_monument.public_id"),
    Column("url", "The record's public page", lambda m: settings.SITE_URL + m.get_absolute_url(),
           # The prefix is a parameter: it depends on settings and the active language.
           "%s || registry_monument.public_id || '/' || registry_monument.slug || '/'"),
    Column("name_en", "Name in English", lambda m: m.name_en, _text("name_en")),
    Column("name_ru", "Name in Russian (as the sources give it)", lambda m: m.name_ru,
           _text("name_ru")),
    Column("form", "Form (bust, statue, …)", lambda m: m.form, _text("form")),
    Column("status", "Current status (standing, removed, …)", lambda m: m.status,
           _text("status")),
    Column("setting", "Setting (public_space, party_office, …)", lambda m: m.setting,
           _text("setting")),
    Column("origin", "new, soviet_replica, soviet_restoration or soviet_original",
           lambda m: m.origin, _text("origin")),
    Column("country", "ISO 3166-1 alpha-2 of the recognised state", lambda m: m.country,
           _text("country")),
    Column("controlled_by", "ISO 3166-1 alpha-2 of the controlling authority where it differs",
           lambda m: m.controlled_by, _text("controlled_by")),
    Column("region_code", "ISO 3166-2 region code", lambda m: m.region.code if m.region else "",
           _region("code")),
    Column("region_en", "Region name in English", lambda m: m.region.name_en if m.region else "",
           _region("name_en")),
    Column("region_ru", "Region name in Russian", lambda m: m.region.name_ru if m.region else "",
           _region("name_ru")),
    Column("settlement_en", "Settlement in English", lambda m: m.settlement_en,
           _text("settlement_en")),
    Column("settlement_ru", "Settlement in Russian", lambda m: m.settlement_ru,
           _text("settlement_ru")),
    Column("address", "Address or site description", lambda m: m.address, _text("address")),
    Column("latitude", "Latitude, decimal degrees (WGS 84)", lambda m: _decimal(m.latitude),
           "registry_monument.latitude"),
    Column("longitude", "Longitude, decimal degrees (WGS 84)", lambda m: _decimal(m.longitude),
           "registry_monument.longitude"),
    Column("coordinate_precision", "exact, photo, geocoded, settlement or unknown",
           lambda m: m.coordinate_precision, _text("coordinate_precision")),
    Column("installed_earliest", "First installation: earliest possible date (ISO 8601)",
           lambda m: m.installed_earliest.isoformat() if m.installed_earliest else "",
           _iso_date("installed_earliest")),
    Column("installed_latest", "First installation: latest possible date (ISO 8601)",
           lambda m: m.installed_latest.isoformat() if m.installed_latest else "",
           _iso_date("installed_latest")),
    Column("installed_precision", "Precision of the first installation date",
           lambda m: m.installed_precision, _text("installed_precision")),
    Column("installed_year", "Year of first installation, where known to the year",
           lambda m: m.installed_year or "", "registry_monument.installed_year"),
    Column("sponsor_category", "Category of the first sponsor (what counts use)",
           lambda m: m.sponsor_category, _text("sponsor_category")),
    Column("sponsors", "Sponsors' English names, separated by '; '",
           lambda m: "; ".join(role.actor.name_en for role in _sponsors(m)),
           _sponsor_names("name_en", "; ")),
    Column("sponsor_slugs", "Sponsors' identifiers (the actor filter), separated by ';'",
           lambda m: ";".join(role.actor.slug for role in _sponsors(m)),
           _sponsor_names("slug", ";")),
    Column("source_urls", "URLs of the sources cited, separated by ' '",
           lambda m: " ".join(dict.fromkeys(c.source.url for c in m.export_citations
                                            if c.source.url)),
           _SOURCE_URLS_SQL),
    Column("source_count", "Number of distinct sources cited",
           lambda m: len({c.source_id for c in m.export_citations}),
           "(SELECT count(DISTINCT c.source_id) FROM registry_citation c"
           " WHERE c.monument_id = registry_monument.id)"),
    Column("wikidata_id", "Wikidata item of the monument", lambda m: m.wikidata_id,
           _text("wikidata_id")),
    Column("osm_id", "OpenStreetMap element", lambda m: m.osm_id, _text("osm_id")),
    Column("updated_at", "When the record last changed (ISO 8601, UTC)",
           lambda m: m.updated_at.isoformat(), _UPDATED_AT_SQL),
]


def for_export(queryset: QuerySet) -> QuerySet:
    """The queryset with what the columns read, fetched in a fixed number of queries a chunk."""
    return queryset.select_related("region").prefetch_related(
        Prefetch("roles", queryset=ActorRole.objects.select_related("actor"),
                 to_attr="export_roles"),
        Prefetch("citations", queryset=Citation.objects.select_related("source"),
                 to_attr="export_citations"),
    )


def _records(queryset: QuerySet) -> Iterator[Monument]:
    if hasattr(queryset, "export_records"):  # the registry as of a past day (registry/asof.py)
        return queryset.export_records(CHUNK_SIZE)
    return for_export(queryset).iterator(chunk_size=CHUNK_SIZE)


def csv_lines(queryset: QuerySet, *, use_copy: bool = True) -> Iterator[str]:
    """The CSV file: a header, then one row per monument in the queryset's order.

    Rows come from PostgreSQL's COPY unless `use_copy` is false or the queryset is the registry
    as of a past day; the two give the same bytes.
    """
    if use_copy and not hasattr(queryset, "export_records"):
        return _copy_lines(queryset)
    return _python_lines(queryset)


def _copy_lines(queryset: QuerySet) -> Iterator[str]:
    rows = queryset.prefetch_related(None).annotate(**{
        f"csv_{index}": RawSQL(column.sql, [_page_url_prefix()] if "%s" in column.sql else [])
        for index, column in enumerate(CSV_COLUMNS)
    }).values_list(*(f"csv_{index}" for index in range(len(CSV_COLUMNS))))
    yield _header_line()
    try:
        select, params = rows.query.sql_with_params()
    except EmptyResultSet:  # a filter that can match nothing (queryset.none())
        return
    # On the database the queryset reads from: a read replica when the router picks one.
    database = connections[rows.db]
    statement = database.ops.compose_sql(f"COPY ({select}) TO STDOUT WITH (FORMAT csv)", params)
    decoder = codecs.getincrementaldecoder("utf-8")()  # a chunk may end inside a character
    with database.cursor() as cursor, cursor.copy(statement) as copy:
        for chunk in copy:
            yield decoder.decode(chunk)
    yield decoder.decode(b"", final=True)


def _header_line() -> str:
    return ",".join(column.name for column in CSV_COLUMNS) + "\n"


def _python_lines(queryset: QuerySet) -> Iterator[str]:
    buffer = io.StringIO()
    # "\n" ends a row, as in COPY's output.
    writer = csv.writer(buffer, lineterminator="\n")

    def line(values) -> str:
        buffer.seek(0)
        buffer.truncate()
        writer.writerow(values)
        return buffer.getvalue()

    yield _header_line()
    for monument in _records(queryset):
        yield line(column.value(monument) for column in CSV_COLUMNS)


def geojson_feature(monument: Monument) -> dict[str, Any]:
    return {
        "type": "Feature",
        "id": monument.public_id,
        # RFC 7946: longitude first.
        "geometry": {"type": "Point",
                     "coordinates": [float(monument.longitude), float(monument.latitude)]},
        "properties": {column.name: column.value(monument) for column in CSV_COLUMNS
                       if column.name not in {"latitude", "longitude"}},
    }


def geojson_chunks(queryset: QuerySet) -> Iterator[str]:
    """A GeoJSON FeatureCollection of the monuments that have coordinates."""
    yield '{"type":"FeatureCollection","features":['
    separator = ""
    for monument in _records(queryset.filter(latitude__isnull=False, longitude__isnull=False)):
        yield separator + json.dumps(geojson_feature(monument), ensure_ascii=False)
        separator = ","
    yield "]}\n"
