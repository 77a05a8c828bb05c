"""Browse, the monument page, downloads and the map."""

import json
from collections.abc import Iterator

from django.conf import settings
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponsePermanentRedirect,
    JsonResponse,
    StreamingHttpResponse,
)
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views import View

from registry import exports, stats
from registry.merge import merged_redirect_url
from registry.models import Monument
from registry.views.cite import citation_formats
from registry.views.common import (
    Filtering,
    PageError,
    clean_url,
    filter_controls,
    has_empty_parameters,
    paginate,
)

#: How many "duplicate of" links are followed before giving up (merges rarely chain).


def _filter_errors_response(filtering: Filtering, *, content_type: str = "json") -> HttpResponse:
    errors = {error["name"]: error["messages"] for error in filtering.errors}
    if content_type == "json":
        return JsonResponse({"errors": errors}, status=400)
    lines = [_("The filters are not valid:")]
    lines += [f"{name}: {' '.join(str(m) for m in messages)}" for name, messages in errors.items()]
    return HttpResponse("\n".join(lines) + "\n", status=400,
                        content_type="text/plain; charset=utf-8")


class MonumentListView(View):
    """Browse: search, filters, sorting, pages, and downloads of exactly these results."""

    template_name = "registry/monument_list.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        if has_empty_parameters(request):
            return redirect(clean_url(request))
        filtering = Filtering(request.GET, for_list=True)
        context = {
            "filtering": filtering,
            "controls": filter_controls(filtering, ordering=True),
            "page": None,
            "page_error": None,
        }
        status = 200
        if not filtering.is_valid:
            status = 400
        else:
            try:
                context["page"] = paginate(request, filtering.queryset)
            except PageError as error:
                context["page_error"], status = error.message, error.status
        context["download"] = {
            "csv": filtering.url("registry:monument-csv"),
            "geojson": filtering.url("registry:monument-geojson"),
        }
        context["map_url"] = filtering.url("registry:map", ordering=None)
        context["stats_url"] = filtering.url("registry:stats", ordering=None)
        return render(request, self.template_name, context, status=status)


def _download_name(extension: str) -> str:
    return f"stalin-monuments-{timezone.localdate().isoformat()}.{extension}"


