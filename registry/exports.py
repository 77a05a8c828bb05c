"""CSV and GeoJSON exports of a filtered set of monuments, streamed in constant memory.

The browse page's download links and the API's `?format=csv|geojson` both use these
generators, so the two always agree. The CSV columns are documented in `CSV_COLUMNS` (and in
docs/api.md); GeoJSON follows RFC 7946 (WGS 84, longitude first).
"""

import csv
import io
import json
from collections.abc import Callable, Iterator
from typing import Any, NamedTuple

from django.conf import settings
from django.db.models import Prefetch, QuerySet

from registry.choices import Role
from registry.models import ActorRole, Citation, Monument

CHUNK_SIZE = 1000


class Column(NamedTuple):
    name: str
    description: str
    value: Callable[[Monument], Any]


def _sponsors(monument: Monument) -> list[ActorRole]:
    return [role for role in monument.export_roles if role.role == Role.SPONSOR]


def _decimal(value) -> str:
    return "" if value is None else format(value, "f")


CSV_COLUMNS: list[Column] = [
    Column("public_id", "Stable public identifier of the record", lambda m: m.public_id),
    Column("url", "The record's public page", lambda m: settings.SITE_URL + m.get_absolute_url()),
    Column("name_en", "Name in English", lambda m: m.name_en),
    Column("name_ru", "Name in Russian (as the sources give it)", lambda m: m.name_ru),
    Column("form", "Form (bust, statue, …)", lambda m: m.form),
    Column("status", "Current status (standing, removed, …)", lambda m: m.status),
    Column("setting", "Setting (public_space, party_office, …)", lambda m: m.setting),
    Column("origin", "new, soviet_replica, soviet_restoration or soviet_original",
           lambda m: m.origin),
    Column("country", "ISO 3166-1 alpha-2 of the recognised state", lambda m: m.country),
    Column("controlled_by", "ISO 3166-1 alpha-2 of the controlling authority where it differs",
           lambda m: m.controlled_by),
    Column("region_code", "ISO 3166-2 region code", lambda m: m.region.code if m.region else ""),
    Column("region_en", "Region name in English", lambda m: m.region.name_en if m.region else ""),
    Column("region_ru", "Region name in Russian", lambda m: m.region.name_ru if m.region else ""),
    Column("settlement_en", "Settlement in English", lambda m: m.settlement_en),
    Column("settlement_ru", "Settlement in Russian", lambda m: m.settlement_ru),
    Column("address", "Address or site description", lambda m: m.address),
    Column("latitude", "Latitude, decimal degrees (WGS 84)", lambda m: _decimal(m.latitude)),
    Column("longitude", "Longitude, decimal degrees (WGS 84)", lambda m: _decimal(m.longitude)),
    Column("coordinate_precision", "exact, photo, geocoded, settlement or unknown",
           lambda m: m.coordinate_precision),
    Column("installed_earliest", "First installation: earliest possible date (ISO 8601)",
           lambda m: m.installed_earliest.isoformat() if m.installed_earliest else ""),
    Column("installed_latest", "First installation: latest possible date (ISO 8601)",
           lambda m: m.installed_latest.isoformat() if m.installed_latest else ""),
    Column("installed_precision", "Precision of the first installation date",
           lambda m: m.installed_precision),
    Column("installed_year", "Year of first installation, where known to the year",
           lambda m: m.installed_year or ""),
    Column("sponsor_category", "Category of the first sponsor (what counts use)",
           lambda m: m.sponsor_category),
    Column("sponsors", "Sponsors' English names, separated by '; '",
           lambda m: "; ".join(role.actor.name_en for role in _sponsors(m))),
    Column("sponsor_slugs", "Sponsors' identifiers (the actor filter), separated by ';'",
           lambda m: ";".join(role.actor.slug for role in _sponsors(m))),
    Column("source_urls", "URLs of the sources cited, separated by ' '",
           lambda m: " ".join(dict.fromkeys(c.source.url for c in m.export_citations
                                            if c.source.url))),
    Column("source_count", "Number of distinct sources cited",
           lambda m: len({c.source_id for c in m.export_citations})),
    Column("wikidata_id", "Wikidata item of the monument", lambda m: m.wikidata_id),
    Column("osm_id", "OpenStreetMap element", lambda m: m.osm_id),
    Column("updated_at", "When the record last changed (ISO 8601, UTC)",
           lambda m: m.updated_at.isoformat()),
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


def csv_lines(queryset: QuerySet) -> Iterator[str]:
    """The CSV file, a line at a time: a header, then one row per monument."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)

    def line(values) -> str:
        buffer.seek(0)
        buffer.truncate()
        writer.writerow(values)
        return buffer.getvalue()

    yield line(column.name for column in CSV_COLUMNS)
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
