"""The API's views: thin adapters of the registry's querysets, FilterSet, counting, exports and
workflow (docs/api.md explains them to script authors)."""

from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from drf_spectacular.views import SpectacularRedocView
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError as DRFValidationError
from rest_framework.generics import GenericAPIView
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from api import conditional, schema
from api.errors import Conflict, FieldError
from api.filtering import MonumentFilterBackend
from api.pagination import CURSOR, PAGE, PAGE_SIZE, ListPagination
from api.permissions import MonumentPermission, sees_unpublished
from api.renderers import CSVRenderer, GeoJSONRenderer, JSONRenderer
from api.serializers import (
    ActorDetailSerializer,
    ActorSerializer,
    Links,
    MonumentDetailSerializer,
    MonumentListSerializer,
    MonumentWriteSerializer,
    RegionDetailSerializer,
    RegionSerializer,
    ReleaseSerializer,
    SourceDetailSerializer,
    SourceSerializer,
    TransitionSerializer,
    monument_row,
)
from api.writes import WriteError, monument_create, monument_update
from registry import asof, exports, stats
from registry.cache import cache_key, cached_count
from registry.choices import State
from registry.filters import MonumentFilterSet, filterset_class_for, filterset_for
from registry.models import Actor, Citation, Monument, Region, Release, Source
from registry.workflow import TRANSITIONS, TransitionError, monument_transition

FORMAT = "format"


class ContentNegotiation(DefaultContentNegotiation):
    """An unknown `?format=` is a 400 naming the parameter (DRF answers 404)."""

    def select_renderer(self, request, renderers, format_suffix=None):
        try:
            return super().select_renderer(request, renderers, format_suffix)
        except Http404:
            formats = ", ".join(renderer.format for renderer in renderers)
            raise FieldError(FORMAT, _("Unknown format; this endpoint gives %(formats)s.")
                             % {"formats": formats}) from None


class ApiView(APIView):
    """What every endpoint does: JSON errors, no unknown parameters, cache validators."""

    renderer_classes = [JSONRenderer]
    error_renderer = JSONRenderer
    content_negotiation_class = ContentNegotiation
    # Read-only endpoints: anyone reads, and other methods are 405 for everyone.
    permission_classes = [permissions.AllowAny]

    def allowed_params(self) -> set[str]:
        return {FORMAT}

    def initial(self, request: Request, *args, **kwargs) -> None:
        if any("\x00" in str(value) for value in kwargs.values()):
            raise Http404  # PostgreSQL text cannot hold NUL, so no record has it in its id
        super().initial(request, *args, **kwargs)
        allowed = self.allowed_params()
        unknown = sorted(set(request.query_params) - allowed)
        if unknown:
            raise FieldError(unknown[0], _("Unknown parameter. This endpoint takes: %(allowed)s.")
                             % {"allowed": ", ".join(sorted(allowed))})

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if request.method in ("GET", "HEAD"):
            if (response.status_code == status.HTTP_200_OK and not response.streaming
                    and not response.has_header("ETag")):
                # Endpoints without a cheaper version (stats, changes, actors…): the content.
                response.render()
                etag = conditional.content_etag(response.content)
                if conditional.is_not_modified(request, etag, None):
                    response = _not_modified(etag, None)
                    response = super().finalize_response(request, response, *args, **kwargs)
                else:
                    response["ETag"] = etag
            conditional.set_cache_headers(response, request)
        return response

    def links(self) -> Links:
        if not hasattr(self, "_links"):
            self._links = Links(self.request)
        return self._links

    def get_serializer_context(self) -> dict[str, Any]:
        return {"request": self.request, "view": self, "links": self.links(),
                "sees_unpublished": sees_unpublished(self.request.user)}


class ApiGenericView(ApiView, GenericAPIView):
    pass


@extend_schema(exclude=True)
class NotFoundView(ApiView):
    """Any other path under /api/v1/: a JSON 404 like the rest of the API."""

    def allowed_params(self) -> set[str]:
        return set(self.request.query_params)

    def _not_found(self, request, *args, **kwargs):
        raise FieldError(None, _("There is no such endpoint; see %(schema)s.")
                         % {"schema": request.build_absolute_uri("/api/v1/docs/")},
                         status_code=404, code="not_found")

    get = post = put = patch = delete = head = options = _not_found