class MonumentCSVView(View):
    """The filtered records as CSV (registry.exports), streamed."""

    def get(self, request: HttpRequest) -> HttpResponse:
        filtering = Filtering(request.GET)
        if not filtering.is_valid:
            return _filter_errors_response(filtering, content_type="text")
        response = StreamingHttpResponse(exports.csv_lines(filtering.queryset),
                                         content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{_download_name("csv")}"'
        return response


class MonumentGeoJSONView(View):
    """The filtered records with coordinates as GeoJSON (RFC 7946), streamed."""

    def get(self, request: HttpRequest) -> HttpResponse:
        filtering = Filtering(request.GET)
        if not filtering.is_valid:
            return _filter_errors_response(filtering)
        response = StreamingHttpResponse(exports.geojson_chunks(filtering.queryset),
                                         content_type="application/geo+json")
        response["Content-Disposition"] = f'attachment; filename="{_download_name("geojson")}"'
        return response


class MonumentDetailView(View):
    """A monument record with everything public about it and where each fact comes from."""

    template_name = "registry/monument_detail.html"

    def get(self, request: HttpRequest, public_id: int, slug: str | None = None) -> HttpResponse:
        monument = Monument.objects.for_detail().filter(public_id=public_id).first()
        if monument is None:
            raise Http404(_("No monument record has this number."))
        if monument.duplicate_of_id is not None:
            kept_url = merged_redirect_url(monument)
            if kept_url is None:
                raise Http404(_("No monument record has this number."))
            return HttpResponsePermanentRedirect(kept_url)
        if not monument.is_public:
            raise Http404(_("No monument record has this number."))
        if slug != monument.slug:
            query = request.META.get("QUERY_STRING", "")
            return HttpResponsePermanentRedirect(
                monument.get_absolute_url() + ("?" + query if query else "")
            )
        return render(request, self.template_name, {
            "monument": monument,
            **_sourced_parts(monument),
            "cite": citation_formats(monument),
            "map": _map_settings(),
        })


def _sourced_parts(monument: Monument) -> dict:
    """Events, roles and sources of a record, each claim with the numbers of its sources."""
    citations = list(monument.citations.all())
    sources: dict[int, dict] = {}
    for citation in citations:
        entry = sources.setdefault(citation.source_id, {
            "number": len(sources) + 1, "source": citation.source, "citations": [],
        })
        entry["citations"].append(citation)
        citation.number = entry["number"]

    def numbers(matching) -> list[int]:
        return sorted({citation.number for citation in citations if matching(citation)})

    events = list(monument.events.all())
    for event in events:
        event.source_numbers = numbers(lambda citation, pk=event.pk: citation.event_id == pk)
    roles = list(monument.roles.all())
    for role in roles:
        role.source_numbers = numbers(lambda citation, pk=role.pk: citation.role_id == pk)
    return {
        "events": events,
        "roles": roles,
        "sources": list(sources.values()),
        "record_source_numbers": numbers(
            lambda citation: citation.event_id is None and citation.role_id is None
        ),
    }


def _map_settings() -> dict[str, str]:
    return {"tile_url": settings.MAP_TILE_URL, "attribution": settings.MAP_TILE_ATTRIBUTION}


class MapView(View):
    """The filtered records on a map; the markers come from MapDataView with the same filters."""

    template_name = "registry/map.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        if has_empty_parameters(request):
            return redirect(clean_url(request))
        filtering = Filtering(request.GET)
        context = {
            "filtering": filtering,
            "controls": filter_controls(filtering),
            "map": _map_settings(),
            "data_url": filtering.url("registry:map-data"),
            "browse_url": filtering.url(),
            "geojson_url": filtering.url("registry:monument-geojson"),
        }
        if not filtering.is_valid:
            return render(request, self.template_name, context, status=400)
        context["count"] = stats.total(filtering.queryset)
        context["mapped_count"] = stats.total(filtering.queryset.filter(latitude__isnull=False))
        return render(request, self.template_name, context)


class MapDataView(View):
    """The map's markers: one GeoJSON feature (RFC 7946) per filtered record with coordinates,
    with only what a popup shows, streamed."""

    def get(self, request: HttpRequest) -> HttpResponse:
        filtering = Filtering(request.GET)
        if not filtering.is_valid:
            return _filter_errors_response(filtering)
        rows = (
            filtering.queryset.filter(latitude__isnull=False, longitude__isnull=False)
            .order_by("public_id")
            .values_list("public_id", "slug", "name_en", "name_ru", "settlement_en",
                         "settlement_ru", "installed_year", "latitude", "longitude")
        )
        response = StreamingHttpResponse(
            _map_features(rows, russian=get_language() == "ru",
                          prefix=reverse("registry:monument-list")),
            content_type="application/geo+json",
        )
        return response


def _map_features(rows, *, russian: bool, prefix: str) -> Iterator[str]:
    # The language is read in the view: a streamed body is produced after the view returns.
    yield '{"type":"FeatureCollection","features":['
    separator = ""
    for (public_id, slug, name_en, name_ru, settlement_en, settlement_ru, year,
         latitude, longitude) in rows.iterator(chunk_size=2000):
        name = (name_ru or name_en) if russian else (name_en or name_ru)
        settlement = ((settlement_ru or settlement_en) if russian
                      else (settlement_en or settlement_ru))
        feature = {
            "type": "Feature",
            "id": public_id,
            "geometry": {"type": "Point", "coordinates": [float(longitude), float(latitude)]},
            "properties": {"name": name, "settlement": settlement, "year": year,
                           "url": f"{prefix}{public_id}/{slug}/"},
        }
        yield separator + json.dumps(feature, ensure_ascii=False)
        separator = ","
    yield "]}\n"
