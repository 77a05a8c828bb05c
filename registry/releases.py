"""Dated, immutable releases of the published data (`manage.py make_release`).

A release is a folder RELEASES_ROOT/<version>/ written once:

    monuments.csv        the CSV export of every published record (registry/exports.py)
    monuments.geojson    the same records with coordinates, as GeoJSON (RFC 7946)
    monuments.json       full records: events, actor roles with actors, citations with sources
    datapackage.json     the data dictionary, machine-readable (Frictionless Table Schema)
    DATA-DICTIONARY.md   the data dictionary for people: every column, its type and meaning
    CITATION.cff         how to cite the release (Citation File Format 1.2.0)
    README.md            what the release is, its counts, how to verify it
    SHA256SUMS           SHA-256 of every other file (`sha256sum -c SHA256SUMS`)

Files are written to a temporary folder, made read-only and moved into place in one rename, so
a release is complete or absent; an existing release is never written to. All files are read
in one database snapshot, so they agree with each other. `diff_releases()` lists what changed
between two releases from their monuments.json files.
"""

import datetime as dt
import hashlib
import json
import re
import secrets
import shutil
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from django.conf import settings
from django.db import connection, transaction
from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from registry import exports, stats
from registry.choices import (
    ActorCategory,
    CoordinatePrecision,
    DatePrecision,
    Form,
    Origin,
    Setting,
    Status,
)
from registry.models import ActorRole, Citation, Event, Monument, Release

FORMAT_VERSION = 1
SITE_NAME = "Stalin Monument Registry"
DATA_LICENSE = "CC-BY-4.0"
CHUNK_SIZE = 500

#: Files of a release, in the order README lists them (SHA256SUMS covers all but itself).
FILES = ["monuments.csv", "monuments.geojson", "monuments.json", "datapackage.json",
         "DATA-DICTIONARY.md", "CITATION.cff", "README.md"]
CHECKSUMS = "SHA256SUMS"

_VERSION = re.compile(r"^\d{4}-\d{2}-\d{2}(\.\d+)?$")

#: Frictionless Table Schema type of every CSV column (tests check none is missing).
COLUMN_TYPES: dict[str, dict[str, Any]] = {
    "public_id": {"type": "integer"},
    "url": {"type": "string", "format": "uri"},
    "name_en": {"type": "string"},
    "name_ru": {"type": "string"},
    "form": {"type": "string", "constraints": {"enum": list(Form.values)}},
    "status": {"type": "string", "constraints": {"enum": list(Status.values)}},
    "setting": {"type": "string", "constraints": {"enum": list(Setting.values)}},
    "origin": {"type": "string", "constraints": {"enum": list(Origin.values)}},
    "country": {"type": "string", "constraints": {"pattern": "[A-Z]{2}"}},
    "controlled_by": {"type": "string", "constraints": {"pattern": "([A-Z]{2})?"}},
    "region_code": {"type": "string", "constraints": {"pattern": "[A-Z]{2}-[A-Z0-9]{1,3}"}},
    "region_en": {"type": "string"},
    "region_ru": {"type": "string"},
    "settlement_en": {"type": "string"},
    "settlement_ru": {"type": "string"},
    "address": {"type": "string"},
    "latitude": {"type": "number", "constraints": {"minimum": -90, "maximum": 90}},
    "longitude": {"type": "number", "constraints": {"minimum": -180, "maximum": 180}},
    "coordinate_precision": {"type": "string",
                             "constraints": {"enum": list(CoordinatePrecision.values)}},
    "installed_earliest": {"type": "date"},
    "installed_latest": {"type": "date"},
    "installed_precision": {"type": "string", "constraints": {"enum": list(DatePrecision.values)}},
    "installed_year": {"type": "integer"},
    "sponsor_category": {"type": "string", "constraints": {"enum": list(ActorCategory.values)}},
    "sponsors": {"type": "string"},
    "sponsor_slugs": {"type": "string"},
    "source_urls": {"type": "string"},
    "source_count": {"type": "integer"},
    "wikidata_id": {"type": "string", "constraints": {"pattern": "(Q[1-9][0-9]*)?"}},
    "osm_id": {"type": "string"},
    "updated_at": {"type": "datetime"},
}

