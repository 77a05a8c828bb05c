"""The registry as it stood at the end of a past day, rebuilt from the change history.

A researcher who wrote "the registry listed 213 new monuments on 1 September 2025" must be able
to show that number a year later, after records were added, corrected and retired. Every model
keeps its history (django-simple-history), and since the derived counted fields
(registry/derived.py `COUNTED_FIELDS`) get a version of their own whenever they change, the
history alone reproduces every count.

`published_as_of(day)` is the set of monuments that were published at the end of `day` (UTC),
each with the field values of its version then. It is a queryset of historical rows whose field
names are the monument's, so `MonumentFilterSet` (through `AsOfMonumentFilterSet`) and
`registry.stats` work on it unchanged. docs/methodology-asof.md says what is and is not
reconstructed.
"""

import datetime as dt
from collections.abc import Iterator, Mapping
from typing import Any

from django import forms
from django.contrib.postgres.aggregates import StringAgg
from django.contrib.postgres.search import SearchVector
from django.db.models import (
    Exists,
    Func,
    Model,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    TextField,
    Value,
)
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.manager import HistoricalQuerySet

from registry.choices import Role, State
from registry.models import Actor, ActorRole, Citation, DatasetEntry, Monument, Source


def end_of_day(day: dt.date) -> dt.datetime:
    """The first instant after `day` in UTC: versions strictly before it count."""
    return dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min, tzinfo=dt.UTC)


def today() -> dt.date:
    """Today in UTC, the calendar of `as_of`."""
    return timezone.now().astimezone(dt.UTC).date()


def history_model(model: type[Model]) -> type[Model]:
    return model.history.model


def _no_later_version(model: type[Model], cutoff: dt.datetime) -> Exists:
    """True for a version no later version before `cutoff` supersedes: the object's state
    at `cutoff`. Ties on history_date (a save and the derived refresh it triggers can share
    a timestamp) go to the later insert, as history_id grows."""
    historical = history_model(model)
    pk = model._meta.pk.attname
    later = historical.objects.filter(
        Q(history_date__gt=OuterRef("history_date"))
        | Q(history_date=OuterRef("history_date"), history_id__gt=OuterRef("history_id")),
        **{pk: OuterRef(pk)}, history_date__lt=cutoff,
    )
    # An anti-join on (id, history_date, history_id), indexed by migration 0006: several
    # times faster than DISTINCT ON, which sorts every version before the cutoff.
    return ~Exists(later)


def versions_as_of(model: type[Model], cutoff: dt.datetime) -> QuerySet:
    """Of every object of `model`, its last version before `cutoff`, unless that deleted it."""
    return (history_model(model).objects
            .filter(_no_later_version(model, cutoff), history_date__lt=cutoff)
            .exclude(history_type="-"))


def roles_as_of(cutoff: dt.datetime) -> QuerySet:
    """Actor roles (historical rows) as they stood at `cutoff`."""
    return versions_as_of(ActorRole, cutoff)


def dataset_entries_as_of(cutoff: dt.datetime) -> QuerySet:
    """Dataset entries (historical rows) as they stood at `cutoff`."""
    return versions_as_of(DatasetEntry, cutoff)


def _instance(model: type[Model], row: Model) -> Model:
    """The model instance a historical row describes, without simple-history's per-row query
    for excluded fields (the search document is not part of history)."""
    values = {field.attname: getattr(row, field.attname)
              for field in history_model(model).tracked_fields}
    instance = model(**values)
    instance._state.adding = False
    instance._history = row
    return instance


