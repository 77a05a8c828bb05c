"""What the public pages that list or count monuments share: the filters read from the URL
(one MonumentFilterSet, as in the API), the form controls that show them, links that keep
them, and pagination.
"""

from collections.abc import Callable, Mapping
from functools import cached_property
from typing import Any, TypeVar
from urllib.parse import urlencode

from django.core.paginator import Page, Paginator
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import HttpRequest, QueryDict
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from registry import asof, stats
from registry.cache import cache_key, cached_count
from registry.choices import ActorCategory, Form, Origin, Setting, Status
from registry.filters import AsOfMonumentFilterSet, CommaSeparatedFilter, MonumentFilterSet
from registry.models import Monument, Region

T = TypeVar("T")

PER_PAGE = 50

#: Filters given as lists (`region=RU-VLG,RU-NVS`); the rest take one value.
LIST_FILTERS = frozenset(
    name for name, filter_ in MonumentFilterSet.base_filters.items()
    if isinstance(filter_, CommaSeparatedFilter)
)
FILTER_NAMES = tuple(MonumentFilterSet.base_filters)

#: Filters shown as a group of checkboxes, with their vocabularies.
CHOICE_FILTERS = {
    "sponsor_category": ActorCategory,
    "form": Form,
    "status": Status,
    "origin": Origin,
    "setting": Setting,
}
#: Filters a researcher rarely needs, folded under "More filters".
MORE_FILTERS = (
    ("actor", "text"),
    ("country", "text"),
    ("controlled_by", "text"),
    ("installed_after", "date"),
    ("installed_before", "date"),
    ("has_coordinates", "boolean"),
    ("bbox", "text"),
    ("near", "text"),
    ("radius_km", "text"),
    ("updated_since", "text"),
    ("dataset", "text"),
    ("not_in_dataset", "text"),
    ("as_of", "date"),
)
ORDERINGS = (
    ("", gettext_lazy("Newest first (relevance when searching)")),
    ("-installed", gettext_lazy("First installed: newest first")),
    ("installed", gettext_lazy("First installed: oldest first")),
    ("name", gettext_lazy("Name (English), A–Z")),
    ("-name", gettext_lazy("Name (English), Z–A")),
    ("region", gettext_lazy("Region (English), A–Z")),
    ("settlement", gettext_lazy("Settlement (English), A–Z")),
    ("-updated", gettext_lazy("Recently changed first")),
    ("id", gettext_lazy("Record number")),
)


def filter_params(data: Mapping) -> dict[str, str]:
    """The filter parameters present in `data`, lists joined by commas, empty ones dropped."""
    params: dict[str, str] = {}
    for name in FILTER_NAMES:
        if hasattr(data, "getlist"):
            values = [value.strip() for value in data.getlist(name) if value.strip()]
            if name not in LIST_FILTERS:
                values = values[-1:]  # a form field reads the last one, as QueryDict.get does
        else:
            value = str(data.get(name) or "").strip()
            values = [value] if value else []
        if values:
            params[name] = ",".join(values)
    return params


def query_string(params: Mapping[str, Any]) -> str:
    """`?a=b&c=d` for the non-empty params, commas kept readable; "" when there are none."""
    items = [(name, str(value)) for name, value in params.items() if value not in (None, "")]
    return "?" + urlencode(items, safe=",") if items else ""


def browse_url(params: Mapping[str, Any], view_name: str = "registry:monument-list") -> str:
    return reverse(view_name) + query_string(params)


def has_empty_parameters(request: HttpRequest) -> bool:
    """A submitted form sends every empty field; such URLs are redirected to a clean one."""
    return any(not value.strip() for name in request.GET for value in request.GET.getlist(name))


def clean_url(request: HttpRequest) -> str:
    data = QueryDict(mutable=True)
    for name in request.GET:
        for value in request.GET.getlist(name):
            if value.strip():
                data.appendlist(name, value)
    encoded = data.urlencode(safe=",")
    return request.path + ("?" + encoded if encoded else "")


