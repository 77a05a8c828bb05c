"""Two ways through a long list, chosen by the query:

- page numbers (`?page=3&page_size=200`), with `count`, `next` and `previous`: handy for
  people, but pages shift when records are added while a script walks them;
- a cursor (`?cursor=` to start, then follow `next`): a keyset over a unique, never-changing
  key (a monument's public id), so a walk returns every record exactly once even while
  records are added; new ones come at the end.

Bad values (`page=abc`, `page_size=5000`, a tampered cursor) are 400s naming the parameter.
"""

import base64
import binascii
import json
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from django.core.paginator import InvalidPage
from django.core.paginator import Paginator as DjangoPaginator
from django.db.models import Q, QuerySet
from django.utils.dateparse import parse_datetime
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from rest_framework.pagination import BasePagination, PageNumberPagination
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

from api.errors import FieldError

DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 1000

PAGE, PAGE_SIZE, CURSOR = "page", "page_size", "cursor"


def _whole_number(raw: str) -> int | None:
    """A plain decimal number (ASCII digits, not absurdly long), or None."""
    if raw.isascii() and raw.isdigit() and len(raw) <= 9:
        return int(raw)
    return None


def page_size_from(request: Request) -> int:
    raw = request.query_params.get(PAGE_SIZE)
    if raw is None or raw == "":
        return DEFAULT_PAGE_SIZE
    size = _whole_number(raw)
    if size is None or not 1 <= size <= MAX_PAGE_SIZE:
        raise FieldError(PAGE_SIZE, _("A whole number from 1 to %(max)s.") % {"max": MAX_PAGE_SIZE})
    return size


class _CountedPaginator(DjangoPaginator):
    """Django's paginator, told the count when the view has already counted (for the ETag)."""

    known_count: int | None = None

    @cached_property
    def count(self) -> int:
        return self.known_count if self.known_count is not None else super().count


class PagePagination(PageNumberPagination):
    page_size_query_param = PAGE_SIZE
    max_page_size = MAX_PAGE_SIZE
    django_paginator_class = _CountedPaginator
    known_count: int | None = None

    def get_page_size(self, request: Request) -> int:
        return page_size_from(request)

    def paginate_queryset(self, queryset, request, view=None):
        raw = request.query_params.get(PAGE, "1")
        number = _whole_number(raw)
        if number is None or number < 1:
            raise FieldError(PAGE, _("A page number is a whole number from 1."))
        self.request = request
        paginator = self.django_paginator_class(queryset, self.get_page_size(request))
        paginator.known_count = self.known_count
        try:
            self.page = paginator.page(number)
        except InvalidPage:
            raise FieldError(
                PAGE, _("There is no page %(page)s: there are %(pages)s.")
                % {"page": raw, "pages": paginator.num_pages}, status_code=404, code="not_found",
            ) from None
        return list(self.page)

    def get_paginated_response(self, data) -> Response:
        return Response({
            "count": self.page.paginator.count,
            "next": self.get_next_link(),
            "previous": self.get_previous_link(),
            "results": data,
        })


class KeysetPagination(BasePagination):
    """Forward and backward walks over a unique key of one or more fields, e.g.
    `("public_id",)` or `(("updated_at", datetime), ("public_id", int))`.

    The cursor is opaque to clients: base64 of the last key seen and the direction.
    """

    def __init__(self, key: Sequence[tuple[str, Callable[[Any], Any]]]):
        self.key = key

    def _decode(self, raw: str) -> tuple[bool, list[Any] | None]:
        if raw == "":
            return False, None  # the start of a walk
        try:
            payload = json.loads(base64.urlsafe_b64decode(raw.encode("ascii") + b"=="))
            backward = payload["d"] == "p"
            values = payload["k"]
            if payload["d"] not in ("n", "p") or len(values) != len(self.key):
                raise ValueError
            parsed = [parse(value) for (_name, parse), value in zip(self.key, values, strict=True)]
        except (ValueError, TypeError, KeyError, RecursionError, binascii.Error):
            raise FieldError(CURSOR, _("Invalid cursor: start with an empty cursor and follow "
                                       "the next and previous links.")) from None
        return backward, parsed

    def _encode(self, values: list[Any], backward: bool) -> str:
        payload = {"d": "p" if backward else "n",
                   "k": [value.isoformat() if isinstance(value, datetime) else value
                         for value in values]}
        return base64.urlsafe_b64encode(json.dumps(payload).encode()).decode().rstrip("=")

    def _after(self, values: list[Any], backward: bool) -> Q:
        """Rows strictly after (or before) the key, lexicographically."""
        names = [name for name, _parse in self.key]
        lookup = "lt" if backward else "gt"
        condition = Q()
        for index, name in enumerate(names):
            equal = Q(**{field: values[i] for i, field in enumerate(names[:index])})
            condition |= equal & Q(**{f"{name}__{lookup}": values[index]})
        return condition

    def _key_of(self, row: Any) -> list[Any]:
        return [getattr(row, name) for name, _parse in self.key]

    def paginate_queryset(self, queryset: QuerySet, request: Request, view=None) -> list[Any]:
        self.request = request
        self.base_url = request.build_absolute_uri()
        size = page_size_from(request)
        backward, position = self._decode(request.query_params.get(CURSOR, ""))
        names = [name for name, _parse in self.key]
        order = [f"-{name}" for name in names] if backward else names
        if position is not None:
            queryset = queryset.filter(self._after(position, backward))
        rows = list(queryset.order_by(*order)[: size + 1])
        more = len(rows) > size
        rows = rows[:size]
        if backward:
            rows.reverse()
        self.page = rows
        first, last = (self._key_of(rows[0]), self._key_of(rows[-1])) if rows else (None, None)
        if backward:
            self.next_key = last
            self.previous_key = first if more else None
        else:
            self.next_key = last if more else None
            self.previous_key = first if position is not None and rows else None
        return rows

    def _link(self, values: list[Any] | None, backward: bool) -> str | None:
        if values is None:
            return None
        url = remove_query_param(self.base_url, PAGE)
        return replace_query_param(url, CURSOR, self._encode(values, backward))

    def get_next_link(self) -> str | None:
        return self._link(self.next_key, backward=False)

    def get_previous_link(self) -> str | None:
        return self._link(self.previous_key, backward=True)

    def get_paginated_response(self, data) -> Response:
        return Response({
            "next": self.get_next_link(),
            "previous": self.get_previous_link(),
            "results": data,
        })


