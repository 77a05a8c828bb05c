"""The API's formats: JSON (orjson, for speed on long lists), CSV and GeoJSON.

Lists of monuments in CSV and GeoJSON never go through these renderers' `render`: the views
stream them from registry/exports.py. The renderers exist so that `?format=csv` and
`Accept: text/csv` select them, and to render the small tables (stats) that are not streamed.
"""

import csv
import io
from decimal import Decimal
from typing import Any

import orjson
from django.utils.functional import Promise
from rest_framework.renderers import BaseRenderer

CSV_MEDIA_TYPE = "text/csv"
GEOJSON_MEDIA_TYPE = "application/geo+json"


def _default(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, Promise):
        return str(value)
    raise TypeError(f"{type(value).__name__} is not JSON serializable")


def dumps(data: Any) -> bytes:
    return orjson.dumps(data, default=_default)


class JSONRenderer(BaseRenderer):
    media_type = "application/json"
    format = "json"
    charset = None

    def render(self, data, accepted_media_type=None, renderer_context=None) -> bytes:
        if data is None:
            return b""
        return dumps(data)


class GeoJSONRenderer(JSONRenderer):
    """RFC 7946 GeoJSON; the data is already a Feature or FeatureCollection."""

    media_type = GEOJSON_MEDIA_TYPE
    format = "geojson"


class CSVRenderer(BaseRenderer):
    """A table as CSV: `{"columns": [...], "rows": [{...}, ...]}`; the header row is written
    even when there are no rows."""

    media_type = CSV_MEDIA_TYPE
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None) -> bytes:
        if data is None:
            return b""
        columns, rows = data["columns"], data["rows"]
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=columns, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
        return buffer.getvalue().encode("utf-8")
