"""MonumentFilterSet: the one set of filters behind the browse page, the map, the statistics
page and the API (design section 6). Same parameter names, same meanings, same errors.

Every value is checked: an unknown region code, form or sponsor category, a malformed date or
bounding box is a form error naming the parameter (a 400 in the API), never ignored.
Lists take commas: `region=RU-VLG,RU-NVS`.
"""

import datetime as dt
from collections.abc import Callable, Iterable
from decimal import Decimal, InvalidOperation

import django_filters
import pycountry
from django import forms
from django.core.exceptions import ImproperlyConfigured
from django.db.models import F, FloatField, Q, QuerySet
from django.db.models.functions import ACos, Cos, Least, Radians, Sin
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _
from django_filters.fields import IsoDateTimeField

from registry import asof, search
from registry.choices import ActorCategory, Form, Origin, Setting, Status
from registry.models import Actor, Dataset, DatasetEntry, Monument, Region

EARTH_RADIUS_KM = 6371.0088
MAX_RADIUS_KM = 20000


class CommaSeparatedInput(forms.TextInput):
    """Reads `?region=A&region=B` as well as `?region=A,B`."""

    def value_from_datadict(self, data, files, name):
        if hasattr(data, "getlist"):
            values = [value for value in data.getlist(name) if value != ""]
            return ",".join(values) if values else None
        return data.get(name)


class CommaSeparatedField(forms.Field):
    """A list of values given as `a,b,c` (or as repeated parameters), each one checked."""

    widget = CommaSeparatedInput

    def __init__(self, *, normalize: Callable[[str], str] = str.strip,
                 allowed: Callable[[], Iterable[str]] | None = None, **kwargs):
        self.normalize = normalize
        self.allowed = allowed
        super().__init__(**kwargs)

    def to_python(self, value) -> list[str]:
        if value in self.empty_values:
            return []
        parts = value if isinstance(value, list | tuple) else [value]
        if any("\x00" in str(part) for part in parts):
            # PostgreSQL text cannot hold NUL; the database would raise, not answer "no match".
            raise forms.ValidationError(_("Null characters are not allowed."),
                                        code="null_characters_not_allowed")
        items = [self.normalize(item) for part in parts for item in str(part).split(",")]
        return [item for item in items if item]

    def validate(self, value: list[str]) -> None:
        super().validate(value)
        if value and self.allowed is not None:
            allowed = set(self.allowed())
            unknown = [item for item in value if item not in allowed]
            if unknown and len(allowed) > 30:
                raise forms.ValidationError(
                    _("Unknown value(s): %(unknown)s."), params={"unknown": ", ".join(unknown)},
                    code="invalid_choice",
                )
            if unknown:
                raise forms.ValidationError(
                    _("Unknown value(s): %(unknown)s. Allowed: %(allowed)s."),
                    params={"unknown": ", ".join(unknown), "allowed": ", ".join(sorted(allowed))},
                    code="invalid_choice",
                )


class CommaSeparatedFilter(django_filters.Filter):
    """Matches records whose field is any of the listed values."""

    field_class = CommaSeparatedField

    def __init__(self, *args, field_class: type[forms.Field] | None = None, **kwargs):
        if field_class is not None:
            self.field_class = field_class
        super().__init__(*args, **kwargs)

    def filter(self, qs: QuerySet, value: list[str]) -> QuerySet:
        if not value:
            return qs
        return qs.filter(**{f"{self.field_name}__in": value})


def _choices(choices) -> Callable[[], list[str]]:
    return lambda: list(choices.values)


def lazy_format(message, **values) -> str:
    """`message % values`, translated when shown rather than when this module is imported."""
    return lazy(lambda: str(message) % values, str)()


def _upper(value: str) -> str:
    return value.strip().upper()


def _lower(value: str) -> str:
    return value.strip().lower()


def _country_codes() -> list[str]:
    return [country.alpha_2 for country in pycountry.countries]


