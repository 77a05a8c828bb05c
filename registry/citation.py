"""Citing a count: a permanent URL and a citation text for any number the registry shows.

A count on a page depends on the filters and on the day: the permanent URL carries both (the
filters in a canonical order, plus `as_of`), so a reader who opens it a year later sees the
same number, counted from the change history (registry/asof.py). Citations of single records
(with their version) belong to the monument page, not here.
"""

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from registry import asof

SITE_NAME = "Stalin Monument Registry"

#: Parameters that change which page or format is shown, never the count.
NOT_PART_OF_A_COUNT = frozenset({"page", "page_size", "cursor", "ordering", "format", "limit",
                                 "offset", "cite"})

#: Parameters whose value is a comma-separated set (order and repeats do not matter).
LIST_PARAMETERS = frozenset({"country", "controlled_by", "region", "actor", "sponsor_category",
                             "form", "status", "setting", "origin", "dataset",
                             "not_in_dataset"})


@dataclass(frozen=True)
class CountCitation:
    count: int
    as_of: dt.date
    url: str
    parameters: tuple[tuple[str, str], ...]
    text: str

    def as_dict(self) -> dict[str, Any]:
        return {"count": self.count, "as_of": self.as_of.isoformat(), "url": self.url,
                "parameters": dict(self.parameters), "text": self.text}


def _values(params: Mapping[str, Any], name: str) -> list[str]:
    if hasattr(params, "getlist"):
        return [str(value) for value in params.getlist(name)]
    value = params[name]
    return [str(item) for item in value] if isinstance(value, list | tuple) else [str(value)]


def canonical_parameters(params: Mapping[str, Any], *, today: dt.date,
                         keep: Iterable[str] = ()) -> list[tuple[str, str]]:
    """The parameters that decide a count, in a canonical form and order, with `as_of`.

    Empty values and paging/format parameters go; list values are de-duplicated and sorted;
    names are sorted. An `as_of` already given (a number seen on a past day's page) is kept;
    otherwise it is `today`. `keep` names extra parameters to keep as they are (`group_by`).
    """
    canonical: dict[str, str] = {}
    for name in params:
        if name in NOT_PART_OF_A_COUNT and name not in keep:
            continue
        values = [value.strip() for value in _values(params, name) if value.strip()]
        if not values:
            continue
        if name in LIST_PARAMETERS:
            items = {item.strip() for value in values for item in value.split(",")}
            canonical[name] = ",".join(sorted(item for item in items if item))
        else:
            canonical[name] = " ".join(values[-1].split()) if name == "q" else values[-1]
    if not canonical.get("as_of"):
        canonical["as_of"] = today.isoformat()
    return sorted(canonical.items())


def permanent_url(params: Mapping[str, Any], *, path: str, today: dt.date,
                  base_url: str | None = None, keep: Iterable[str] = ()) -> str:
    """The URL of this count that does not change as the registry grows."""
    base = (settings.SITE_URL if base_url is None else base_url).rstrip("/")
    query = urlencode(canonical_parameters(params, today=today, keep=keep), safe=",:")
    return f"{base}{path}?{query}"


def describe(parameters: Iterable[tuple[str, str]]) -> str:
    """The filters in words a reader can check against the URL: `region RU-VLG; year_min
    2000`; "all published records" when nothing narrows the count."""
    parts = [f"{name} {value}" for name, value in parameters if name != "as_of"]
    return "; ".join(parts) if parts else _("all published records")


def cite_count(params: Mapping[str, Any], count: int, *, path: str,
               today: dt.date | None = None, base_url: str | None = None,
               keep: Iterable[str] = ()) -> CountCitation:
    """A citation of `count`, the number the page at `path` shows for `params`.

    The count is as of the end of its `as_of` day (UTC); cited on the day itself, it is
    final once the day ends (see docs/methodology-asof.md).
    """
    day = asof.today() if today is None else today
    parameters = tuple(canonical_parameters(params, today=day, keep=keep))
    # A malformed or future as_of raises django.forms.ValidationError: such a page shows a
    # form error, not a number to cite.
    as_of = asof.parse_as_of(dict(parameters))
    url = permanent_url(params, path=path, today=day, base_url=base_url, keep=keep)
    text = ngettext(
        "%(site)s. %(count)s monument (%(filters)s), as of %(as_of)s (end of day, UTC). %(url)s",
        "%(site)s. %(count)s monuments (%(filters)s), as of %(as_of)s (end of day, UTC). "
        "%(url)s",
        count,
    ) % {"site": SITE_NAME, "count": count, "filters": describe(parameters),
         "as_of": as_of.isoformat(), "url": url}
    return CountCitation(count=count, as_of=as_of, url=url, parameters=parameters, text=text)
