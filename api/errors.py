"""Every 4xx of the API has one JSON shape, so a script can report what it got wrong:

    {"status": 400, "detail": "region: Unknown region code(s): XX-YY. ...",
     "errors": [{"field": "region", "reason": "Unknown region code(s): XX-YY. ...",
                 "code": "invalid_choice"}]}

`field` names the query parameter, body field (`events[1].date`) or header (`If-Match`) at
fault, or is null when the error is about the request as a whole (`401`, `429`…).
"""

from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler


class FieldError(exceptions.APIException):
    """An error about one field, parameter or header, with any status code."""

    def __init__(self, field: str | None, reason: str, *, status_code: int = 400,
                 code: str = "invalid"):
        self.status_code = status_code
        self.field = field
        super().__init__(detail=reason, code=code)


class PreconditionFailed(FieldError):
    def __init__(self, reason: str | None = None):
        super().__init__(
            "If-Match",
            reason or _("The record changed since you read it: read it again, re-apply your "
                        "change and send the new ETag in If-Match."),
            status_code=status.HTTP_412_PRECONDITION_FAILED, code="precondition_failed",
        )


class Conflict(FieldError):
    def __init__(self, field: str | None, reason: str):
        super().__init__(field, reason, status_code=status.HTTP_409_CONFLICT, code="conflict")


def _flatten(detail: Any, prefix: str | None) -> list[dict[str, Any]]:
    """DRF's nested error structure as a flat list of {field, reason, code}."""
    if isinstance(detail, dict):
        items: list[dict[str, Any]] = []
        for key, value in detail.items():
            if key in (api_settings.NON_FIELD_ERRORS_KEY, NON_FIELD_ERRORS, "detail"):
                name = prefix
            elif isinstance(key, int):  # DRF reports a nested list's items by index
                name = f"{prefix}[{key}]" if prefix else f"[{key}]"
            else:
                name = f"{prefix}.{key}" if prefix else str(key)
            items += _flatten(value, name)
        return items
    if isinstance(detail, list):
        if all(isinstance(item, str) for item in detail):
            return [_error(prefix, item) for item in detail]
        items = []
        for index, value in enumerate(detail):
            if value:  # a list serializer reports {} for the items without errors
                items += _flatten(value, f"{prefix}[{index}]" if prefix else f"[{index}]")
        return items
    return [_error(prefix, detail)]


def _error(field: str | None, reason: Any) -> dict[str, Any]:
    return {"field": field, "reason": str(reason), "code": getattr(reason, "code", None)}


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """DRF's handler (status, WWW-Authenticate, Retry-After), with the body reshaped."""
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    field = getattr(exc, "field", None)
    view = context.get("view")
    if field is None and response.status_code == 404 and view is not None:
        # A record not found: name the path parameter it was looked up by.
        lookup = getattr(view, "lookup_url_kwarg", None) or getattr(view, "lookup_field", None)
        if lookup in (getattr(view, "kwargs", None) or {}):
            field = lookup
    if isinstance(exc, exceptions.Throttled):
        errors = [{"field": None, "code": "throttled", "reason": str(exc.detail)}]
    elif isinstance(exc, exceptions.NotAuthenticated | exceptions.AuthenticationFailed):
        errors = [{"field": "Authorization", "reason": str(exc.detail),
                   "code": getattr(exc.detail, "code", None)}]
    else:
        errors = _flatten(response.data, field)
    response.data = {
        "status": response.status_code,
        "detail": "; ".join(f"{e['field']}: {e['reason']}" if e["field"] else e["reason"]
                            for e in errors),
        "errors": errors,
    }
    request = context.get("request")
    # CSV or GeoJSON were asked for, but an error is always JSON.
    if view is not None and request is not None and hasattr(view, "error_renderer"):
        request.accepted_renderer = view.error_renderer()
        request.accepted_media_type = request.accepted_renderer.media_type
    return response
