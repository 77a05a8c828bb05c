"""Synthetic records for measuring the registry at scale (`manage.py generate_synthetic`).

The records look like the real ones (names in Russian and English, the real regions, years,
forms and sponsor categories weighted like `fixtures/`, events, actors, sources and citations)
so that query plans and benchmarks see realistic data. They are never registry content:

- every monument has `is_synthetic=True`;
- every actor's slug starts with `synthetic-` and its description says so;
- every source's title starts with "[Synthetic]", its outlet is "Synthetic …" and its URL is on
  `synthetic.example.org` (a reserved example domain);
- they are only generated into a database that holds no real monument (`generate` refuses).

Everything is inserted with `bulk_create` in batches; the derived fields and search documents
are computed once at the end, set-based, by `registry.derived` (the same code a curator's save
runs), so the synthetic records are counted and searched exactly like real ones.
"""

from __future__ import annotations

import calendar
import datetime as dt
import random
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any, TypeVar

import yaml
from django.conf import settings
from django.db import connection, transaction
from django.utils.text import slugify

from registry import cache, derived
from registry.choices import (
    ActorCategory,
    ActorKind,
    Claim,
    CoordinatePrecision,
    DatePrecision,
    EventKind,
    Form,
    Origin,
    Role,
    Setting,
    SourceKind,
    State,
    Status,
)
from registry.dates import DateRange, parse_date_range
from registry.models import Actor, ActorRole, Citation, Event, Monument, Region, Source
from registry.models.monuments import PUBLIC_ID_SEQUENCE

#: Where every synthetic source points: a reserved example domain (RFC 2606).
SOURCE_URL_PREFIX = "https://synthetic.example.org/"
SOURCE_TITLE_PREFIX = "[Synthetic] "
ACTOR_SLUG_PREFIX = "synthetic-"
SYNTHETIC_NOTE = "Synthetic record generated for benchmarks; not registry content."

FIRST_YEAR, LAST_YEAR = 1995, 2025
BATCH_SIZE = 2000

T = TypeVar("T")


class RealRecordsPresent(Exception):
    """The database holds real records; synthetic ones must go to a separate database."""


@dataclass
class SyntheticSummary:
    monuments: int = 0
    events: int = 0
    actors: int = 0
    roles: int = 0
    sources: int = 0
    citations: int = 0
    seconds: dict[str, float] = field(default_factory=dict)

    def __str__(self) -> str:
        timing = ", ".join(f"{step} {seconds:.1f}s" for step, seconds in self.seconds.items())
        return (f"{self.monuments} monuments, {self.events} events, {self.actors} actors, "
                f"{self.roles} actor roles, {self.sources} sources, {self.citations} citations "
                f"({timing})")


# --- What the real records look like -------------------------------------------------------

@dataclass(frozen=True)
class RealShape:
    """Frequencies read off the real records in fixtures/, smoothed so nothing is impossible."""

    years: dict[int, float]
    sponsor_categories: dict[str, float]
    regions: Counter


def real_shape(directory: Path | None = None) -> RealShape:
    directory = directory or settings.BASE_DIR / "fixtures"
    monuments = yaml.safe_load((directory / "monuments.yaml").read_text(encoding="utf-8")) or []
    actors = yaml.safe_load((directory / "actors.yaml").read_text(encoding="utf-8")) or []
    category_of = {actor["slug"]: actor["category"] for actor in actors}

    years: Counter = Counter()
    categories: Counter = Counter()
    regions: Counter = Counter()
    for record in monuments:
        regions[record.get("region")] += 1
        installed = [parse_date_range(str(event.get("date") or "")).earliest
                     for event in record.get("events", [])
                     if event["kind"] in (EventKind.INSTALLED, EventKind.UNVEILED)]
        installed = [date for date in installed if date]
        if installed and FIRST_YEAR <= min(installed).year <= LAST_YEAR:
            years[min(installed).year] += 1
        sponsors = [role["actor"] for role in record.get("roles", [])
                    if role["role"] == Role.SPONSOR]
        if sponsors:
            categories[category_of.get(sponsors[0], ActorCategory.UNKNOWN)] += 1
    # The real counts, plus a floor that grows toward recent years: most new monuments went up
    # after 2010 (Arkhipova and Lapshin 2025), and no year is left empty.
    year_weights = {
        year: years[year] + 0.5 + 2.5 * ((year - FIRST_YEAR) / (LAST_YEAR - FIRST_YEAR)) ** 2
        for year in range(FIRST_YEAR, LAST_YEAR + 1)
    }
    category_weights = {category: categories[category] + 0.5
                        for category in ActorCategory.values if category != ActorCategory.UNKNOWN}
    category_weights[ActorCategory.KPRF] += 5  # the party's share in the published studies
    return RealShape(year_weights, category_weights, regions)