class AsOfMonumentQuerySet(HistoricalQuerySet):
    """Historical monument rows as of a cutoff; `for_list()` turns them into `Monument`s.

    The cutoff travels with every clone, so filters, stats and pagination keep it.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.as_of_day: dt.date | None = None
        self.as_of_cutoff: dt.datetime | None = None
        self._as_list_rows = False

    def _clone(self) -> "AsOfMonumentQuerySet":
        clone = super()._clone()
        clone.as_of_day = self.as_of_day
        clone.as_of_cutoff = self.as_of_cutoff
        clone._as_list_rows = self._as_list_rows
        return clone

    @property
    def count_dimensions(self) -> dict[str, Any]:
        """Dimensions of registry.stats that must read history rather than current tables."""
        first_sponsor = (roles_as_of(self.as_of_cutoff)
                         .filter(monument_id=OuterRef("id"), role=Role.SPONSOR)
                         .order_by("position", "id"))
        return {"actor": Subquery(first_sponsor.values("actor__slug")[:1])}

    def roles(self) -> QuerySet:
        return roles_as_of(self.as_of_cutoff)

    def dataset_entries(self) -> QuerySet:
        return dataset_entries_as_of(self.as_of_cutoff)

    def for_list(self) -> "AsOfMonumentQuerySet":
        """What a list row shows, as `Monument` instances with the values of the day: region,
        and `sponsor_roles` (the sponsors of the day, with the actors as they were then)."""
        clone = self.select_related("region")
        clone._as_list_rows = True
        return clone

    def _fetch_all(self) -> None:
        super()._fetch_all()
        if (self._as_list_rows and self._result_cache
                and isinstance(self._result_cache[0], self.model)):
            self._result_cache = self._list_rows(self._result_cache)

    def _list_rows(self, rows: list[Model]) -> list[Monument]:
        monuments = self._monuments(rows)
        by_id = {monument.pk: monument for monument in monuments}
        for role in self._roles_of(by_id, role=Role.SPONSOR):
            by_id[role.monument_id].sponsor_roles.append(role)
        return monuments

    def _monuments(self, rows: list[Model]) -> list[Monument]:
        monuments = []
        for row in rows:
            monument = _instance(Monument, row)
            if "region" in row._state.fields_cache:
                monument.region = row.region
            monument.sponsor_roles = []
            monuments.append(monument)
        return monuments

    def _roles_of(self, monument_ids, **filters) -> list[ActorRole]:
        """The roles of these monuments on the day, with their actors as they were then."""
        rows = list(self.roles().filter(monument_id__in=monument_ids, **filters)
                    .order_by("position", "id"))
        actors = {row.id: _instance(Actor, row) for row in versions_as_of(Actor, self.as_of_cutoff)
                  .filter(id__in={role.actor_id for role in rows})}
        roles = []
        for row in rows:
            role = _instance(ActorRole, row)
            if row.actor_id in actors:
                role.actor = actors[row.actor_id]
            roles.append(role)
        return roles

    def _citations_of(self, monument_ids) -> list[Citation]:
        """The citations of these monuments on the day, with their sources as they were then."""
        rows = list(versions_as_of(Citation, self.as_of_cutoff)
                    .filter(monument_id__in=monument_ids).order_by("id"))
        sources = {row.id: _instance(Source, row) for row in versions_as_of(
            Source, self.as_of_cutoff).filter(id__in={row.source_id for row in rows})}
        citations = []
        for row in rows:
            citation = _instance(Citation, row)
            if row.source_id in sources:
                citation.source = sources[row.source_id]
            citations.append(citation)
        return citations

    def export_records(self, chunk_size: int) -> Iterator[Monument]:
        """What registry/exports.py writes, as of the day: monuments with `export_roles` and
        `export_citations`, a chunk of queries per `chunk_size` records."""
        batch: list[Model] = []
        for row in self.select_related("region").iterator(chunk_size=chunk_size):
            batch.append(row)
            if len(batch) == chunk_size:
                yield from self._export_rows(batch)
                batch = []
        if batch:
            yield from self._export_rows(batch)

    def _export_rows(self, rows: list[Model]) -> list[Monument]:
        monuments = self._monuments(rows)
        by_id = {monument.pk: monument for monument in monuments}
        for monument in monuments:
            monument.export_roles, monument.export_citations = [], []
        for role in self._roles_of(by_id):
            by_id[role.monument_id].export_roles.append(role)
        for citation in self._citations_of(by_id):
            by_id[citation.monument_id].export_citations.append(citation)
        return monuments


def _concat_ws(*expressions: Any) -> Func:
    return Func(Value(" "), *expressions, function="concat_ws", output_field=TextField())


def _normalize(expression: Any) -> Func:
    return Func(expression, function="registry_normalize", output_field=TextField())


def with_search_document(queryset: AsOfMonumentQuerySet) -> AsOfMonumentQuerySet:
    """The queryset with `search_vector` and `search_text` built, as registry/search.py builds
    them, from the values of the day, so `search.search()` can run on it unchanged.

    They are computed per row (history keeps no search index): slower than today's search,
    but the same matches for the same text.
    """
    actor_names = (queryset.roles().filter(monument_id=OuterRef("id"))
                   .order_by().values("monument_id")
                   .annotate(names=StringAgg(_concat_ws("actor__name_en", "actor__name_ru"),
                                             delimiter=" "))
                   .values("names"))
    names = _concat_ws("name_en", "name_ru")
    rest = _concat_ws("settlement_en", "settlement_ru", "region__name_en", "region__name_ru",
                      "address", "description_en", "description_ru", "inscription",
                      Subquery(actor_names, output_field=TextField()))
    vector = (SearchVector(_normalize(names), config="russian", weight="A")
              + SearchVector(_normalize(names), config="english", weight="A")
              + SearchVector(_normalize(rest), config="russian", weight="B")
              + SearchVector(_normalize(rest), config="english", weight="B"))
    text = Func(_concat_ws(names, rest), function="registry_search_key",
                output_field=TextField())
    return queryset.alias(search_vector=vector, search_text=text)


def published_as_of(day: dt.date) -> AsOfMonumentQuerySet:
    """The monuments published at the end of `day` (UTC), with the values they had then."""
    cutoff = end_of_day(day)
    queryset = (AsOfMonumentQuerySet(model=history_model(Monument))
                .filter(_no_later_version(Monument, cutoff), history_date__lt=cutoff,
                        state=State.PUBLISHED)
                .exclude(history_type="-"))
    queryset.as_of_day, queryset.as_of_cutoff = day, cutoff
    return queryset


def is_as_of(queryset: QuerySet, day: dt.date | None = None) -> bool:
    """Whether `queryset` is a registry as of a day (that day, when given)."""
    return isinstance(queryset, AsOfMonumentQuerySet) and queryset.as_of_day is not None and (
        day is None or queryset.as_of_day == day)


class AsOfField(forms.DateField):
    """A day in the past or today (UTC), written YYYY-MM-DD."""

    input_formats = ["%Y-%m-%d"]
    default_error_messages = {
        "invalid": _("Enter a date as YYYY-MM-DD."),
        "future": _("The registry cannot be shown as of a future day; the latest is today, "
                    "%(today)s (UTC)."),
    }

    def validate(self, value: dt.date | None) -> None:
        super().validate(value)
        if value is not None and value > today():
            raise forms.ValidationError(self.error_messages["future"], code="future",
                                        params={"today": today().isoformat()})


def parse_as_of(params: Mapping[str, Any]) -> dt.date | None:
    """The `as_of` day of these query parameters; None when absent.

    Raises django.forms.ValidationError (code "invalid" or "future") when it is malformed or
    in the future; the FilterSet reports the same error under `as_of`.
    """
    value = params.get("as_of")
    return AsOfField(required=False).clean(value)


def monuments_for(params: Mapping[str, Any]) -> tuple[QuerySet, dt.date | None]:
    """What a public list or count starts from: published monuments now, or as they stood at
    the end of `as_of`. A malformed `as_of` gives today's registry here and a form error from
    the FilterSet (a 400 naming `as_of` in the API)."""
    try:
        day = parse_as_of(params)
    except forms.ValidationError:
        day = None
    if day is None:
        return Monument.objects.published(), None
    return published_as_of(day), day