class RegionCodesField(CommaSeparatedField):
    """Region codes; unknown ones are named in the error (the allowed list is long)."""

    def validate(self, value: list[str]) -> None:
        forms.Field.validate(self, value)
        if value:
            known = set(Region.objects.filter(code__in=value).values_list("code", flat=True))
            unknown = [code for code in value if code not in known]
            if unknown:
                raise forms.ValidationError(
                    _("Unknown region code(s): %(codes)s. Use ISO 3166-2 codes such as RU-VLG."),
                    params={"codes": ", ".join(unknown)},
                    code="invalid_choice",
                )


class ActorSlugsField(CommaSeparatedField):
    def validate(self, value: list[str]) -> None:
        forms.Field.validate(self, value)
        if value:
            known = set(Actor.objects.filter(slug__in=value).values_list("slug", flat=True))
            unknown = [slug for slug in value if slug not in known]
            if unknown:
                raise forms.ValidationError(
                    _("Unknown actor(s): %(slugs)s."), params={"slugs": ", ".join(unknown)},
                    code="invalid_choice",
                )


class DatasetSlugsField(CommaSeparatedField):
    def validate(self, value: list[str]) -> None:
        forms.Field.validate(self, value)
        if value:
            known = set(Dataset.objects.filter(slug__in=value).values_list("slug", flat=True))
            unknown = [slug for slug in value if slug not in known]
            if unknown:
                raise forms.ValidationError(
                    _("Unknown dataset(s): %(slugs)s.") % {"slugs": ", ".join(unknown)},
                    code="invalid_choice",
                )