class RedocView(SpectacularRedocView):
    """ReDoc from drf-spectacular-sidecar, with a Content Security Policy that keeps it to the
    app's own origin: the bundled ReDoc would otherwise fetch its "API docs by Redocly" logo
    from cdn.redoc.ly (it hides the logo when the image fails). Inline styles and blob:
    workers are how ReDoc renders."""

    template_name = "api/redoc.html"

    @extend_schema(exclude=True)
    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        response["Content-Security-Policy"] = (
            "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
            "script-src 'self'; worker-src 'self' blob:; object-src 'none'; base-uri 'none'; "
            "frame-ancestors 'none'")
        return response


def _not_modified(etag: str, last_modified) -> Response:
    response = Response(status=status.HTTP_304_NOT_MODIFIED)
    conditional.set_validators(response, etag, last_modified)
    return response


def _stream(chunks, *, content_type: str, filename: str) -> StreamingHttpResponse:
    response = StreamingHttpResponse(chunks, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _geojson_feature(monument: Monument) -> dict[str, Any]:
    """The record as an RFC 7946 Feature with the CSV columns as properties (geometry null
    when it has no coordinates)."""
    exported = exports.for_export(Monument.objects.filter(pk=monument.pk)).get()
    if exported.has_coordinates:
        return exports.geojson_feature(exported)
    return {"type": "Feature", "id": exported.public_id, "geometry": None,
            "properties": {column.name: column.value(exported) for column in exports.CSV_COLUMNS
                           if column.name not in {"latitude", "longitude"}}}


def _link_header(response, links: list[tuple[str | None, str, str | None]]) -> None:
    values = [f'<{url}>; rel="{rel}"' + (f'; type="{kind}"' if kind else "")
              for url, rel, kind in links if url]
    if values:
        response["Link"] = ", ".join(values)


# -- Monuments --------------------------------------------------------------------------------

@extend_schema_view(
    list=extend_schema(summary="List and filter monuments (JSON, CSV or GeoJSON)",
                       parameters=schema.monument_list_parameters(),
                       responses=schema.monument_list_responses()),
    retrieve=extend_schema(summary="One monument with its events, actors and cited sources",
                           parameters=schema.detail_parameters(("json", "csv", "geojson")),
                           responses=schema.monument_detail_responses()),
    create=extend_schema(summary="Create a draft (curators)", request=MonumentWriteSerializer,
                         responses=schema.write_responses(status.HTTP_201_CREATED)),
    update=extend_schema(summary="Replace a record's fields (If-Match recommended)",
                         request=MonumentWriteSerializer, parameters=schema.if_match_parameters(),
                         responses=schema.write_responses(status.HTTP_200_OK)),
    partial_update=extend_schema(summary="Change some fields (If-Match recommended)",
                                 request=MonumentWriteSerializer,
                                 parameters=schema.if_match_parameters(),
                                 responses=schema.write_responses(status.HTTP_200_OK)),
    destroy=extend_schema(summary="Retire the record (reviewers); never a hard delete",
                          parameters=schema.if_match_parameters(),
                          responses=schema.write_responses(status.HTTP_200_OK, conflict=True)),
)
class MonumentViewSet(ApiView, mixins.ListModelMixin, viewsets.GenericViewSet):
    """Monuments. Anonymous clients see published records; curators, reviewers and
    administrators also the others (by id, or in lists with `state=`)."""

    lookup_field = "public_id"
    lookup_value_regex = "[0-9]{1,12}"
    filter_backends = [MonumentFilterBackend]
    pagination_class = ListPagination
    permission_classes = [MonumentPermission]
    renderer_classes = [JSONRenderer, CSVRenderer, GeoJSONRenderer]
    cursor_key = (("public_id", "int"),)
    queryset = Monument.objects.all()

    def allowed_params(self) -> set[str]:
        if self.action == "list":
            return {FORMAT, "state", PAGE, PAGE_SIZE, CURSOR, *MonumentFilterSet.base_filters}
        return {FORMAT}

    def get_renderers(self):
        if self.action in ("list", "retrieve"):
            return super().get_renderers()
        return [JSONRenderer()]  # writes answer with the record as JSON

    def get_serializer_class(self):
        if self.action == "list":
            return MonumentListSerializer
        if self.action in ("create", "update", "partial_update"):
            return MonumentWriteSerializer
        if self.action == "transition":
            return TransitionSerializer
        return MonumentDetailSerializer

    def _states(self) -> list[str]:
        """The publication states a list shows: published, or what `state=` asks for."""
        raw = self.request.query_params.get("state", "")
        states = [value.strip().lower() for value in raw.split(",") if value.strip()]
        if not states:
            return [State.PUBLISHED]
        unknown = [value for value in states if value not in State.values]
        if unknown:
            raise FieldError("state", _("Unknown state(s): %(unknown)s. Allowed: %(allowed)s.")
                             % {"unknown": ", ".join(unknown),
                                "allowed": ", ".join(State.values)})
        if set(states) != {State.PUBLISHED} and not sees_unpublished(self.request.user):
            raise FieldError("state", _("Only curators, reviewers and administrators see "
                                        "records that are not published."),
                             status_code=status.HTTP_403_FORBIDDEN, code="permission_denied")
        return states

    @property
    def filterset_class(self) -> type[MonumentFilterSet]:
        """Today's filters, or the same filters over the registry as of `as_of`."""
        request = getattr(self, "request", None)
        if request is None or self.action != "list":
            return MonumentFilterSet
        return filterset_class_for(request.query_params)

    def get_queryset(self) -> QuerySet:
        monuments = Monument.objects.all()
        if self.action == "list":
            as_of_records, day = asof.monuments_for(self.request.query_params)
            if day is not None:  # the published records of that day (history has no drafts)
                return as_of_records.for_list()
            return monuments.filter(state__in=self._states()).for_list()
        if not sees_unpublished(self.request.user):
            monuments = monuments.published()
        return monuments.for_detail()

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        # Filters describe lists; a record is found by its id alone.
        if self.action != "list":
            return queryset
        return super().filter_queryset(queryset)

    def list(self, request: Request, *args, **kwargs) -> Response:
        kind = request.accepted_renderer.format
        if kind in ("csv", "geojson"):
            queryset = self.filter_queryset(self.get_queryset())
            etag, last_modified, _count = conditional.list_version(queryset, request)
            if conditional.is_not_modified(request, etag, last_modified):
                return _not_modified(etag, last_modified)
            response = self._export(queryset, kind)
        else:
            if sees_unpublished(request.user) or not settings.REGISTRY_PAGE_CACHE:
                page = self._list_page(until_not_modified=True)
            else:
                # Every anonymous script asking for the same page gets the same answer until a
                # record changes: kept under the records version (registry/cache.py).
                page = cached_count(cache_key("api:monuments", request.query_params,
                                              request.get_host(), request.path, get_language()),
                                    self._list_page)
            etag, last_modified, body, links = page
            if conditional.is_not_modified(request, etag, last_modified):
                return _not_modified(etag, last_modified)
            # The JSON is rendered once, when the page is made: a kept page is bytes, which
            # cost nothing to read back (a page of 100 rows as Python objects costs ~2 ms).
            response = HttpResponse(body, content_type=JSONRenderer.media_type)
            _link_header(response, links)
        conditional.set_validators(response, etag, last_modified)
        return response

    def _list_page(self, until_not_modified: bool = False) -> tuple[str, Any, bytes, list]:
        """(ETag, Last-Modified, the JSON page, its Link header) of the requested list page;
        `until_not_modified`: no page when the client's copy is current (a 304)."""
        queryset = self.filter_queryset(self.get_queryset())
        etag, last_modified, count = conditional.list_version(queryset, self.request)
        if until_not_modified and conditional.is_not_modified(self.request, etag, last_modified):
            return etag, last_modified, b"", []
        self.paginator.known_count = count
        page = self.paginate_queryset(queryset)
        links = self.links()
        data = self.get_paginated_response([monument_row(m, links) for m in page]).data
        links_header = [(self.paginator.get_next_link(), "next", None),
                        (self.paginator.get_previous_link(), "prev", None)]
        return etag, last_modified, JSONRenderer().render(data), links_header

    def _export(self, queryset: QuerySet, kind: str, name: str = "monuments"):
        queryset = queryset.prefetch_related(None)  # the export prefetches what it reads
        if kind == "csv":
            return _stream(exports.csv_lines(queryset), content_type="text/csv; charset=utf-8",
                           filename=f"{name}.csv")
        return _stream(exports.geojson_chunks(queryset), content_type=GeoJSONRenderer.media_type,
                       filename=f"{name}.geojson")

    def retrieve(self, request: Request, *args, **kwargs) -> Response:
        monument = self.get_object()
        etag = conditional.monument_etag(monument)
        last_modified = conditional.monument_last_modified(monument)
        if conditional.is_not_modified(request, etag, last_modified):
            return _not_modified(etag, last_modified)
        kind = request.accepted_renderer.format
        if kind == "csv":
            response = self._export(Monument.objects.filter(pk=monument.pk), "csv",
                                    f"monument-{monument.public_id}")
        elif kind == "geojson":
            response = Response(_geojson_feature(monument))
        else:
            response = Response(self.get_serializer(monument).data)
        return self._detail_headers(response, monument, etag, last_modified)

    def _detail_headers(self, response, monument: Monument, etag: str, last_modified=None):
        conditional.set_validators(
            response, etag, last_modified or conditional.monument_last_modified(monument))
        _link_header(response, [(self.links().monument_page(monument), "alternate", "text/html")])
        return response

    # -- writes --

    def _fresh(self, monument: Monument) -> Monument:
        return Monument.objects.for_detail().get(pk=monument.pk)

    def _written(self, monument: Monument, status_code: int = status.HTTP_200_OK) -> Response:
        monument = self._fresh(monument)
        response = Response(MonumentDetailSerializer(monument, context=self.get_serializer_context()
                                                     ).data, status=status_code)
        return self._detail_headers(response, monument, conditional.monument_etag(monument))

    def _locked(self, monument: Monument) -> Monument:
        """The record locked for this transaction, checked against If-Match."""
        locked = (Monument.objects.for_detail().select_for_update(of=("self",))
                  .get(pk=monument.pk))
        conditional.check_if_match(self.request, conditional.monument_etag(locked))
        return locked

    def _validated(self, partial: bool = False, instance: Monument | None = None) -> dict:
        serializer = MonumentWriteSerializer(instance=instance, data=self.request.data,
                                             partial=partial,
                                             context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)

    def create(self, request: Request, *args, **kwargs) -> Response:
        data = self._validated()
        monument = _model_errors(monument_create, data=data, user=request.user)
        response = self._written(monument, status.HTTP_201_CREATED)
        response["Location"] = self.links().monument(monument.public_id)
        return response

    def update(self, request: Request, *args, **kwargs) -> Response:
        partial = kwargs.pop("partial", False)
        monument = self.get_object()
        with transaction.atomic():
            monument = self._locked(monument)
            data = self._validated(partial=partial, instance=monument)
            _model_errors(monument_update, monument=monument, data=data, user=request.user)
        return self._written(monument)

    def partial_update(self, request: Request, *args, **kwargs) -> Response:
        return self.update(request, *args, partial=True, **kwargs)

    def destroy(self, request: Request, *args, **kwargs) -> Response:
        return self._transition("retire")

    @extend_schema(summary="Move the record along the workflow (submit, publish, send back, "
                           "retire, restore)",
                   request=TransitionSerializer, parameters=schema.if_match_parameters(),
                   responses=schema.write_responses(status.HTTP_200_OK, conflict=True))
    @action(detail=True, methods=["post"])
    def transition(self, request: Request, *args, **kwargs) -> Response:
        serializer = TransitionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return self._transition(serializer.validated_data["transition"])

    def _transition(self, name: str) -> Response:
        monument = self.get_object()
        with transaction.atomic():
            monument = self._locked(monument)
            monument._history_user = self.request.user
            try:
                monument_transition(monument=monument, name=name, user=self.request.user)
            except TransitionError as error:
                if not self.request.user.has_perm(TRANSITIONS[name].permission):
                    raise FieldError("transition", str(error), status_code=403,
                                     code="permission_denied") from None
                raise Conflict("state", str(error)) from None
        return self._written(monument)


def _model_errors(write, **kwargs):
    """What api/writes.py finds wrong, as a DRF 400."""
    try:
        return write(**kwargs)
    except WriteError as error:
        raise DRFValidationError(error.errors) from None


# -- Actors, regions, sources -----------------------------------------------------------------

class _ReadOnlyViewSet(ApiView, viewsets.ReadOnlyModelViewSet):
    pagination_class = ListPagination
    cursor_key = (("pk", "int"),)
    filter_backends: list = []

    def allowed_params(self) -> set[str]:
        if self.action == "list":
            return {FORMAT, PAGE, PAGE_SIZE, CURSOR}
        return {FORMAT}


def _public_actor_ids() -> set[int]:
    """Actors named on a published record, and the organisations they belong to."""
    on_roles = Actor.objects.filter(roles__monument__state=State.PUBLISHED)
    on_events = Actor.objects.filter(events__monument__state=State.PUBLISHED)
    ids = set(on_roles.values_list("pk", flat=True)) | set(on_events.values_list("pk", flat=True))
    frontier = ids
    while frontier:
        parents = set(Actor.objects.filter(pk__in=frontier, parent__isnull=False)
                      .values_list("parent_id", flat=True))
        frontier = parents - ids
        ids |= frontier
    return ids


@extend_schema_view(
    list=extend_schema(summary="Actors: sponsors, sculptors, authorities…",
                       parameters=schema.list_parameters(),
                       responses=schema.list_responses(ActorSerializer)),
    retrieve=extend_schema(summary="One actor, with a link to its monuments",
                           parameters=schema.detail_parameters(),
                           responses=schema.detail_responses(ActorDetailSerializer)),
)
class ActorViewSet(_ReadOnlyViewSet):
    """People and organisations named on published records (all of them for curators)."""

    lookup_field = "slug"
    lookup_value_regex = "[-a-zA-Z0-9_]{1,120}"

    def get_serializer_class(self):
        return ActorSerializer if self.action == "list" else ActorDetailSerializer

    def get_queryset(self) -> QuerySet:
        actors = Actor.objects.select_related("parent").order_by("name_en", "pk")
        if getattr(self, "swagger_fake_view", False):  # the schema generator asks for a model
            return actors.none()
        if not sees_unpublished(self.request.user):
            actors = actors.filter(pk__in=_public_actor_ids())
        if self.action == "retrieve":
            actors = actors.prefetch_related("children")
        return actors

    def get_object(self) -> Actor:
        actor = super().get_object()
        filterset = MonumentFilterSet(data={"actor": actor.slug},
                                      queryset=Monument.objects.published())
        actor.monument_count = filterset.qs.count()
        return actor


@extend_schema_view(
    list=extend_schema(summary="Regions (ISO 3166-2) with their number of published monuments",
                       parameters=[*schema.list_parameters(), schema.country_parameter()],
                       responses=schema.list_responses(RegionSerializer)),
    retrieve=extend_schema(summary="One region", parameters=schema.detail_parameters(),
                           responses=schema.detail_responses(RegionDetailSerializer)),
)
class RegionViewSet(_ReadOnlyViewSet):
    """Every region the registry knows, with how many published monuments it has."""

    lookup_field = "code"
    lookup_value_regex = "[A-Za-z]{2}-[A-Za-z0-9]{1,3}"

    def allowed_params(self) -> set[str]:
        return super().allowed_params() | ({"country"} if self.action == "list" else set())

    def get_serializer_class(self):
        return RegionSerializer if self.action == "list" else RegionDetailSerializer

    def get_queryset(self) -> QuerySet:
        regions = Region.objects.annotate(
            monument_count=Count("monuments", filter=Q(monuments__state=State.PUBLISHED))
        ).order_by("country", "name_en", "pk")
        countries = [code.strip().upper() for code in
                     self.request.query_params.get("country", "").split(",") if code.strip()]
        if countries:
            known = set(Region.objects.values_list("country", flat=True).distinct())
            unknown = [code for code in countries if code not in known]
            if unknown:
                raise FieldError("country", _("No regions for: %(codes)s.")
                                 % {"codes": ", ".join(unknown)})
            regions = regions.filter(country__in=countries)
        return regions

    def get_object(self) -> Region:
        self.kwargs["code"] = self.kwargs["code"].upper()
        return super().get_object()


@extend_schema_view(
    list=extend_schema(summary="Releases: dated, immutable files of the published data",
                       parameters=schema.list_parameters(),
                       responses=schema.list_responses(ReleaseSerializer)),
    retrieve=extend_schema(summary="One release, with its files and checksums",
                           parameters=schema.detail_parameters(),
                           responses=schema.detail_responses(ReleaseSerializer)),
)
class ReleaseViewSet(_ReadOnlyViewSet):
    """Dated releases (CSV, GeoJSON, JSON, data dictionary, CITATION.cff, checksums), newest
    first; their files never change once made."""

    lookup_field = "version"
    lookup_value_regex = r"[0-9]{4}-[0-9]{2}-[0-9]{2}(\.[0-9]+)?"
    serializer_class = ReleaseSerializer
    queryset = Release.objects.order_by("-created_at", "-pk")


@extend_schema_view(
    list=extend_schema(summary="Sources cited by published records",
                       parameters=schema.list_parameters(),
                       responses=schema.list_responses(SourceSerializer)),
    retrieve=extend_schema(summary="One source, with the records citing it and their quotes",
                           parameters=schema.detail_parameters(),
                           responses=schema.detail_responses(SourceDetailSerializer)),
)
class SourceViewSet(_ReadOnlyViewSet):
    """The bibliography: sources cited by published records (all of them for curators)."""

    lookup_value_regex = "[0-9]{1,12}"

    def get_serializer_class(self):
        return SourceSerializer if self.action == "list" else SourceDetailSerializer

    def get_queryset(self) -> QuerySet:
        sources = Source.objects.order_by("-published_on", "title", "pk")
        if not sees_unpublished(self.request.user):
            sources = sources.filter(Exists(Citation.objects.filter(
                source=OuterRef("pk"), monument__state=State.PUBLISHED)))
        if self.action == "retrieve":
            sources = sources.prefetch_related(Prefetch(
                "citations",
                queryset=Citation.objects.filter(monument__state=State.PUBLISHED)
                .select_related("monument").order_by("monument__public_id", "pk"),
                to_attr="visible_citations",
            ))
        return sources


# -- Stats ------------------------------------------------------------------------------------

#: How a dimension's value becomes filters of monuments/, for the `records` link of a count.
def _dimension_filters(name: str, value: Any, row: dict[str, Any]) -> dict[str, str] | None:
    if value is None:
        return None
    if name == "year":
        return {"year_min": str(value), "year_max": str(value)}
    if name == "month":
        year = row.get("year")
        if year is None:
            return None
        import calendar

        last = calendar.monthrange(year, value)[1]
        return {"installed_after": f"{year}-{value:02d}-01",
                "installed_before": f"{year}-{value:02d}-{last:02d}"}
    if name in ("region", "sponsor_category", "form", "status", "setting", "origin", "country",
                "controlled_by") and value != "":
        return {name: str(value)}
    return None  # actor: the filter also counts branches and any role, not the first sponsor


@extend_schema(
    summary="Counts of published monuments by one or two dimensions, with the same filters "
            "as monuments/",
    parameters=[schema.group_by_parameter(), *schema.monument_filter_parameters(),
                schema.format_parameter(["json", "csv"]), schema.if_none_match_parameter()],
    responses=schema.stats_responses(),
)
class StatsView(ApiGenericView):
    """Counts from registry/stats.py, the module behind the statistics page."""

    renderer_classes = [JSONRenderer, CSVRenderer]
    queryset = Monument.objects.none()  # for the schema; counts come from registry/stats.py

    def allowed_params(self) -> set[str]:
        return {FORMAT, "group_by", *MonumentFilterSet.base_filters}

    def get(self, request: Request) -> Response:
        raw = request.query_params.get("group_by", "")
        dimensions = [name.strip() for name in raw.split(",") if name.strip()]
        if not dimensions:
            raise FieldError("group_by", _("Give one or two of: %(names)s.")
                             % {"names": ", ".join(stats.DIMENSIONS)})
        unknown = [name for name in dimensions if name not in stats.DIMENSIONS]
        if unknown or len(dimensions) > 2 or len(set(dimensions)) != len(dimensions):
            raise FieldError("group_by", _("Give one or two different dimensions of: "
                                           "%(names)s.") % {"names": ", ".join(stats.DIMENSIONS)})
        filterset = filterset_for(request.query_params, request=request)
        if not filterset.is_valid():
            raise DRFValidationError(filterset.errors)
        queryset = filterset.qs
        base = {key: value for key, value in request.query_params.items()
                if key in MonumentFilterSet.base_filters}

        def counted() -> tuple[list[dict[str, Any]], int]:
            rows = stats.count_by(queryset, dimensions)
            for row in rows:
                row["records"] = self._records_link(base, dimensions, row)
            return rows, stats.total(queryset)

        # The same counts for everyone until a record changes (registry/cache.py).
        rows, total = cached_count(cache_key("api:stats", request.query_params,
                                             request.get_host(), get_language()), counted)
        if request.accepted_renderer.format == "csv":
            disposition = f'attachment; filename="stats-{"-".join(dimensions)}.csv"'
            response = Response({"columns": [*dimensions, "count", "records"], "rows": rows},
                                headers={"Content-Disposition": disposition})
        else:
            response = Response({"group_by": dimensions, "total": total, "results": rows})
        return response

    def _records_link(self, base: dict[str, str], dimensions: list[str],
                      row: dict[str, Any]) -> str | None:
        from urllib.parse import urlencode

        params = dict(base)
        for name in dimensions:
            filters = _dimension_filters(name, row[name], row)
            if filters is None:
                return None
            params.update(filters)
        return f"{self.links().monuments}?{urlencode(params)}"


# -- Changes ----------------------------------------------------------------------------------

class _ChangesQuery(serializers.Serializer):
    since = serializers.DateTimeField(help_text="ISO 8601, e.g. 2025-09-01T00:00:00Z.")


@extend_schema(
    summary="What changed since a date: records created, updated or withdrawn, oldest first",
    parameters=schema.changes_parameters(),
    responses=schema.changes_responses(),
)
class ChangesView(ApiGenericView):
    """The feed a mirror syncs from (docs/api.md, "Staying in sync").

    One entry per record that changed since `since` and is public now or was public once:
    published records as `created` (first public since then) or `updated`; records that left
    the public set as `retired`, `unpublished` or `merged`, with nothing but their id. Records
    that were never published never appear. Ordered by (updated_at, public_id) and walked with
    a cursor, so a walk is complete even while records change.
    """

    queryset = Monument.objects.none()  # for the schema
    pagination_class = ListPagination
    cursor_only = True
    cursor_key = (("updated_at", "datetime"), ("public_id", "int"))

    def allowed_params(self) -> set[str]:
        return {FORMAT, "since", CURSOR, PAGE_SIZE}

    def get(self, request: Request) -> Response:
        query = _ChangesQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        since = query.validated_data["since"]
        history = Monument.history.model.objects.filter(id=OuterRef("pk"),
                                                        state=State.PUBLISHED)
        entries = (
            Monument.objects.filter(updated_at__gte=since)
            .annotate(was_public=Exists(history),
                      was_public_before=Exists(history.filter(history_date__lt=since)))
            .filter(Q(state=State.PUBLISHED) | Q(was_public=True))
            .select_related("duplicate_of")
        )
        page = self.paginate_queryset(entries)
        public = {monument.pk for monument in page if monument.state == State.PUBLISHED}
        rows = {monument.pk: monument for monument in
                Monument.objects.filter(pk__in=public).for_list()}
        links = self.links()
        return self.get_paginated_response([self._entry(m, rows.get(m.pk), links) for m in page])

    @staticmethod
    def _entry(monument: Monument, row: Monument | None, links: Links) -> dict[str, Any]:
        public = monument.state == State.PUBLISHED
        if public:
            change = "updated" if monument.was_public_before else "created"
        elif monument.state == State.RETIRED and monument.duplicate_of_id:
            change = "merged"
        elif monument.state == State.RETIRED:
            change = "retired"
        else:
            change = "unpublished"
        merged_into = monument.duplicate_of if change == "merged" else None
        if merged_into is not None and merged_into.state != State.PUBLISHED:
            merged_into = None
        return {
            "public_id": monument.public_id,
            "change": change,
            "updated_at": monument.updated_at.isoformat().replace("+00:00", "Z"),
            "duplicate_of": merged_into.public_id if merged_into else None,
            "url": links.monument(monument.public_id) if public else None,
            "record": monument_row(row, links) if public and row is not None else None,
        }