# --- Names ----------------------------------------------------------------------------------

_TRANSLIT = str.maketrans({
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "yo", "ж": "zh", "з": "z",
    "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r",
    "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh",
    "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu", "я": "ya",
})


def transliterate(text: str) -> str:
    latin = text.lower().translate(_TRANSLIT)
    return " ".join(word.capitalize() for word in latin.split(" "))


_SETTLEMENT_STARTS = ["Красно", "Ново", "Старо", "Бело", "Верхне", "Нижне", "Черно", "Сосново",
                      "Берёзово", "Камено", "Зелено", "Светло", "Озёро", "Лесо", "Каменно",
                      "Петро", "Алексе", "Михайло", "Покро", "Вознесе", "Ильино", "Глубоко",
                      "Солнече", "Тихо", "Широко"]
_SETTLEMENT_ENDS = ["горск", "дольск", "полье", "заводск", "реченск", "ярск", "борск", "во",
                    "вка", "градск", "озёрск", "поле", "сельск", "городок", "дар", "каменск",
                    "ск", "ово", "ское", "енка"]

# What a monument is called, by form: (English, Russian).
_FORM_NAMES = {
    Form.STATUE: ("Stalin statue", "Памятник И. В. Сталину"),
    Form.SEATED_STATUE: ("Seated Stalin statue", "Скульптура сидящего И. В. Сталина"),
    Form.BUST: ("Stalin bust", "Бюст И. В. Сталина"),
    Form.BAS_RELIEF: ("Stalin bas-relief", "Барельеф И. В. Сталина"),
    Form.PLAQUE_PORTRAIT: ("Plaque with Stalin's portrait", "Доска с портретом И. В. Сталина"),
    Form.PLAQUE_TEXT: ("Memorial plaque to Stalin", "Мемориальная доска И. В. Сталину"),
    Form.STELE: ("Stele with Stalin's portrait", "Стела с портретом И. В. Сталина"),
    Form.MURAL: ("Stalin mosaic", "Мозаика с И. В. Сталиным"),
    Form.GROUP: ("Sculptural group with Stalin", "Скульптурная композиция с И. В. Сталиным"),
    Form.OTHER: ("Stalin memorial sign", "Памятный знак И. В. Сталину"),
    Form.UNKNOWN: ("Stalin monument", "Памятник Сталину"),
}
_SETTING_PLACES = {
    Setting.PUBLIC_SPACE: ("in the central square", "на центральной площади"),
    Setting.PARTY_OFFICE: ("outside the party office", "у здания райкома"),
    Setting.ENTERPRISE: ("on the grounds of a works", "на территории предприятия"),
    Setting.PRIVATE_PLOT: ("on a private plot", "на частном участке"),
    Setting.CAFE_SHOP: ("at a café", "у кафе"),
    Setting.MUSEUM: ("in the local museum", "в краеведческом музее"),
    Setting.INSTITUTION: ("at a school", "у школы"),
    Setting.STATION: ("at the railway station", "у вокзала"),
    Setting.CEMETERY: ("at the cemetery", "на кладбище"),
    Setting.OTHER: ("in the village", "в посёлке"),
    Setting.UNKNOWN: ("", ""),
}
_STREETS = ["ул. Ленина", "ул. Советская", "ул. Победы", "пр. Мира", "ул. Сталина",
            "ул. Гагарина", "ул. Комсомольская", "пл. Победы", "ул. Октябрьская"]
