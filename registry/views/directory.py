"""Actor, region and source pages: who put monuments up, where, and what says so."""

from typing import Any

from django.db.models import Exists, OuterRef, Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views import View

from registry import stats
from registry.choices import ActorCategory, Role
from registry.models import Actor, ActorRole, Citation, Monument, Region, Source
from registry.views.common import Filtering, PageError, paginate
from registry.views.statistics import (
    count_all,
    dimension_rows,
    new_monuments_filtering,
    per_year_section,
)


def _page_or_error(request: HttpRequest, queryset) -> tuple[Any, str | None, int]:
    try:
        return paginate(request, queryset), None, 200
    except PageError as error:
        return None, error.message, error.status


class ActorListView(View):
    """Every actor with published records, by category, with how many (branches included)."""

    template_name = "registry/actor_list.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        actors = list(Actor.objects.select_related("parent"))
        counts = stats.count_by_actor_tree(Monument.objects.published(), [a.pk for a in actors])
        labels = dict(ActorCategory.choices)
        groups: dict[str, dict[str, Any]] = {}
        for category in ActorCategory.values:
            groups[category] = {"category": category, "label": labels[category], "actors": []}
        for actor in actors:
            actor.count = counts.get(actor.pk, 0)
            if actor.count:
                groups.setdefault(actor.category, {"category": actor.category,
                                                   "label": actor.category, "actors": []})
                groups[actor.category]["actors"].append(actor)
        return render(request, self.template_name, {
            "groups": [group for group in groups.values() if group["actors"]],
        })


class ActorDetailView(View):
    """An actor (a KPRF regional committee, a sculptor…): its records and counts, with those
    of the organisations below it."""

    template_name = "registry/actor_detail.html"

    def get(self, request: HttpRequest, slug: str) -> HttpResponse:
        actor = get_object_or_404(Actor.objects.select_related("parent"), slug=slug)
        filtering = Filtering({"actor": actor.slug})
        numbers = count_all(filtering, ("status",))
        total = numbers["total"]
        if not total:
            # An actor known only from unpublished records is not public either.
            raise Http404(_("No published record names this actor."))
        tree = Actor.objects.with_descendants(actor)
        monuments = filtering.queryset.for_list().prefetch_related(
            Prefetch("roles", queryset=ActorRole.objects.filter(actor__in=tree.values("pk"))
                     .select_related("actor"), to_attr="actor_roles"),
        )
        page, page_error, status = _page_or_error(request, monuments)
        children = list(actor.children.all())
        child_counts = stats.count_by_actor_tree(Monument.objects.published(),
                                                 [child.pk for child in children])
        for child in children:
            child.count = child_counts.get(child.pk, 0)
        return render(request, self.template_name, {
            "actor": actor,
            "total": total,
            "browse_url": filtering.url(),
            "children": [child for child in children if child.count],
            "by_status": dimension_rows(filtering, "status", numbers["by"]["status"]),
            "by_role": _role_rows(filtering, tree),
            "per_year": per_year_section(new_monuments_filtering(filtering),
                                         numbers["per_year"]),
            "page": page,
            "page_error": page_error,
        }, status=status)


def _role_rows(filtering: Filtering, tree) -> list[dict[str, Any]]:
    """How many records name the actor (or a branch) in each role."""
    counts = {row["role"]: row["count"] for row in stats.count_by_role(filtering.queryset, tree)}
    return [{"role": role, "label": label, "count": counts[role]}
            for role, label in Role.choices if role in counts]


class RegionListView(View):
    template_name = "registry/region_list.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        everything = Filtering({})
        countries: dict[str, list[dict[str, Any]]] = {}
        numbers = count_all(everything, ("region",), per_year=False)
        rows = dimension_rows(everything, "region", numbers["by"]["region"])
        for row in sorted(rows, key=lambda row: row["label"]):
            if row["region"] is not None:
                countries.setdefault(row["region"].country, []).append(row)
        return render(request, self.template_name, {"countries": sorted(countries.items())})


class RegionDetailView(View):
    template_name = "registry/region_detail.html"

    def get(self, request: HttpRequest, code: str) -> HttpResponse:
        if code != code.upper():  # ru-pnz: the codes are written in capitals
            return redirect("registry:region-detail", code=code.upper(), permanent=True)
        region = get_object_or_404(Region, code=code)
        filtering = Filtering({"region": region.code},
                              queryset=Monument.objects.published())
        page, page_error, status = _page_or_error(request, filtering.queryset.for_list())
        numbers = count_all(filtering, ("sponsor_category", "status"))
        return render(request, self.template_name, {
            "region": region,
            "total": numbers["total"],
            "browse_url": filtering.url(),
            "map_url": filtering.url("registry:map"),
            "per_year": per_year_section(new_monuments_filtering(filtering),
                                         numbers["per_year"]),
            "by_sponsor": dimension_rows(filtering, "sponsor_category",
                                         numbers["by"]["sponsor_category"]),
            "by_status": dimension_rows(filtering, "status", numbers["by"]["status"]),
            "page": page,
            "page_error": page_error,
        }, status=status)


def _public_citations() -> Prefetch:
    return Prefetch(
        "citations",
        queryset=Citation.objects.filter(monument__in=Monument.objects.published())
        .select_related("monument").order_by("monument__public_id", "pk"),
        to_attr="public_citations",
    )


def _cited_by_public_records():
    return Source.objects.filter(Exists(Citation.objects.filter(
        source=OuterRef("pk"), monument__in=Monument.objects.published()
    )))


def _with_monuments(source: Source) -> Source:
    """The distinct records citing a source, from its prefetched public citations."""
    seen: dict[int, Monument] = {}
    for citation in source.public_citations:
        seen.setdefault(citation.monument_id, citation.monument)
    source.public_monuments = list(seen.values())
    return source


class SourceListView(View):
    """The bibliography: every source a published record cites, with those records."""

    template_name = "registry/source_list.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        sources = (_cited_by_public_records().prefetch_related(_public_citations())
                   .order_by("outlet", "-published_on", "title", "pk"))
        page, page_error, status = _page_or_error(request, sources)
        if page is not None:
            page.object_list = [_with_monuments(source) for source in page.object_list]
        return render(request, self.template_name,
                      {"page": page, "page_error": page_error}, status=status)


class SourceDetailView(View):
    template_name = "registry/source_detail.html"

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        source = (_cited_by_public_records().prefetch_related(_public_citations())
                  .filter(pk=pk).first())
        if source is None:
            raise Http404(_("No published record cites this source."))
        return render(request, self.template_name, {"source": _with_monuments(source)})
