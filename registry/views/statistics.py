"""The home page and the statistics page: counts from registry.stats, drawn and tabled, each
number a link to the records behind it."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views import View

from registry import stats
from registry.choices import ActorCategory, Form, Origin, Status
from registry.citation import cite_count
from registry.models import Monument, Region
from registry.views import charts
from registry.views.common import Filtering, clean_url, filter_controls, has_empty_parameters

#: The counts the statistics page shows besides the per-year chart, in order.
DIMENSIONS = (
    ("sponsor_category", _("By category of the first sponsor")),
    ("region", _("By region")),
    ("form", _("By form")),
    ("status", _("By current status")),
    ("origin", _("By origin")),
)
VOCABULARIES = {"sponsor_category": ActorCategory, "form": Form, "status": Status,
                "origin": Origin}


def category_labels() -> dict[str, str]:
    return {value: str(label) for value, label in ActorCategory.choices}


def _year_bounds(filtering: Filtering) -> tuple[int | None, int | None]:
    data = filtering.cleaned_data
    return data.get("year_min"), data.get("year_max")


def year_range(filtering: Filtering, first: int, last: int) -> dict[str, int]:
    """year_min/year_max for the years first..last within the years the filters allow, so a
    link always shows exactly the records its number counts (none, if they do not overlap)."""
    low, high = _year_bounds(filtering)
    return {"year_min": max(first, low) if low is not None else first,
            "year_max": min(last, high) if high is not None else last}


def count_all(filtering: Filtering, dimensions: tuple[str, ...] = (), *,
              per_year: bool = True) -> dict[str, Any]:
    """Every number a page shows, computed once and cached until a record changes: the total,
    new monuments per year since 1995 by sponsor category (unless `per_year` is false), and
    counts by `dimensions`."""
    new = new_monuments_filtering(filtering)
    this_year = timezone.localdate().year

    def compute(records) -> dict[str, Any]:
        return {
            "total": stats.total(records),
            "per_year": stats.per_year_table(new.queryset, until=this_year) if per_year else None,
            "by": {dimension: stats.count_by(records, [dimension])
                   for dimension in dimensions},
        }

    return filtering.counted(f"numbers:{this_year}:{per_year}:{','.join(dimensions)}", compute)


def per_year_section(filtering: Filtering, table: stats.YearTable) -> dict[str, Any]:
    """New monuments per year since 1995 stacked by sponsor category: chart, table, links.

    `filtering` must already restrict origin (to what counts as new unless the researcher
    chose otherwise); `table` is its `stats.per_year_table`."""
    labels = category_labels()
    last_year = table.years[-1] if table.years else timezone.localdate().year
    rows = []
    for year in table.years:
        years = year_range(filtering, year, year)
        rows.append({
            "year": year,
            "cells": [{"count": table.cells[year].get(category, 0),
                       "url": filtering.url(**years, sponsor_category=category)}
                      for category in table.categories],
            "total": table.year_totals[year],
            "url": filtering.url(**years),
        })
    all_years = year_range(filtering, stats.FIRST_YEAR, last_year)
    return {
        "table": table,
        "chart": charts.year_chart(table, labels),
        "columns": [{"category": category, "label": labels.get(category, category),
                     "total": table.category_totals[category],
                     "url": filtering.url(**all_years, sponsor_category=category)}
                    for category in table.categories],
        "rows": rows,
        "total": table.total,
        "total_url": filtering.url(**all_years),
    }


def new_monuments_filtering(filtering: Filtering) -> Filtering:
    """The filters of a "new monuments" count: origin new or replica, unless one was chosen."""
    if "origin" in filtering.params:
        return filtering
    return filtering.narrowed(stats.NEW_MONUMENTS)


def dimension_rows(filtering: Filtering, dimension: str,
                   rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """`stats.count_by` rows over one dimension, labelled, each with its browse link; region
    rows carry their Region as "region"."""
    regions: dict[str, Region] = {}
    if dimension == "region":
        regions = {region.code: region
                   for region in Region.objects.filter(code__in=[row["region"] for row in rows])}
        labels = {code: region.name for code, region in regions.items()}
    else:
        labels = {value: str(label) for value, label in VOCABULARIES[dimension].choices}
    result = [
        {"value": row[dimension],
         "label": labels.get(row[dimension], row[dimension]) if row[dimension]
         else str(_("not recorded")),
         "count": row["count"],
         "url": filtering.url(**{dimension: row[dimension]}) if row[dimension] else None,
         "region": regions.get(row[dimension])}
        for row in rows
    ]
    return sorted(result, key=lambda row: (-row["count"], row["label"]))


class StatsView(View):
    template_name = "registry/stats.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        if has_empty_parameters(request):
            return redirect(clean_url(request))
        filtering = Filtering(request.GET)
        context: dict[str, Any] = {"filtering": filtering,
                                   "controls": filter_controls(filtering)}
        if not filtering.is_valid:
            return render(request, self.template_name, context, status=400)
        numbers = count_all(filtering, tuple(dimension for dimension, _title in DIMENSIONS))
        context.update({
            "total": numbers["total"],
            "total_url": filtering.url(),
            "origin_chosen": "origin" in filtering.params,
            "per_year": per_year_section(new_monuments_filtering(filtering), numbers["per_year"]),
            "sections": [],
            "browse_url": filtering.url(),
        })
        for dimension, title in DIMENSIONS:
            rows = dimension_rows(filtering, dimension, numbers["by"][dimension])
            context["sections"].append({
                "dimension": dimension, "title": title, "rows": rows,
                "chart": charts.bar_chart(rows, label=lambda row: row["label"]),
            })
        return render(request, self.template_name, context)


class HomeView(View):
    template_name = "registry/home.html"
    latest_count = 6

    def get(self, request: HttpRequest) -> HttpResponse:
        everything = Filtering({})
        numbers = count_all(everything)
        return render(request, self.template_name, {
            "published_count": numbers["total"],
            "browse_url": everything.url(),
            "per_year": per_year_section(new_monuments_filtering(everything),
                                         numbers["per_year"]),
            "latest": Monument.objects.published().for_list().order_by("-created_at", "-pk")[
                : self.latest_count
            ],
        })


class CountCitationView(View):
    """“Cite this number”: the count of the records these filters select, with a permanent
    URL (the filters and `as_of` of today, or of the day already shown) and a citation."""

    template_name = "registry/cite_count.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        filtering = Filtering(request.GET)
        if not filtering.is_valid:
            return render(request, self.template_name, {"filtering": filtering}, status=400)
        count = filtering.counted("total", stats.total)
        citation = cite_count(request.GET, count, path=reverse("registry:monument-list"))
        return render(request, self.template_name, {
            "filtering": filtering, "citation": citation, "browse_url": filtering.url(),
        })