class Filtering:
    """The monument filters of one request: the FilterSet, its errors, and links keeping them."""

    def __init__(self, data: Mapping, *, queryset: QuerySet | None = None,
                 for_list: bool = False):
        """Filters over `queryset`, or over the published records, now or as of the day the
        `as_of` parameter names (registry/asof.py); `for_list` fetches what list rows show."""
        self.data = data
        self.params = filter_params(data)
        self.parent: Filtering | None = None
        if queryset is None:
            queryset = asof.monuments_for(data)[0]
            if for_list:
                queryset = queryset.for_list()
        filterset_class = AsOfMonumentFilterSet if asof.is_as_of(queryset) else MonumentFilterSet
        self.filterset = filterset_class(data, queryset=queryset)

    def narrowed(self, extra: Mapping[str, str]) -> "Filtering":
        """These filters and `extra` too (a count's own filter, e.g. origin for "new"): the
        extra filters apply to the already filtered records, so nothing is checked twice."""
        narrowed = Filtering(dict(extra), queryset=self.queryset)
        narrowed.params = {**self.params, **narrowed.params}
        narrowed.parent = self
        return narrowed

    @property
    def cleaned_data(self) -> dict[str, Any]:
        """The checked values of every filter in force (this one's and its parent's)."""
        inherited = self.parent.cleaned_data if self.parent is not None else {}
        own = self.filterset.form.cleaned_data if self.is_valid else {}
        return {**inherited, **{name: value for name, value in own.items()
                                if value not in (None, "", [])}}

    @cached_property
    def is_valid(self) -> bool:
        return self.filterset.is_valid()

    @property
    def as_of_date(self):
        """The day the records are shown as of, or None for the registry of now."""
        return self.filterset.as_of_date

    def counted(self, name: str, compute: Callable[[QuerySet], T]) -> T:
        """`compute(self.queryset)`, cached until any record changes (registry/cache.py)."""
        return cached_count(cache_key(name, self.params), lambda: compute(self.queryset))

    @property
    def queryset(self) -> QuerySet:
        """The matching published monuments; none while a filter value is wrong."""
        if not self.is_valid:
            return self.filterset.queryset.none()
        return self.filterset.qs

    @cached_property
    def errors(self) -> list[dict[str, Any]]:
        if self.is_valid:
            return []
        fields = self.filterset.form.fields
        return [
            {"name": name, "label": fields[name].label if name in fields else name,
             "messages": list(messages)}
            for name, messages in self.filterset.form.errors.items()
        ]

    @cached_property
    def error_names(self) -> frozenset[str]:
        return frozenset(error["name"] for error in self.errors)

    def with_params(self, **overrides: Any) -> dict[str, str]:
        """The current filters with some replaced (None removes one)."""
        params = dict(self.params)
        for name, value in overrides.items():
            if value is None:
                params.pop(name, None)
            else:
                params[name] = str(value)
        return params

    def url(self, view_name: str = "registry:monument-list", **overrides: Any) -> str:
        return browse_url(self.with_params(**overrides), view_name)

    def query(self, **overrides: Any) -> str:
        return query_string(self.with_params(**overrides))


def filter_controls(filtering: Filtering, *, ordering: bool = False) -> dict[str, Any]:
    """Labelled form controls for every filter, holding the values of the URL."""
    fields = filtering.filterset.form.fields
    params = filtering.params
    errors = {error["name"]: error["messages"] for error in filtering.errors}

    def control(name: str, kind: str, **extra: Any) -> dict[str, Any]:
        return {
            "name": name, "kind": kind, "id": f"id_{name}",
            "label": fields[name].label, "help": fields[name].help_text,
            "value": params.get(name, ""), "invalid": name in errors,
            "errors": errors.get(name, []),
            **extra,
        }

    def selected(name: str) -> set[str]:
        return {value.strip().lower() for value in params.get(name, "").split(",") if value}

    choice_groups = [
        control(name, "checkboxes", open=bool(selected(name)) or name in errors, options=[
            {"value": value, "label": label, "checked": value in selected(name),
             "id": f"id_{name}_{value}"}
            for value, label in vocabulary.choices
        ])
        for name, vocabulary in CHOICE_FILTERS.items()
    ]
    chosen_regions = [code.strip().upper() for code in params.get("region", "").split(",")
                      if code.strip()]
    # Regions that have published records (and any the URL names), without counting them:
    # an index lookup per region instead of a pass over every record on every page.
    regions = Region.objects.filter(
        Exists(Monument.objects.published().filter(region=OuterRef("pk")))
        | Q(code__in=chosen_regions)
    )
    region_options = [
        {"value": region.code, "label": region.name, "selected": region.code in chosen_regions}
        for region in sorted(regions, key=lambda region: (region.country, region.name))
    ]
    controls = {
        "q": control("q", "search"),
        "region": {**control("region", "select", options=region_options,
                             multiple=len(chosen_regions) > 1, empty_label=_("Any region")),
                   "help": ""},
        "settlement": control("settlement", "text"),
        "year_min": control("year_min", "number"),
        "year_max": control("year_max", "number"),
        "choices": choice_groups,
        "more": [control(name, kind) for name, kind in MORE_FILTERS],
        "more_open": any(name in params or name in filtering.error_names
                         for name, _kind in MORE_FILTERS),
    }
    if ordering:
        current = params.get("ordering", "")
        options = [{"value": value, "label": label, "selected": value == current}
                   for value, label in ORDERINGS]
        if current and current not in dict(ORDERINGS):
            options.append({"value": current, "label": current, "selected": True})
        controls["ordering"] = control("ordering", "select", options=options)
    return controls


class CountedPaginator(Paginator):
    """Counts through registry.stats, like every other number the pages show."""

    @cached_property
    def count(self) -> int:
        return stats.total(self.object_list)


class PageError(Exception):
    def __init__(self, message: str, status: int):
        super().__init__(message)
        self.message, self.status = message, status


def paginate(request: HttpRequest, queryset: QuerySet, per_page: int = PER_PAGE) -> Page:
    """The requested page; a malformed or missing page number is a PageError, not a guess."""
    raw = request.GET.get("page", "1").strip() or "1"
    try:
        number = int(raw)
        if number < 1:
            raise ValueError
    except ValueError:
        raise PageError(
            _("“page” must be a whole number of 1 or more, not “%(value)s”.") % {"value": raw},
            400,
        ) from None
    paginator = CountedPaginator(queryset, per_page)
    if number > paginator.num_pages:
        raise PageError(
            _("There is no page %(number)s: these results fill %(pages)s page(s).")
            % {"number": number, "pages": paginator.num_pages},
            404,
        )
    return paginator.page(number)