_SCULPTOR_FIRST = ["Александр", "Сергей", "Николай", "Владимир", "Михаил", "Андрей", "Юрий",
                   "Виктор", "Иван", "Пётр", "Зураб", "Константин"]
_SCULPTOR_LAST = ["Иванов", "Кузнецов", "Смирнов", "Волков", "Морозов", "Лебедев", "Козлов",
                  "Новиков", "Соколов", "Павлов", "Семёнов", "Голубев", "Виноградов",
                  "Богданов", "Воробьёв", "Фёдоров", "Михайлов", "Беляев", "Тарасов", "Белов"]

#: Approximate extent of each country, for coordinates of generated settlements.
_COUNTRY_BOUNDS = {
    "RU": (44.0, 64.0, 30.0, 135.0),
    "UA": (45.0, 51.5, 23.0, 39.5),
    "GE": (42.0, 43.5, 40.0, 44.5),
    "MD": (46.5, 48.0, 28.8, 29.8),
}
#: Ukrainian regions (wholly or partly) under Russian occupation.
_OCCUPIED = {"UA-09", "UA-14", "UA-23", "UA-40", "UA-43", "UA-65"}
_CONTROLLED_BY = {"GE-AB": "RU", "GE-SK": "RU", "MD-SN": "RU", **dict.fromkeys(_OCCUPIED, "RU")}


@dataclass
class Place:
    region: Region
    settlement_ru: str
    settlement_en: str
    latitude: float
    longitude: float


def _weighted(rng: random.Random, weights: dict[T, float]) -> Callable[[], T]:
    values, cumulative = list(weights), []
    total = 0.0
    for value in values:
        total += weights[value]
        cumulative.append(total)
    return lambda: rng.choices(values, cum_weights=cumulative)[0]


def _places(rng: random.Random, regions: Sequence[Region], per_region: int) -> dict[int, list]:
    places: dict[int, list[Place]] = {}
    for region in regions:
        south, north, west, east = _COUNTRY_BOUNDS.get(region.country, _COUNTRY_BOUNDS["RU"])
        centre_lat = rng.uniform(south + 1, north - 1) if north - south > 2 else (north + south) / 2
        centre_lon = rng.uniform(west + 1, east - 1) if east - west > 2 else (east + west) / 2
        region_places = []
        for _ in range(per_region):
            name_ru = rng.choice(_SETTLEMENT_STARTS) + rng.choice(_SETTLEMENT_ENDS)
            lat = min(max(centre_lat + rng.gauss(0, 1.2), south), north)
            lon = min(max(centre_lon + rng.gauss(0, 2.0), west), east)
            region_places.append(Place(region, name_ru, transliterate(name_ru), lat, lon))
        places[region.pk] = region_places
    return places


# --- Generation -----------------------------------------------------------------------------

def ensure_no_real_records() -> None:
    real = Monument.objects.filter(is_synthetic=False).count()
    if real:
        raise RealRecordsPresent(
            f"This database holds {real} real (non-synthetic) monument record(s). Synthetic "
            "records are generated only into a separate database: point DATABASE_URL at an "
            "empty one, e.g. postgres://postgres@127.0.0.1:5432/registry_bench, and migrate it."
        )


