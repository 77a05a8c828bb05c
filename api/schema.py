"""The OpenAPI description of what the views do that drf-spectacular cannot see by itself:
the filters' types and examples, the three formats, the error shape and the status codes.

The filter parameters are read from `MonumentFilterSet` (names, help texts); only their
OpenAPI types and examples are added here, so the FilterSet stays the one definition.
"""

from typing import Any

from drf_spectacular.extensions import OpenApiFilterExtension
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    OpenApiResponse,
    extend_schema_serializer,
)
from rest_framework import serializers

from api.renderers import CSV_MEDIA_TYPE, GEOJSON_MEDIA_TYPE
from api.serializers import (
    ChangeSerializer,
    MonumentDetailSerializer,
    MonumentListSerializer,
    StatsSerializer,
)
from registry import stats
from registry.choices import ActorCategory, Form, Origin, Setting, State, Status
from registry.filters import MonumentFilterSet

JSON = "application/json"

#: Response fields that only some users get (curators), so not `required` in the schema.
OPTIONAL_FIELDS = {"MonumentDetail": ["curator_notes"]}


def postprocess(result: dict[str, Any], **kwargs) -> dict[str, Any]:
    """drf-spectacular post-processing hook: fields in OPTIONAL_FIELDS are not required
    (drf-spectacular makes every read-only field required), and request bodies take no
    fields but the documented ones (the API refuses unknown fields)."""
    schemas = result.get("components", {}).get("schemas", {})
    for name, component in schemas.items():
        if name.endswith("Request") and component.get("type") == "object":
            component["additionalProperties"] = False
    for component, fields in OPTIONAL_FIELDS.items():
        if component in schemas and "required" in schemas[component]:
            schemas[component]["required"] = [
                name for name in schemas[component]["required"] if name not in fields]
    return result


class MonumentFilterBackendExtension(OpenApiFilterExtension):
    """The filters are documented by `monument_filter_parameters()` (types and examples the
    FilterSet's custom fields do not carry), not guessed from the FilterSet."""

    target_class = "api.filtering.MonumentFilterBackend"

    def get_schema_operation_parameters(self, auto_schema, *args, **kwargs):
        return []


class ErrorItemSerializer(serializers.Serializer):
    field = serializers.CharField(allow_null=True, help_text="The parameter, body field "
                                  "(events[1].date) or header at fault; null for the request.")
    reason = serializers.CharField()
    code = serializers.CharField(allow_null=True)


class ErrorSerializer(serializers.Serializer):
    status = serializers.IntegerField()
    detail = serializers.CharField(help_text="All the errors in one line.")
    errors = ErrorItemSerializer(many=True)


def _error(description: str) -> OpenApiResponse:
    return OpenApiResponse(ErrorSerializer, description=description)


def _list_of(choices) -> dict[str, Any]:
    return {"type": "array", "items": {"type": "string", "enum": list(choices.values)}}


def _codes(pattern: str) -> dict[str, Any]:
    return {"type": "array", "items": {"type": "string", "pattern": pattern}}