#: The fields of a monument in monuments.json (public ones only: never curator notes).
MONUMENT_FIELDS = [
    "public_id", "slug", "name_en", "name_ru", "form", "status", "setting", "origin", "country",
    "controlled_by", "settlement_en", "settlement_ru", "address", "latitude", "longitude",
    "coordinate_precision", "installed_earliest", "installed_latest", "installed_precision",
    "installed_year", "sponsor_category", "sponsor_unknown", "description_en", "description_ru",
    "inscription", "height_m", "material", "wikidata_id", "osm_id", "commons_category",
    "wikipedia_en", "wikipedia_ru", "created_at", "updated_at",
]
EVENT_FIELDS = ["id", "kind", "date", "date_earliest", "date_latest", "date_precision",
                "description_en", "description_ru"]
ACTOR_FIELDS = ["slug", "name_en", "name_ru", "kind", "category", "wikidata_id"]
SOURCE_FIELDS = ["kind", "title", "author", "outlet", "published_on", "url", "archived_url",
                 "language", "derivative", "accessed_on"]
CITATION_FIELDS = ["claim", "quote", "locator", "accessed_on"]

#: What diff_releases compares; updated_at alone changing is a save, not a change.
IGNORED_IN_DIFF = {"updated_at"}


class ReleaseError(Exception):
    """A release that cannot be made or read; the message says why."""


def releases_root() -> Path:
    return Path(settings.RELEASES_ROOT)


def published() -> QuerySet:
    return Monument.objects.published().order_by("public_id")


# ---------------------------------------------------------------------------------------------
# Writing