def _batches(items: list[T], size: int = BATCH_SIZE) -> Iterator[list[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _bulk(model, objects: list, **kwargs) -> list:
    created = []
    for batch in _batches(objects):
        created.extend(model.objects.bulk_create(batch, **kwargs))
    return created


def date_span(date: str) -> DateRange:
    """The range of one of the dates `edtf_date` writes, as `parse_date_range` gives it.

    Computed directly: the EDTF parser takes milliseconds a date, minutes at this scale
    (a test checks that the two agree on every form written here).
    """
    approximate = date.endswith("~")
    parts = [int(part) for part in date.rstrip("~").split("-")]
    if len(parts) == 3:
        day = dt.date(*parts)
        return DateRange(day, day, DatePrecision.DAY)
    if len(parts) == 2:
        year, month = parts
        last = calendar.monthrange(year, month)[1]
        return DateRange(dt.date(year, month, 1), dt.date(year, month, last), DatePrecision.MONTH)
    (year,) = parts
    return DateRange(dt.date(year, 1, 1), dt.date(year, 12, 31),
                     DatePrecision.APPROXIMATE if approximate else DatePrecision.YEAR)


def edtf_date(rng: random.Random, year: int) -> str:
    """A date as the sources give it: mostly to the day, sometimes the month, year or about."""
    roll = rng.random()
    if roll < 0.55:
        return dt.date(year, rng.randint(1, 12), rng.randint(1, 28)).isoformat()
    if roll < 0.75:
        return f"{year}-{rng.randint(1, 12):02d}"
    if roll < 0.95:
        return str(year)
    return f"{year}~"


def _event(monument: Monument, kind: str, date: str, description_en: str,
           description_ru: str) -> Event:
    span = date_span(date)
    return Event(monument=monument, kind=kind, date=date, date_earliest=span.earliest,
                 date_latest=span.latest, date_precision=span.precision,
                 description_en=description_en, description_ru=description_ru)


def _actors(rng: random.Random, regions: Sequence[Region]) -> dict[str, Any]:
    """The synthetic actors: a KPRF with a committee in every region, and others by region."""
    def actor(slug: str, name_en: str, name_ru: str, category: str, kind=ActorKind.ORGANISATION,
              parent: Actor | None = None) -> Actor:
        return Actor(slug=ACTOR_SLUG_PREFIX + slug, name_en=name_en, name_ru=name_ru, kind=kind,
                     category=category, parent=parent, description_en=SYNTHETIC_NOTE,
                     description_ru="Синтетическая запись для замеров; не данные реестра.")

    kprf = actor("kprf", "Communist Party of the Russian Federation",
                 "Коммунистическая партия Российской Федерации", ActorCategory.KPRF)
    _bulk(Actor, [kprf])
    by_region: dict[int, dict[str, list[Actor]]] = {}
    others: list[Actor] = []
    for region in regions:
        code = region.code.lower()
        pool: dict[str, list[Actor]] = {
            ActorCategory.KPRF: [actor(f"kprf-{code}", f"KPRF {region.name_en} committee",
                                       f"Комитет КПРФ: {region.name_ru}", ActorCategory.KPRF,
                                       parent=kprf)],
            ActorCategory.PUBLIC_ASSOCIATION: [actor(
                f"veterans-{code}", f"Veterans' council, {region.name_en}",
                f"Совет ветеранов: {region.name_ru}", ActorCategory.PUBLIC_ASSOCIATION)],
            ActorCategory.MUNICIPAL_AUTHORITY: [actor(
                f"administration-{code}", f"District administration, {region.name_en}",
                f"Администрация района: {region.name_ru}", ActorCategory.MUNICIPAL_AUTHORITY)],
            ActorCategory.BUSINESS: [actor(
                f"business-{code}", f"Agricultural enterprise, {region.name_en}",
                f"Агропредприятие: {region.name_ru}", ActorCategory.BUSINESS)],
            ActorCategory.INDIVIDUAL: [actor(
                f"residents-{code}", f"Local residents, {region.name_en}",
                f"Местные жители: {region.name_ru}", ActorCategory.INDIVIDUAL,
                kind=ActorKind.GROUP)],
        }
        by_region[region.pk] = pool
        others.extend(a for group in pool.values() for a in group)
    # Categories with no regional actor share a few national ones.
    national: dict[str, Actor] = {}
    for category in ActorCategory.values:
        if category not in (ActorCategory.KPRF, ActorCategory.PUBLIC_ASSOCIATION,
                            ActorCategory.MUNICIPAL_AUTHORITY, ActorCategory.BUSINESS,
                            ActorCategory.INDIVIDUAL):
            label = ActorCategory(category).label
            national[category] = actor(f"national-{category.replace('_', '-')}",
                                       f"{label} (national)", f"{label} (общероссийская)",
                                       category)
    sculptors = []
    for number in range(200):
        first, last = rng.choice(_SCULPTOR_FIRST), rng.choice(_SCULPTOR_LAST)
        sculptors.append(actor(f"sculptor-{number}",
                               f"{transliterate(first)} {transliterate(last)}", f"{first} {last}",
                               ActorCategory.INDIVIDUAL, kind=ActorKind.PERSON))
    _bulk(Actor, others + list(national.values()) + sculptors)
    return {"kprf": kprf, "by_region": by_region, "national": national, "sculptors": sculptors}


def generate(count: int, *, seed: int = 1995,
             progress: Callable[[str], None] | None = None) -> SyntheticSummary:
    """Insert `count` synthetic monuments with their parts into the current database."""
    ensure_no_real_records()
    say = progress or (lambda message: None)
    rng = random.Random(seed)
    summary = SyntheticSummary()
    started = time.monotonic()
    shape = real_shape()

    regions = list(Region.objects.all())
    region_weights = {}
    for region in regions:
        real = shape.regions.get(region.code, 0)
        if region.country == "RU":
            region_weights[region.pk] = 1.0 + 2.0 * real
        elif region.code in _CONTROLLED_BY:
            region_weights[region.pk] = 0.6 + 2.0 * real
        else:
            region_weights[region.pk] = 0.05
    region_by_pk = {region.pk: region for region in regions}
    pick_region = _weighted(rng, region_weights)
    pick_year = _weighted(rng, shape.years)
    pick_category = _weighted(rng, shape.sponsor_categories)
    pick_form = _weighted(rng, {Form.BUST: 60, Form.STATUE: 8, Form.SEATED_STATUE: 2,
                                Form.BAS_RELIEF: 5, Form.PLAQUE_PORTRAIT: 8, Form.PLAQUE_TEXT: 3,
                                Form.STELE: 4, Form.MURAL: 2, Form.GROUP: 2, Form.OTHER: 1,
                                Form.UNKNOWN: 5})
    pick_setting = _weighted(rng, dict(zip(
        Setting.values, [30, 15, 8, 6, 5, 8, 5, 1, 1, 2, 19], strict=True)))
    pick_origin = _weighted(rng, {Origin.NEW: 85, Origin.SOVIET_RESTORATION: 8,
                                  Origin.SOVIET_REPLICA: 4, Origin.SOVIET_ORIGINAL: 3})
    pick_state = _weighted(rng, {State.PUBLISHED: 90, State.DRAFT: 5, State.IN_REVIEW: 3,
                                 State.RETIRED: 2})
    pick_precision = _weighted(rng, {CoordinatePrecision.EXACT: 40, CoordinatePrecision.PHOTO: 10,
                                     CoordinatePrecision.GEOCODED: 30,
                                     CoordinatePrecision.SETTLEMENT: 20})

    with transaction.atomic(), derived.refreshing_later():
        say("actors…")
        actors = _actors(rng, regions)
        summary.actors = Actor.objects.filter(slug__startswith=ACTOR_SLUG_PREFIX).count()
        places = _places(rng, regions, per_region=30)
        summary.seconds["actors"] = time.monotonic() - started

        say("sources…")
        step = time.monotonic()
        source_count = max(1, int(count * 0.8))
        outlets = ["Synthetic Regional News", "Synthetic Herald", "Synthetic Pravda (KPRF)",
                   "Synthetic Telegram channel", "Synthetic City Portal"]
        sources = []
        for number in range(source_count):
            year = pick_year()
            sources.append(Source(
                kind=rng.choice([SourceKind.NEWS] * 6 + [SourceKind.PARTY, SourceKind.SOCIAL]),
                title=f"{SOURCE_TITLE_PREFIX}Памятник Сталину: сообщение № {number + 1}",
                outlet=rng.choice(outlets), published_on=dt.date(year, rng.randint(1, 12),
                                                                 rng.randint(1, 28)),
                url=f"{SOURCE_URL_PREFIX}news/{seed}/{number + 1}", language="ru",
                accessed_on=dt.date(2025, 9, 1),
            ))
        sources = _bulk(Source, sources)
        summary.sources = len(sources)
        summary.seconds["sources"] = time.monotonic() - step

        say("monuments…")
        step = time.monotonic()
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT nextval('{PUBLIC_ID_SEQUENCE}') "
                           "FROM generate_series(1, %s)", [count])
            public_ids = [row[0] for row in cursor.fetchall()]
        monuments, plans = [], []
        for public_id in public_ids:
            region = region_by_pk[pick_region()]
            place = rng.choice(places[region.pk])
            form, setting, origin = pick_form(), pick_setting(), pick_origin()
            year = pick_year()
            name_en, name_ru = _FORM_NAMES[form]
            place_en, place_ru = _SETTING_PLACES[setting]
            has_coordinates = rng.random() < 0.8
            removed = rng.random() < (0.12 if region.country == "UA" and
                                      region.code not in _OCCUPIED else 0.06)
            relocated = not removed and rng.random() < 0.03
            status = (Status.REMOVED if removed else Status.RELOCATED if relocated else
                      rng.choices([Status.STANDING, Status.DAMAGED, Status.COVERED,
                                   Status.UNKNOWN], [85, 4, 1, 10])[0])
            sponsor_category = None if rng.random() < 0.07 else pick_category()
            monuments.append(Monument(
                public_id=public_id,
                slug=f"{slugify(name_en)}-{slugify(place.settlement_en)}-{public_id}"[:160],
                name_en=f"{name_en}, {place.settlement_en}",
                name_ru=f"{name_ru} ({place.settlement_ru})",
                form=form, status=status, setting=setting, origin=origin,
                country=region.country, controlled_by=_CONTROLLED_BY.get(region.code, ""),
                region=region, settlement_en=place.settlement_en,
                settlement_ru=place.settlement_ru,
                address=f"{rng.choice(_STREETS)}, {rng.randint(1, 120)}"
                        if rng.random() < 0.6 else "",
                latitude=Decimal(f"{place.latitude + rng.gauss(0, 0.02):.6f}")
                         if has_coordinates else None,
                longitude=Decimal(f"{place.longitude + rng.gauss(0, 0.03):.6f}")
                          if has_coordinates else None,
                coordinate_precision=pick_precision() if has_coordinates
                                     else CoordinatePrecision.UNKNOWN,
                description_en=(f"A {name_en.lower()} put up {place_en} of {place.settlement_en} "
                                f"in {year}.").replace("  ", " "),
                description_ru=f"{name_ru} установлен {place_ru} в {year} году.".replace(
                    "  ", " "),
                inscription=rng.choice(["", "", "", "И. В. Сталин", "Генералиссимус И. В. Сталин",
                                        "Сталин — это победа"]),
                height_m=Decimal(f"{rng.uniform(0.4, 6):.2f}") if rng.random() < 0.3 else None,
                material=rng.choice(["", "", "бронза", "гипс", "бетон", "гранит"]),
                state=pick_state(), sponsor_unknown=sponsor_category is None,
                is_synthetic=True, curator_notes=SYNTHETIC_NOTE,
            ))
            plans.append((year, removed, relocated, sponsor_category))
        monuments = _bulk(Monument, monuments)
        summary.monuments = len(monuments)
        summary.seconds["monuments"] = time.monotonic() - step

        say("events, roles, citations…")
        step = time.monotonic()
        events, event_sponsors, roles, citations = [], [], [], []
        for monument, (year, removed, relocated, sponsor_category) in zip(
                monuments, plans, strict=True):
            regional = actors["by_region"][monument.region_id]
            sponsor = None
            if sponsor_category is not None:
                sponsor = (regional[sponsor_category][0] if sponsor_category in regional
                           else actors["national"][sponsor_category])
                roles.append(ActorRole(monument=monument, actor=sponsor, role=Role.SPONSOR))
                if rng.random() < 0.1 and sponsor_category != ActorCategory.KPRF:
                    roles.append(ActorRole(monument=monument, role=Role.SPONSOR, position=1,
                                           actor=regional[ActorCategory.KPRF][0]))
            if rng.random() < 0.3:
                roles.append(ActorRole(monument=monument, role=Role.SCULPTOR, position=2,
                                       actor=rng.choice(actors["sculptors"])))
            if rng.random() < 0.1:
                events.append(_event(monument, EventKind.PROPOSED, str(max(year - 1, 1995)),
                                     "Proposed by local activists.",
                                     "Установку предложили местные активисты."))
                event_sponsors.append(None)
            kind = rng.choice([EventKind.UNVEILED, EventKind.UNVEILED, EventKind.INSTALLED])
            events.append(_event(monument, kind, edtf_date(rng, year), "Unveiled at a ceremony.",
                                 "Торжественно открыт."))
            event_sponsors.append(sponsor)
            later = min(year + rng.randint(0, 4), LAST_YEAR)
            if removed:
                events.append(_event(monument, EventKind.REMOVED, edtf_date(rng, later),
                                     "Taken down.", "Демонтирован."))
                event_sponsors.append(None)
            elif relocated:
                events.append(_event(monument, EventKind.RELOCATED, edtf_date(rng, later),
                                     "Moved to a new site.", "Перенесён на новое место."))
                event_sponsors.append(None)
            elif rng.random() < 0.04:
                events.append(_event(monument, EventKind.VANDALISED, edtf_date(rng, later),
                                     "Vandalised.", "Повреждён вандалами."))
                event_sponsors.append(None)
        events = _bulk(Event, events)
        links = [Event.actors.through(event_id=event.pk, actor_id=sponsor.pk)
                 for event, sponsor in zip(events, event_sponsors, strict=True) if sponsor]
        _bulk(Event.actors.through, links)
        roles = _bulk(ActorRole, roles)

        first_event = {}
        for event in events:
            if event.kind in (EventKind.INSTALLED, EventKind.UNVEILED):
                first_event[event.monument_id] = event
        sponsor_role = {role.monument_id: role for role in roles
                        if role.role == Role.SPONSOR and role.position == 0}
        for monument in monuments:
            place_quote = f"В населённом пункте {monument.settlement_ru} открыли памятник Сталину."
            citations.append(Citation(monument=monument, source=rng.choice(sources),
                                      claim=Claim.EXISTENCE, quote=place_quote))
            if rng.random() < 0.7:
                citations.append(Citation(monument=monument, source=rng.choice(sources),
                                          claim=Claim.DATE, event=first_event[monument.pk],
                                          quote="Открытие состоялось при большом стечении народа."))
            if monument.pk in sponsor_role and rng.random() < 0.6:
                citations.append(Citation(monument=monument, source=rng.choice(sources),
                                          claim=Claim.SPONSOR, role=sponsor_role[monument.pk],
                                          quote="Памятник установлен на средства организации."))
        citations = _bulk(Citation, citations)
        summary.events, summary.roles, summary.citations = len(events), len(roles), len(citations)
        summary.seconds["parts"] = time.monotonic() - step

        say("derived fields and search documents…")
        step = time.monotonic()
        derived.refresh(monument.pk for monument in monuments)
        cache.invalidate()  # bulk_create sends no signals
    summary.seconds["derived"] = time.monotonic() - step
    with connection.cursor() as cursor:
        if connection.in_atomic_block:  # inside a test's transaction: VACUUM cannot run
            cursor.execute("ANALYZE")
        else:
            # The derived fields and search documents rewrote every row three times; compact
            # the table as a long-lived one would be, and give the planner fresh statistics.
            cursor.execute("VACUUM (FULL, ANALYZE) registry_monument")
            cursor.execute("VACUUM (ANALYZE)")
    summary.seconds["total"] = time.monotonic() - started
    return summary

