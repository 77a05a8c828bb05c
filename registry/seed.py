"""Load the registry's real, curated records from `fixtures/` (see fixtures/README.md).

Loading is idempotent: every record is matched on a stable key (actor slug, source URL,
monument public identifier; events, roles and citations on what they say) and saved only when
something differs, so a second load changes nothing and writes no history.
"""

from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml
from django.core.exceptions import ValidationError
from django.db import models, transaction

from registry import derived
from registry.models import Actor, ActorRole, Citation, Event, Monument, Region, Source
from registry.models.monuments import sync_public_id_sequence

CHANGE_REASON = "Loaded from fixtures/"


class SeedError(Exception):
    """A fixture record that cannot be loaded; the message names the file and the record."""


@dataclass
class SeedSummary:
    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)

    def count(self, model: type[models.Model], created: bool) -> None:
        tally = self.created if created else self.updated
        name = model._meta.verbose_name_plural
        tally[name] = tally.get(name, 0) + 1

    def __str__(self) -> str:
        def describe(tally: dict[str, int]) -> str:
            return ", ".join(f"{n} {name}" for name, n in sorted(tally.items())) or "nothing"

        return f"created {describe(self.created)}; updated {describe(self.updated)}"


def load_records(directory: Path) -> SeedSummary:
    """Load actors, sources and monuments from `directory`, all or nothing."""
    summary = SeedSummary()
    with transaction.atomic(), derived.refreshing_later():
        actors = _load_actors(_read(directory / "actors.yaml"), summary)
        sources = _load_sources(_read(directory / "sources.yaml"), summary)
        regions = {region.code: region for region in Region.objects.all()}
        for record in _read(directory / "monuments.yaml"):
            where = f"monuments.yaml, public_id {record.get('public_id')}"
            try:
                _load_monument(record, actors, sources, regions, summary)
            except (KeyError, ValidationError, ValueError) as error:
                raise SeedError(f"{where}: {_describe(error)}") from error
        sync_public_id_sequence()
    return summary


def _read(path: Path) -> list[dict[str, Any]]:
    try:
        with path.open(encoding="utf-8") as file:
            records = yaml.safe_load(file) or []
    except (OSError, yaml.YAMLError) as error:
        raise SeedError(f"{path.name}: {error}") from error
    if not isinstance(records, list):
        raise SeedError(f"{path.name}: expected a list of records")
    return records


def _describe(error: Exception) -> str:
    if isinstance(error, ValidationError) and hasattr(error, "message_dict"):
        return "; ".join(f"{name}: {' '.join(messages)}"
                         for name, messages in error.message_dict.items())
    if isinstance(error, KeyError):
        return f"unknown or missing {error}"
    return str(error)


def _upsert(model, lookup: dict[str, Any], values: dict[str, Any], summary: SeedSummary):
    """Create or update one row, saving (and writing history) only if something changed."""
    instance = model.objects.filter(**lookup).first()
    created = instance is None
    if created:
        instance = model(**lookup)
    changed = created
    for name, value in values.items():
        if getattr(instance, name) != value:
            setattr(instance, name, value)
            changed = True
    if changed:
        instance.full_clean(validate_unique=False, validate_constraints=False)
        instance._change_reason = CHANGE_REASON
        instance.save()
        summary.count(model, created)
    return instance


def _load_actors(records, summary) -> dict[str, Actor]:
    actors: dict[str, Actor] = {}
    for record in records:
        try:
            parent = actors[record["parent"]] if record.get("parent") else None
            actors[record["slug"]] = _upsert(
                Actor,
                {"slug": record["slug"]},
                {
                    "name_en": record["name_en"],
                    "name_ru": record.get("name_ru", ""),
                    "kind": record["kind"],
                    "category": record["category"],
                    "parent": parent,
                    "description_en": record.get("description_en", ""),
                    "description_ru": record.get("description_ru", ""),
                    "wikidata_id": record.get("wikidata_id", ""),
                },
                summary,
            )
        except (KeyError, ValidationError) as error:
            raise SeedError(f"actors.yaml, {record.get('slug')}: {_describe(error)}") from error
    return actors


def _load_sources(records, summary) -> dict[str, Source]:
    sources: dict[str, Source] = {}
    for record in records:
        try:
            sources[record["url"]] = _upsert(
                Source,
                {"url": record["url"]},
                {
                    "title": record["title"],
                    "outlet": record.get("outlet", ""),
                    "author": record.get("author", "") or "",
                    "published_on": record.get("published_on"),
                    "language": record.get("language", ""),
                    "kind": record.get("kind", "news"),
                    "derivative": bool(record.get("derivative", False)),
                    "archived_url": record.get("archived_url", "") or "",
                    "accessed_on": record.get("accessed_on"),
                },
                summary,
            )
        except (KeyError, ValidationError) as error:
            raise SeedError(f"sources.yaml, {record.get('url')}: {_describe(error)}") from error
    return sources


MONUMENT_FIELDS = (
    "slug", "name_en", "name_ru", "form", "status", "setting", "origin", "country",
    "controlled_by", "settlement_en", "settlement_ru", "address", "coordinate_precision",
    "material", "description_en", "description_ru", "inscription", "sponsor_unknown", "state",
    "wikidata_id", "osm_id", "commons_category", "wikipedia_en", "wikipedia_ru",
)
#: Decimal fields and the precision their columns keep.
DECIMAL_FIELDS = {"latitude": Decimal("0.000001"), "longitude": Decimal("0.000001"),
                  "height_m": Decimal("0.01")}


def _load_monument(record, actors, sources, regions, summary) -> Monument:
    values = {name: record[name] for name in MONUMENT_FIELDS if name in record}
    values = {name: ("" if value is None else value) for name, value in values.items()}
    for name, quantum in DECIMAL_FIELDS.items():
        value = record.get(name)
        values[name] = None if value is None else Decimal(str(value)).quantize(quantum)
    values["region"] = regions[record["region"]] if record.get("region") else None
    monument = _upsert(Monument, {"public_id": record["public_id"]}, values, summary)

    events = []
    for event_record in record.get("events", []):
        event = _upsert(
            Event,
            {"monument": monument, "kind": event_record["kind"],
             "date": str(event_record.get("date") or "")},
            {"description_en": event_record.get("description_en", ""),
             "description_ru": event_record.get("description_ru", "")},
            summary,
        )
        wanted = {actors[slug].pk for slug in event_record.get("actors", [])}
        if set(event.actors.values_list("pk", flat=True)) != wanted:
            event.actors.set(wanted)
        events.append(event)
    monument.events.exclude(pk__in=[e.pk for e in events]).delete()

    roles = []
    for position, role_record in enumerate(record.get("roles", [])):
        roles.append(_upsert(
            ActorRole,
            {"monument": monument, "actor": actors[role_record["actor"]],
             "role": role_record["role"]},
            {"position": position, "note": role_record.get("note", "")},
            summary,
        ))
    monument.roles.exclude(pk__in=[r.pk for r in roles]).delete()

    citations = []
    for citation_record in record.get("citations", []):
        event_index = citation_record.get("event")
        citations.append(_upsert(
            Citation,
            {"monument": monument, "source": sources[citation_record["source"]],
             "claim": citation_record.get("claim", "existence"),
             "event": events[event_index] if event_index is not None else None,
             "quote": citation_record.get("quote", "")},
            {"locator": citation_record.get("locator", ""),
             "accessed_on": citation_record.get("accessed_on")},
            summary,
        ))
    monument.citations.exclude(pk__in=[c.pk for c in citations]).delete()
    return monument