#: OpenAPI schema and example of each MonumentFilterSet parameter.
_FILTER_TYPES: dict[str, tuple[Any, Any]] = {
    "q": (OpenApiTypes.STR, "Новосибирск"),
    "country": (_codes("^[A-Za-z]{2}$"), ["RU"]),
    "controlled_by": (_codes("^[A-Za-z]{2}$"), ["RU"]),
    "region": (_codes("^[A-Za-z]{2}-[A-Za-z0-9]{1,3}$"), ["RU-VLG", "RU-NVS"]),
    "settlement": (OpenApiTypes.STR, "Vologda"),
    "actor": ({"type": "array", "items": {"type": "string", "pattern": "^[-a-z0-9_]+$"}},
              ["kprf"]),
    "sponsor_category": (_list_of(ActorCategory), ["kprf", "public_association"]),
    "form": (_list_of(Form), ["bust", "statue"]),
    "status": (_list_of(Status), ["standing"]),
    "setting": (_list_of(Setting), ["public_space"]),
    "origin": (_list_of(Origin), ["new", "soviet_replica"]),
    "year_min": ({"type": "integer", "minimum": 1900, "maximum": 2100}, 1995),
    "year_max": ({"type": "integer", "minimum": 1900, "maximum": 2100}, 2025),
    "installed_after": (OpenApiTypes.DATE, "2000-01-01"),
    "installed_before": (OpenApiTypes.DATE, "2025-07-31"),
    "bbox": ({"type": "string", "pattern": r"^-?[0-9.]+,-?[0-9.]+,-?[0-9.]+,-?[0-9.]+$"},
             "30,50,60,70"),
    "near": ({"type": "string", "pattern": r"^-?[0-9.]+,-?[0-9.]+$"}, "55.75,37.62"),
    "radius_km": ({"type": "number", "minimum": 0.01, "maximum": 20000}, 25),
    "has_coordinates": (OpenApiTypes.BOOL, True),
    "updated_since": (OpenApiTypes.DATETIME, "2025-09-01T00:00:00Z"),
    "dataset": ({"type": "array", "items": {"type": "string", "pattern": "^[-a-z0-9_]+$"}},
                ["arkhipova-lapshin-2025"]),
    "not_in_dataset": ({"type": "array", "items": {"type": "string",
                                                   "pattern": "^[-a-z0-9_]+$"}},
                       ["arkhipova-lapshin-2025"]),
    "as_of": (OpenApiTypes.DATE, "2025-09-01"),
    "ordering": ({"type": "string", "enum": [
        f"{sign}{name}" for name in ("installed", "name", "region", "settlement", "updated", "id")
        for sign in ("", "-")]}, "-installed"),
}


def monument_filter_parameters() -> list[OpenApiParameter]:
    parameters = []
    for name, field in MonumentFilterSet.base_filters.items():
        kind, example = _FILTER_TYPES[name]
        array = isinstance(kind, dict) and kind.get("type") == "array"
        help_text = str(field.extra.get("help_text") or field.label or "").rstrip(".") + "."
        if array:
            help_text += " Several values: comma-separated."
        parameters.append(OpenApiParameter(
            name, kind, OpenApiParameter.QUERY, description=help_text.strip(),
            explode=False if array else None, style="form" if array else None,
            examples=[OpenApiExample(name, value=example)],
        ))
    return parameters


def format_parameter(formats: list[str]) -> OpenApiParameter:
    return OpenApiParameter(
        "format", {"type": "string", "enum": formats}, OpenApiParameter.QUERY,
        description="The response format; the Accept header works too "
                    "(application/json, text/csv, application/geo+json).")


def state_parameter() -> OpenApiParameter:
    return OpenApiParameter(
        "state", _list_of(State), OpenApiParameter.QUERY, explode=False, style="form",
        description="Publication states to list (default published). Anything but published "
                    "needs a curator, reviewer or administrator (403 otherwise).")


def monument_list_parameters() -> list[OpenApiParameter]:
    return [*monument_filter_parameters(), state_parameter(),
            format_parameter(["json", "csv", "geojson"]), if_none_match_parameter()]


def detail_parameters(formats: tuple[str, ...] = ("json",)) -> list[OpenApiParameter]:
    """`format` and If-None-Match of a detail endpoint."""
    return [format_parameter(list(formats)), if_none_match_parameter()]


def if_none_match_parameter() -> OpenApiParameter:
    return OpenApiParameter("If-None-Match", OpenApiTypes.STR, OpenApiParameter.HEADER,
                            description="An ETag you have: 304 when it is still current.")


def if_match_parameters() -> list[OpenApiParameter]:
    return [OpenApiParameter(
        "If-Match", OpenApiTypes.STR, OpenApiParameter.HEADER,
        description="The ETag you read; 412 when the record changed since (no lost update).")]


def list_parameters() -> list[OpenApiParameter]:
    return [format_parameter(["json"]), if_none_match_parameter()]


def country_parameter() -> OpenApiParameter:
    return OpenApiParameter("country", _codes("^[A-Za-z]{2}$"), OpenApiParameter.QUERY,
                            explode=False, style="form",
                            description="ISO 3166-1 alpha-2 codes, comma-separated.")