def _json_value(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")
    if isinstance(value, dt.date):
        return value.isoformat()
    if value is not None and not isinstance(value, bool | int | float | str | list | dict):
        return format(value, "f") if hasattr(value, "is_finite") else str(value)
    return value


def _pick(obj: Any, names: Iterable[str]) -> dict[str, Any]:
    return {name: _json_value(getattr(obj, name)) for name in names}


def _for_json(queryset: QuerySet) -> QuerySet:
    return queryset.select_related("region").prefetch_related(
        Prefetch("events", queryset=Event.objects.prefetch_related("actors").order_by(
            "date_earliest", "pk")),
        Prefetch("roles", queryset=ActorRole.objects.select_related("actor__parent").order_by(
            "position", "pk")),
        Prefetch("citations", queryset=Citation.objects.select_related("source").order_by("pk")),
    )


def monument_record(monument: Monument) -> dict[str, Any]:
    """A published monument with everything it says, as plain JSON values."""
    record = _pick(monument, MONUMENT_FIELDS)
    record["url"] = settings.SITE_URL + monument.get_absolute_url()
    record["region"] = ({"code": monument.region.code, "name_en": monument.region.name_en,
                         "name_ru": monument.region.name_ru} if monument.region else None)
    record["events"] = [
        {**_pick(event, EVENT_FIELDS),
         "actors": sorted(actor.slug for actor in event.actors.all())}
        for event in monument.events.all()
    ]
    record["roles"] = [
        {"id": role.pk, "role": role.role, "position": role.position, "note": role.note,
         "actor": {**_pick(role.actor, ACTOR_FIELDS),
                   "parent": role.actor.parent.slug if role.actor.parent else None}}
        for role in monument.roles.all()
    ]
    record["citations"] = [
        {**_pick(citation, CITATION_FIELDS), "event_id": citation.event_id,
         "role_id": citation.role_id, "source": _pick(citation.source, SOURCE_FIELDS)}
        for citation in monument.citations.all()
    ]
    return record


def json_chunks(queryset: QuerySet, *, version: str) -> Iterator[str]:
    """monuments.json, one record per line so large releases stream in and out."""
    yield json.dumps({"format_version": FORMAT_VERSION, "release": version},
                     ensure_ascii=False)[:-1] + ', "monuments": [\n'
    separator = ""
    for monument in _for_json(queryset).iterator(chunk_size=CHUNK_SIZE):
        yield separator + json.dumps(monument_record(monument), ensure_ascii=False,
                                     sort_keys=True)
        separator = ",\n"
    yield "\n]}\n"


def data_package(version: str) -> dict[str, Any]:
    """datapackage.json: the data dictionary as a Frictionless Data Package."""
    fields = [{"name": column.name, "description": column.description,
               **COLUMN_TYPES[column.name]} for column in exports.CSV_COLUMNS]
    return {
        "profile": "data-package",
        "name": "stalin-monument-registry",
        "title": SITE_NAME,
        "version": version,
        "homepage": settings.SITE_URL,
        "licenses": [{"name": DATA_LICENSE, "path": "https://creativecommons.org/licenses/by/4.0/"}],
        "resources": [
            {"name": "monuments", "path": "monuments.csv", "format": "csv",
             "mediatype": "text/csv", "encoding": "utf-8", "profile": "tabular-data-resource",
             "schema": {"fields": fields, "primaryKey": ["public_id"]}},
            {"name": "monuments-geojson", "path": "monuments.geojson", "format": "geojson",
             "mediatype": "application/geo+json",
             "description": "The records with coordinates; properties are the CSV columns."},
            {"name": "monuments-json", "path": "monuments.json", "format": "json",
             "mediatype": "application/json",
             "description": "Full records: events, actor roles with actors, citations with "
                            "sources and quotes."},
        ],
    }


def data_dictionary_markdown() -> str:
    lines = ["# Data dictionary", "",
             "Columns of `monuments.csv` (and properties of `monuments.geojson`). Lists inside "
             "a column are separated as the description says; empty means not known.", "",
             "| column | type | meaning |", "|---|---|---|"]
    for column in exports.CSV_COLUMNS:
        kind = COLUMN_TYPES[column.name]
        allowed = kind.get("constraints", {}).get("enum")
        meaning = column.description + (f" ({', '.join(allowed)})" if allowed else "")
        lines.append(f"| `{column.name}` | {kind['type']} | {meaning} |")
    lines += ["", "`monuments.json` holds the same records with their events, actor roles "
              "(with the actors) and citations (with the sources and the quotes that support "
              "each claim); field names follow the columns above.", ""]
    return "\n".join(lines)


def citation_cff(version: str, day: dt.date) -> str:
    """CITATION.cff (Citation File Format 1.2.0) for the release."""
    document = {
        "cff-version": "1.2.0",
        "message": "If you use this dataset, please cite it as below.",
        "type": "dataset",
        "title": f"{SITE_NAME}: monuments to Joseph Stalin, release {version}",
        "version": version,
        "date-released": day.isoformat(),
        "authors": [{"name": f"{SITE_NAME} contributors"}],
        "license": DATA_LICENSE,
        "url": settings.SITE_URL,
        "abstract": "Cited records of monuments to Joseph Stalin erected since 1995: where, "
                    "when, by whom, with the sources and quotes behind every fact.",
        "keywords": ["Stalin", "monuments", "memory politics", "Russia"],
    }
    return yaml.safe_dump(document, allow_unicode=True, sort_keys=False)


def release_counts(queryset: QuerySet) -> dict[str, Any]:
    """The counts a release's README and its database row state."""
    new = queryset.filter(origin__in=stats.NEW_MONUMENTS["origin"].split(","))
    return {
        "total": stats.total(queryset),
        "new": stats.total(new),
        "new_by_year": {str(row["year"]): row["count"]
                        for row in stats.count_by(new, ["year"]) if row["year"] is not None},
        "new_year_unknown": sum(row["count"] for row in stats.count_by(new, ["year"])
                                if row["year"] is None),
        "by_sponsor_category": {row["sponsor_category"]: row["count"]
                                for row in stats.count_by(queryset, ["sponsor_category"])},
    }


def readme(version: str, day: dt.date, counts: dict[str, Any]) -> str:
    lines = [
        f"# {SITE_NAME}, release {version}", "",
        f"Every monument record published in the registry at the time of the release "
        f"({day.isoformat()}, UTC): {counts['total']} records, of which {counts['new']} are new "
        f"works or replicas of Soviet-era works (\"new monuments\").", "",
        "The same data can be browsed at any time as it stood on this day: "
        f"{settings.SITE_URL}/en/monuments/?as_of={day.isoformat()}", "",
        "## Files", "",
        "| file | what |", "|---|---|",
        "| `monuments.csv` | one row per record; columns in `DATA-DICTIONARY.md` |",
        "| `monuments.geojson` | the records with coordinates (RFC 7946, WGS 84) |",
        "| `monuments.json` | full records with events, actor roles and citations |",
        "| `datapackage.json` | the data dictionary, machine-readable (Frictionless) |",
        "| `DATA-DICTIONARY.md` | every column, its type and meaning |",
        "| `CITATION.cff` | how to cite this release |",
        "| `SHA256SUMS` | checksums: `sha256sum -c SHA256SUMS` |", "",
        "## New monuments by year of first installation", "",
        "Counted once, by the year of first installation, where known to the year "
        "(methodology: the registry's about page).", "",
        "| year | new monuments |", "|---|---|",
        *[f"| {year} | {count} |" for year, count in counts["new_by_year"].items()],
        f"| year not known | {counts['new_year_unknown']} |", "",
        "## All records by category of the first sponsor", "",
        "| sponsor category | records |", "|---|---|",
        *[f"| {category} | {count} |"
          for category, count in counts["by_sponsor_category"].items()], "",
        "## Licence and citation", "",
        f"Data: {DATA_LICENSE}. Quotes are short excerpts of the cited sources, reproduced for "
        "verification. Cite as in `CITATION.cff`.", "",
    ]
    return "\n".join(lines)


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        for block in iter(lambda: file.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _write(path: Path, chunks: Iterable[str]) -> None:
    # "x": a file that exists is never overwritten.
    with path.open("x", encoding="utf-8", newline="") as file:
        for chunk in chunks:
            file.write(chunk)


def next_version(day: dt.date, root: Path) -> str:
    """The day, or the day with the first free suffix (.2, .3…) when releases exist."""
    taken = set(Release.objects.filter(version__startswith=day.isoformat())
                .values_list("version", flat=True))
    version, number = day.isoformat(), 2
    while version in taken or (root / version).exists():
        version = f"{day.isoformat()}.{number}"
        number += 1
    return version


def _make_read_only(folder: Path) -> None:
    for path in folder.iterdir():
        path.chmod(stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)
    folder.chmod(stat.S_IRUSR | stat.S_IXUSR | stat.S_IRGRP | stat.S_IXGRP | stat.S_IROTH
                 | stat.S_IXOTH)


def release_make(*, user=None, now: dt.datetime | None = None) -> Release:
    """Make the next release of the published data; returns its database row."""
    root = releases_root()
    root.mkdir(parents=True, exist_ok=True)
    now = now or timezone.now()
    day = now.astimezone(dt.UTC).date()
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        if outermost:
            # Every file from one snapshot of the database, so they agree with each other
            # (inside an outer transaction, as in tests, that one's snapshot holds).
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        version = next_version(day, root)
        queryset = published()
        staging = root / f".{version}.{secrets.token_hex(4)}.tmp"
        staging.mkdir()
        try:
            counts = release_counts(queryset)
            _write(staging / "monuments.csv", exports.csv_lines(queryset))
            _write(staging / "monuments.geojson", exports.geojson_chunks(queryset))
            _write(staging / "monuments.json", json_chunks(queryset, version=version))
            _write(staging / "datapackage.json",
                   [json.dumps(data_package(version), ensure_ascii=False, indent=2), "\n"])
            _write(staging / "DATA-DICTIONARY.md", [data_dictionary_markdown()])
            _write(staging / "CITATION.cff", [citation_cff(version, day)])
            _write(staging / "README.md", [readme(version, day, counts)])
            files = [{"name": name, "size": (staging / name).stat().st_size,
                      "sha256": sha256_of(staging / name)} for name in sorted(FILES)]
            _write(staging / CHECKSUMS, [f"{entry['sha256']}  {entry['name']}\n"
                                         for entry in files])
            files.append({"name": CHECKSUMS, "size": (staging / CHECKSUMS).stat().st_size,
                          "sha256": sha256_of(staging / CHECKSUMS)})
            release = Release.objects.create(
                version=version, created_at=now, as_of=day, monument_count=counts["total"],
                counts=counts, manifest_sha256=files[-1]["sha256"], path=version, files=files,
                created_by=user,
            )
            _make_read_only(staging)
            target = root / version
            if target.exists():
                raise ReleaseError(f"{target} exists; releases are never overwritten.")
            # One rename: the release folder appears complete or not at all.
            staging.rename(target)
        except BaseException:
            _remove(staging)
            raise
    return release


def _remove(folder: Path) -> None:
    if folder.exists():
        folder.chmod(stat.S_IRWXU)
        shutil.rmtree(folder)


# ---------------------------------------------------------------------------------------------
# Reading

def release_folder(release: Release) -> Path:
    return releases_root() / release.path


def release_file(release: Release, name: str) -> Path:
    """The path of one of the release's files; any other name (`../x`, a file not listed in
    the release) is refused, so no path outside the release can be reached."""
    if name not in {entry["name"] for entry in release.files}:
        raise ReleaseError(f"Release {release.version} has no file {name!r}.")
    return release_folder(release) / name


@dataclass
class VerifyResult:
    ok: bool
    problems: list[str] = field(default_factory=list)


def verify_release(release: Release) -> VerifyResult:
    """Check every file against SHA256SUMS, and SHA256SUMS against the database row."""
    folder = release_folder(release)
    problems = []
    checksums = folder / CHECKSUMS
    if not checksums.exists():
        return VerifyResult(False, [f"{checksums} is missing."])
    if sha256_of(checksums) != release.manifest_sha256:
        problems.append(f"{CHECKSUMS} differs from the checksum recorded for the release.")
    for line in checksums.read_text(encoding="utf-8").splitlines():
        expected, name = line.split("  ", 1)
        path = folder / name
        if not path.exists():
            problems.append(f"{name} is missing.")
        elif sha256_of(path) != expected:
            problems.append(f"{name} does not match its checksum.")
    return VerifyResult(not problems, problems)


def resolve(reference: str) -> Path:
    """A release's folder from its version (2026-11-27) or a path to a release folder."""
    if _VERSION.match(reference):
        release = Release.objects.filter(version=reference).first()
        folder = release_folder(release) if release else releases_root() / reference
    else:
        folder = Path(reference)
    if not (folder / "monuments.json").is_file():
        raise ReleaseError(f"No release at {folder} (monuments.json not found).")
    return folder


def read_records(folder: Path) -> dict[int, dict[str, Any]]:
    with (folder / "monuments.json").open(encoding="utf-8") as file:
        document = json.load(file)
    return {record["public_id"]: record for record in document["monuments"]}


@dataclass
class ReleaseDiff:
    added: list[dict[str, Any]]
    changed: list[dict[str, Any]]  #: {"public_id", "name_en", "fields": [...]}
    removed: list[dict[str, Any]]  #: no longer published: retired, sent back, or deleted

    def as_dict(self) -> dict[str, Any]:
        return {"added": self.added, "changed": self.changed, "removed": self.removed}


def _summary(record: dict[str, Any]) -> dict[str, Any]:
    return {"public_id": record["public_id"], "name_en": record["name_en"],
            "url": record.get("url", "")}


def diff_releases(a: str | Path, b: str | Path) -> ReleaseDiff:
    """What changed from release `a` to release `b` (versions or folders)."""
    old = read_records(resolve(str(a)))
    new = read_records(resolve(str(b)))
    changed = []
    for public_id in sorted(old.keys() & new.keys()):
        fields = sorted(name for name in old[public_id].keys() | new[public_id].keys()
                        if name not in IGNORED_IN_DIFF
                        and old[public_id].get(name) != new[public_id].get(name))
        if fields:
            changed.append({**_summary(new[public_id]), "fields": fields})
    removed = [_summary(old[public_id]) for public_id in sorted(old.keys() - new.keys())]
    states = dict(Monument.objects.filter(public_id__in=[r["public_id"] for r in removed])
                  .values_list("public_id", "state"))
    for record in removed:
        record["state_now"] = states.get(record["public_id"], "deleted")
    return ReleaseDiff(
        added=[_summary(new[public_id]) for public_id in sorted(new.keys() - old.keys())],
        changed=changed,
        removed=removed,
    )


def release_as_dict(release: Release, *, download_url) -> dict[str, Any]:
    """A release as the API lists it; `download_url(release, name)` makes each file's URL."""
    return {
        "version": release.version,
        "created_at": _json_value(release.created_at),
        "as_of": release.as_of.isoformat(),
        "monument_count": release.monument_count,
        "counts": release.counts,
        "manifest_sha256": release.manifest_sha256,
        "files": [{**entry, "url": download_url(release, entry["name"])}
                  for entry in release.files],
    }