def key_int(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError
    return value


def key_datetime(value: Any) -> datetime:
    parsed = parse_datetime(value) if isinstance(value, str) else None
    if parsed is None or parsed.tzinfo is None:
        raise ValueError
    return parsed


KEY_PARSERS: dict[str, Callable[[Any], Any]] = {"int": key_int, "datetime": key_datetime}


class ListPagination(BasePagination):
    """Page numbers by default; the keyset cursor when `cursor` is in the query (or always,
    for views with `cursor_only`).

    Views set `cursor_key` (e.g. `(("public_id", "int"),)`); the cursor walk is always in the
    order of that key, so it cannot be combined with `ordering`.
    """

    def __init__(self) -> None:
        self.mode: PagePagination | KeysetPagination | None = None
        self.known_count: int | None = None

    def paginate_queryset(self, queryset, request, view=None):
        if CURSOR in request.query_params or getattr(view, "cursor_only", False):
            if request.query_params.get("ordering"):
                raise FieldError("ordering", _("A cursor walk is always in the order of the "
                                               "record identifier; leave ordering out."))
            if request.query_params.get(PAGE):
                raise FieldError(PAGE, _("Use either page or cursor, not both."))
            key = [(name, KEY_PARSERS[kind])
                   for name, kind in getattr(view, "cursor_key", (("pk", "int"),))]
            self.mode = KeysetPagination(key)
        else:
            self.mode = PagePagination()
            self.mode.known_count = self.known_count
        return self.mode.paginate_queryset(queryset, request, view)

    def get_paginated_response(self, data) -> Response:
        return self.mode.get_paginated_response(data)

    def get_next_link(self) -> str | None:
        return self.mode.get_next_link() if self.mode else None

    def get_previous_link(self) -> str | None:
        return self.mode.get_previous_link() if self.mode else None

    def get_schema_operation_parameters(self, view) -> list[dict[str, Any]]:
        page = [] if getattr(view, "cursor_only", False) else [
            {"name": PAGE, "required": False, "in": "query",
             "description": "Page number (page-number mode).",
             "schema": {"type": "integer", "minimum": 1}},
        ]
        return [
            *page,
            {"name": PAGE_SIZE, "required": False, "in": "query",
             "description": f"Records per page, 1 to {MAX_PAGE_SIZE} (default "
                            f"{DEFAULT_PAGE_SIZE}).",
             "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE}},
            {"name": CURSOR, "required": False, "in": "query", "allowEmptyValue": True,
             "description": "Cursor mode: send it empty to start a walk, then follow `next`. "
                            "Stable while records are added; ordered by the record identifier.",
             "schema": {"type": "string"}},
        ]

    def get_paginated_response_schema(self, schema: dict[str, Any]) -> dict[str, Any]:
        return {
            "type": "object",
            "required": ["next", "previous", "results"],
            "properties": {
                "count": {"type": "integer", "description": "Matching records (page-number "
                                                            "mode only).", "example": 213},
                "next": {"type": "string", "nullable": True, "format": "uri"},
                "previous": {"type": "string", "nullable": True, "format": "uri"},
                "results": schema,
            },
        }