def group_by_parameter() -> OpenApiParameter:
    names = list(stats.DIMENSIONS)
    return OpenApiParameter(
        "group_by", {"type": "array", "items": {"type": "string", "enum": names},
                     "minItems": 1, "maxItems": 2},
        OpenApiParameter.QUERY, required=True, explode=False, style="form",
        description="One or two dimensions: " + ", ".join(names) + ".",
        examples=[OpenApiExample("per year and sponsor", value=["year", "sponsor_category"])])


def changes_parameters() -> list[OpenApiParameter]:
    return [if_none_match_parameter(),
        OpenApiParameter("since", OpenApiTypes.DATETIME, OpenApiParameter.QUERY, required=True,
                         description="Changes at or after this moment (ISO 8601).",
                         examples=[OpenApiExample("since", value="2025-09-01T00:00:00Z")]),
        format_parameter(["json"]),
    ]


class GeoJSONPointSerializer(serializers.Serializer):
    type = serializers.ChoiceField(choices=["Point"])
    coordinates = serializers.ListField(child=serializers.FloatField(), min_length=2,
                                        max_length=2, help_text="[longitude, latitude], WGS 84.")


class GeoJSONFeatureSerializer(serializers.Serializer):
    """RFC 7946 Feature; its properties are the CSV columns (docs/api.md)."""

    type = serializers.ChoiceField(choices=["Feature"])
    id = serializers.IntegerField(help_text="The record's public id.")
    geometry = GeoJSONPointSerializer(allow_null=True)
    properties = serializers.DictField()


@extend_schema_serializer(many=False)
class GeoJSONFeatureCollectionSerializer(serializers.Serializer):
    """RFC 7946 FeatureCollection of every matching record with coordinates (not paginated)."""

    type = serializers.ChoiceField(choices=["FeatureCollection"])
    features = GeoJSONFeatureSerializer(many=True)


CSV = OpenApiResponse(OpenApiTypes.STR, description="CSV with the columns listed in "
                                                    "docs/api.md; every matching record.")


def _errors(*codes: int) -> dict[Any, OpenApiResponse]:
    descriptions = {
        400: "A parameter or field is wrong; `errors` names it.",
        401: "No valid token or session.",
        403: "Not allowed for this account.",
        404: "No such record (or not public).",
        409: "The record's state does not allow this.",
        412: "If-Match: the record changed since you read it.",
        429: "Too many requests; see Retry-After.",
    }
    return {(code, JSON): _error(descriptions[code]) for code in codes}


NOT_MODIFIED = {304: OpenApiResponse(None, description="Not modified (If-None-Match).")}


def monument_list_responses() -> dict[Any, Any]:
    return {
        (200, JSON): MonumentListSerializer(many=True),
        (200, CSV_MEDIA_TYPE): CSV,
        (200, GEOJSON_MEDIA_TYPE): GeoJSONFeatureCollectionSerializer,
        **NOT_MODIFIED, **_errors(400, 403, 404, 429),
    }


def monument_detail_responses() -> dict[Any, Any]:
    return {
        (200, JSON): MonumentDetailSerializer,
        (200, CSV_MEDIA_TYPE): CSV,
        (200, GEOJSON_MEDIA_TYPE): GeoJSONFeatureSerializer,
        **NOT_MODIFIED, **_errors(400, 404, 429),
    }


def write_responses(code: int, *, conflict: bool = False) -> dict[Any, Any]:
    codes = [400, 401, 403, 404, 412, 429] + ([409] if conflict else [])
    return {(code, JSON): MonumentDetailSerializer, **_errors(*codes)}


def list_responses(serializer) -> dict[Any, Any]:
    return {(200, JSON): serializer, **NOT_MODIFIED, **_errors(400, 404, 429)}


def detail_responses(serializer) -> dict[Any, Any]:
    return {(200, JSON): serializer, **NOT_MODIFIED, **_errors(400, 404, 429)}


def stats_responses() -> dict[Any, Any]:
    return {(200, JSON): StatsSerializer,
            (200, CSV_MEDIA_TYPE): OpenApiResponse(OpenApiTypes.STR, description="The rows."),
            **NOT_MODIFIED, **_errors(400, 429)}


def changes_responses() -> dict[Any, Any]:
    return {(200, JSON): ChangeSerializer(many=True), **NOT_MODIFIED, **_errors(400, 429)}