class NumbersField(forms.CharField):
    """A fixed number of comma-separated decimal numbers, each within its range."""

    def __init__(self, *, names: tuple[str, ...], ranges: tuple[tuple[int, int], ...], **kwargs):
        self.names, self.ranges = names, ranges
        super().__init__(**kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return None
        parts = [part.strip() for part in value.split(",")]
        expected = ",".join(self.names)
        if len(parts) != len(self.names):
            raise forms.ValidationError(
                _("Expected %(expected)s.") % {"expected": expected}, code="invalid"
            )
        try:
            numbers = [Decimal(part) for part in parts]
        except InvalidOperation:
            raise forms.ValidationError(
                _("Expected numbers: %(expected)s.") % {"expected": expected}, code="invalid"
            ) from None
        for name, number, (low, high) in zip(self.names, numbers, self.ranges, strict=True):
            if not number.is_finite() or not low <= number <= high:
                raise forms.ValidationError(
                    _("%(name)s must be between %(low)s and %(high)s.")
                    % {"name": name, "low": low, "high": high},
                    code="out_of_range",
                )
        return numbers


class BoundingBoxField(NumbersField):
    def __init__(self, **kwargs):
        super().__init__(names=("minlon", "minlat", "maxlon", "maxlat"),
                         ranges=((-180, 180), (-90, 90), (-180, 180), (-90, 90)), **kwargs)

    def validate(self, value):
        super().validate(value)
        if value and (value[0] > value[2] or value[1] > value[3]):
            raise forms.ValidationError(
                _("minlon must not exceed maxlon, nor minlat maxlat."), code="invalid"
            )


class StrictBooleanField(forms.TypedChoiceField):
    """true/false (or 1/0); anything else is an error, not silently "no filter"."""

    def __init__(self, **kwargs):
        kwargs.pop("choices", None)
        super().__init__(
            choices=[("", "—"), ("true", _("Yes")), ("false", _("No")), ("1", _("Yes")),
                     ("0", _("No"))],
            coerce=lambda value: value in {"true", "1"},
            empty_value=None,
            **kwargs,
        )

    def to_python(self, value):
        return super().to_python(value).lower() if isinstance(value, str) else value


class UTCDateTimeField(IsoDateTimeField):
    """An ISO 8601 moment, turned to UTC: PostgreSQL refuses offsets beyond ±15:59."""

    def to_python(self, value):
        value = super().to_python(value)
        if value is None:
            return None
        try:
            return value.astimezone(dt.UTC)
        except OverflowError:
            raise forms.ValidationError(_("This date and time is out of range."),
                                        code="invalid") from None


class UTCDateTimeFilter(django_filters.IsoDateTimeFilter):
    field_class = UTCDateTimeField


class YearFilter(django_filters.NumberFilter):
    field_class = forms.IntegerField


class BoundingBoxFilter(django_filters.Filter):
    field_class = BoundingBoxField


class PointFilter(django_filters.Filter):
    field_class = NumbersField


class AsOfFilter(django_filters.Filter):
    field_class = asof.AsOfField


class StrictBooleanFilter(django_filters.Filter):
    field_class = StrictBooleanField


class MonumentOrderingFilter(django_filters.OrderingFilter):
    """Ordering by a public name; search results default to relevance.

    Records without the value (no date, no region) come last either way, and the public id
    breaks ties, so pages of a paginated list never overlap.
    """

    def filter(self, qs, value):
        value = [item for item in value or [] if item]  # "ordering=,," orders by nothing
        if not value:
            return qs
        fields = [self.get_ordering_value(param) for param in value]
        return qs.order_by(*[F(name[1:]).desc(nulls_last=True) if name.startswith("-")
                             else F(name).asc(nulls_last=True) for name in fields], "public_id")


class MonumentFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(
        method="filter_q", label=_("Search"),
        help_text=_("Full-text search in Russian and English over names, places, descriptions, "
                    "inscriptions and actors; tolerant of ё/е, small typos and transliteration."),
    )
    country = CommaSeparatedFilter(
        field_name="country", label=_("Country"), allowed=_country_codes, normalize=_upper,
        help_text=_("ISO 3166-1 alpha-2 codes of the recognised state, e.g. RU,UA."),
    )
    controlled_by = CommaSeparatedFilter(
        field_name="controlled_by", label=_("Controlled by"), allowed=_country_codes,
        normalize=_upper,
        help_text=_("ISO 3166-1 alpha-2 codes of the controlling authority where it differs "
                    "from the country, e.g. RU for occupied territory."),
    )
    region = CommaSeparatedFilter(
        field_name="region__code", label=_("Region"), field_class=RegionCodesField,
        normalize=_upper,
        help_text=_("ISO 3166-2 region codes, e.g. RU-VLG,RU-NVS."),
    )
    settlement = django_filters.CharFilter(
        method="filter_settlement", label=_("Settlement"),
        help_text=_("Part of the settlement's name, in English or Russian."),
    )
    actor = CommaSeparatedFilter(
        method="filter_actor", label=_("Actor"), field_class=ActorSlugsField, normalize=_lower,
        help_text=_("Actor slugs; an organisation includes its branches (kprf includes every "
                    "KPRF committee)."),
    )
    sponsor_category = CommaSeparatedFilter(
        field_name="sponsor_category", label=_("Sponsor category"),
        allowed=_choices(ActorCategory), normalize=_lower,
        help_text=lazy_format(_("Category of the first sponsor: %(values)s."),
                              values=", ".join(ActorCategory.values)),
    )
    form = CommaSeparatedFilter(
        field_name="form", label=_("Form"), allowed=_choices(Form), normalize=_lower
    )
    status = CommaSeparatedFilter(
        field_name="status", label=_("Status"), allowed=_choices(Status), normalize=_lower
    )
    setting = CommaSeparatedFilter(
        field_name="setting", label=_("Setting"), allowed=_choices(Setting), normalize=_lower
    )
    origin = CommaSeparatedFilter(
        field_name="origin", label=_("Origin"), allowed=_choices(Origin), normalize=_lower,
        help_text=_("new, soviet_replica, soviet_restoration, soviet_original. Counts of new "
                    "monuments use new,soviet_replica."),
    )
    year_min = YearFilter(
        field_name="installed_year", lookup_expr="gte", label=_("First installed from (year)"),
        min_value=1900, max_value=2100,
    )
    year_max = YearFilter(
        field_name="installed_year", lookup_expr="lte", label=_("First installed to (year)"),
        min_value=1900, max_value=2100,
    )
    installed_after = django_filters.DateFilter(
        field_name="installed_earliest", lookup_expr="gte", label=_("First installed on or after"),
        help_text=_("YYYY-MM-DD; records whose first installation surely falls on or after it."),
    )
    installed_before = django_filters.DateFilter(
        field_name="installed_latest", lookup_expr="lte", label=_("First installed on or before"),
        help_text=_("YYYY-MM-DD; records whose first installation surely falls on or before it."),
    )
    bbox = BoundingBoxFilter(
        method="filter_bbox", label=_("Bounding box"),
        help_text=_("minlon,minlat,maxlon,maxlat in decimal degrees (WGS 84)."),
    )
    near = PointFilter(
        method="filter_near", label=_("Near"),
        names=("lat", "lon"), ranges=((-90, 90), (-180, 180)),
        help_text=_("lat,lon in decimal degrees; with radius_km."),
    )
    radius_km = django_filters.NumberFilter(
        method="filter_noop", label=_("Radius (km)"), min_value=Decimal("0.01"),
        max_value=MAX_RADIUS_KM, help_text=_("Radius around near, in km (default 10)."),
    )
    has_coordinates = StrictBooleanFilter(
        method="filter_has_coordinates", label=_("Has coordinates"),
    )
    updated_since = UTCDateTimeFilter(
        field_name="updated_at", lookup_expr="gte", label=_("Updated since"),
        help_text=_("ISO 8601 date and time, e.g. 2025-09-01T00:00:00Z."),
    )
    dataset = CommaSeparatedFilter(
        method="filter_dataset", label=_("In dataset"), field_class=DatasetSlugsField,
        normalize=_lower,
        help_text=_("Slugs of published datasets (studies): records they count."),
    )
    not_in_dataset = CommaSeparatedFilter(
        method="filter_not_in_dataset", label=_("Not in dataset"),
        field_class=DatasetSlugsField, normalize=_lower,
        help_text=_("Slugs of published datasets (studies): records none of them counts."),
    )
    as_of = AsOfFilter(
        method="filter_as_of", label=_("As of"),
        help_text=_("YYYY-MM-DD: the registry as it stood at the end of that day (UTC), from "
                    "the change history."),
    )
    ordering = MonumentOrderingFilter(
        fields=(
            ("installed_earliest", "installed"),
            ("name_en", "name"),
            ("region__name_en", "region"),
            ("settlement_en", "settlement"),
            ("updated_at", "updated"),
            ("public_id", "id"),
        ),
        label=_("Order by"),
    )

    class Meta:
        model = Monument
        fields: list[str] = []

    @property
    def qs(self) -> QuerySet:
        queryset = super().qs
        if self.is_bound and self.is_valid() and not any(self.form.cleaned_data.get("ordering")
                                                         or []):
            if self.form.cleaned_data.get("q"):
                return queryset.order_by("-search_rank", "public_id")
            return queryset.order_by(F("installed_earliest").desc(nulls_last=True), "public_id")
        return queryset

    def filter_q(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return search.search(queryset, value)

    def filter_settlement(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        value = value.strip()
        return queryset.filter(
            Q(settlement_en__unaccent__icontains=value)
            | Q(settlement_ru__unaccent__icontains=value)
        )

    def filter_actor(self, queryset: QuerySet, name: str, value: list[str]) -> QuerySet:
        if not value:
            return queryset
        actor_ids: set[int] = set()
        for actor in Actor.objects.filter(slug__in=value):
            actor_ids |= set(Actor.objects.with_descendants(actor).values_list("pk", flat=True))
        return queryset.filter(pk__in=Monument.objects.filter(roles__actor__in=actor_ids)
                               .values("pk"))

    def filter_bbox(self, queryset: QuerySet, name: str, value) -> QuerySet:
        if not value:
            return queryset
        min_lon, min_lat, max_lon, max_lat = value
        return queryset.filter(latitude__gte=min_lat, latitude__lte=max_lat,
                               longitude__gte=min_lon, longitude__lte=max_lon)

    def filter_near(self, queryset: QuerySet, name: str, value) -> QuerySet:
        if not value:
            return queryset
        lat, lon = (float(number) for number in value)
        radius = float(self.form.cleaned_data.get("radius_km") or 10)
        # Great-circle distance (spherical law of cosines), clamped against rounding above 1.
        distance = EARTH_RADIUS_KM * ACos(Least(
            Sin(Radians(lat)) * Sin(Radians("latitude"))
            + Cos(Radians(lat)) * Cos(Radians("latitude")) * Cos(Radians("longitude")
                                                                  - Radians(lon)),
            1.0,
            output_field=FloatField(),
        ))
        return (queryset.filter(latitude__isnull=False)
                .annotate(distance_km=distance).filter(distance_km__lte=radius))

    def filter_has_coordinates(self, queryset: QuerySet, name: str, value) -> QuerySet:
        if value is None:
            return queryset
        return queryset.filter(latitude__isnull=not value)

    def filter_noop(self, queryset: QuerySet, name: str, value) -> QuerySet:
        return queryset  # radius_km is read by filter_near

    @property
    def as_of_date(self):
        """The day the records are shown as of, or None for the registry of now."""
        if self.is_bound and self.is_valid():
            return self.form.cleaned_data.get("as_of")
        return None

    def dataset_entries(self) -> QuerySet:
        return DatasetEntry.objects.all()

    def filter_dataset(self, queryset: QuerySet, name: str, value: list[str]) -> QuerySet:
        if not value:
            return queryset
        entries = self.dataset_entries().filter(dataset__slug__in=value)
        return queryset.filter(id__in=entries.values("monument_id"))

    def filter_not_in_dataset(self, queryset: QuerySet, name: str, value: list[str]) -> QuerySet:
        if not value:
            return queryset
        entries = self.dataset_entries().filter(dataset__slug__in=value)
        return queryset.exclude(id__in=entries.values("monument_id"))

    def filter_as_of(self, queryset: QuerySet, name: str, value) -> QuerySet:
        # The records of a past day come from history, not from the current table: the caller
        # must start from registry.asof.monuments_for(params) (or use filterset_for). Answering
        # with today's records under an as_of label would be a false citation.
        if value and not asof.is_as_of(queryset, value):
            raise ImproperlyConfigured(
                "as_of needs the queryset of registry.asof.monuments_for(params); "
                "use registry.filters.filterset_for(params)."
            )
        return queryset


class AsOfMonumentFilterSet(MonumentFilterSet):
    """The same filters over the registry as of a day (registry.asof.published_as_of).

    Field filters read the historical rows directly (their names are the monument's); the
    filters that look at other tables read those tables' history as of the same day.
    """

    class Meta:
        model = Monument.history.model
        fields: list[str] = []

    def dataset_entries(self) -> QuerySet:
        return self.queryset.dataset_entries()

    def filter_q(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        # The search document is not versioned; rebuild it from the values of the day.
        return search.search(asof.with_search_document(queryset), value)

    def filter_actor(self, queryset: QuerySet, name: str, value: list[str]) -> QuerySet:
        if not value:
            return queryset
        actor_ids: set[int] = set()
        for actor in Actor.objects.filter(slug__in=value):
            actor_ids |= set(Actor.objects.with_descendants(actor).values_list("pk", flat=True))
        roles = queryset.roles().filter(actor_id__in=actor_ids)
        return queryset.filter(id__in=roles.values("monument_id"))


def filterset_class_for(data) -> type[MonumentFilterSet]:
    """The FilterSet class for these query parameters: today's, or the as-of one when they
    hold a valid `as_of` (for views that pick the class before the queryset)."""
    return MonumentFilterSet if asof.monuments_for(data)[1] is None else AsOfMonumentFilterSet


def filterset_for(data, *, request=None) -> MonumentFilterSet:
    """The FilterSet for these query parameters over the public records: today's, or those of
    the `as_of` day. Pages and the API call this so `as_of` works everywhere the same way."""
    queryset, day = asof.monuments_for(data)
    filterset_class = MonumentFilterSet if day is None else AsOfMonumentFilterSet
    return filterset_class(data, queryset=queryset, request=request)
