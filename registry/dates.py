"""Dates with their uncertainty: EDTF strings turned into a range and a precision."""

import calendar
import datetime as dt
import re
from typing import NamedTuple

from django.utils.translation import gettext as _
from edtf import parse_edtf, struct_time_to_date
from edtf.parser.edtf_exceptions import EDTFParseException

from registry.choices import DatePrecision

EARLIEST_PLAUSIBLE = dt.date(1900, 1, 1)


class EDTFError(ValueError):
    """A date string that is not EDTF, or not a plausible date for the registry."""


class DateRange(NamedTuple):
    earliest: dt.date | None
    latest: dt.date | None
    precision: str


UNKNOWN = DateRange(None, None, DatePrecision.UNKNOWN)

_PLAIN = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


def parse_date_range(value: str) -> DateRange:
    """The earliest and latest day an EDTF string allows, and how precise it is.

    An empty string is an unknown date. Uncertain (`2019?`) and approximate (`2019~`) dates
    keep the strict range of what they name and are marked approximate.
    """
    value = (value or "").strip()
    if not value:
        return UNKNOWN
    date_range = _plain_date(value) or _edtf_date(value)
    if (date_range.earliest < EARLIEST_PLAUSIBLE
            or date_range.latest.year > dt.date.today().year + 1):
        raise EDTFError(
            _("“%(value)s” is outside the years the registry covers (1900 to next year).")
            % {"value": value}
        )
    return date_range


def _plain_date(value: str) -> DateRange | None:
    """A year, month or day (most dates), read directly: the EDTF grammar takes ~30 ms a date,
    which a 10,000-row import pays for every row. Anything else (or an invalid day) is left
    to the EDTF parser, and its error."""
    match = _PLAIN.fullmatch(value)
    if match is None:
        return None
    year, month, day = (int(part) if part else None for part in match.groups())
    try:
        if month is None:
            return DateRange(dt.date(year, 1, 1), dt.date(year, 12, 31), DatePrecision.YEAR)
        if day is None:
            last = calendar.monthrange(year, month)[1]
            return DateRange(dt.date(year, month, 1), dt.date(year, month, last),
                             DatePrecision.MONTH)
        return DateRange(dt.date(year, month, day), dt.date(year, month, day), DatePrecision.DAY)
    except (ValueError, calendar.IllegalMonthError):
        return None


def _edtf_date(value: str) -> DateRange:
    try:
        parsed = parse_edtf(value)
        earliest = struct_time_to_date(parsed.lower_strict())
        latest = struct_time_to_date(parsed.upper_strict())
    except (EDTFParseException, ValueError, TypeError, AttributeError) as error:
        raise EDTFError(
            _("“%(value)s” is not a date in EDTF form (e.g. 2019, 2019-05, 2019-05-09, 2019~).")
            % {"value": value}
        ) from error
    return DateRange(earliest, latest, _precision(parsed))


def _precision(parsed) -> str:
    if getattr(parsed, "is_approximate", False) or getattr(parsed, "is_uncertain", False):
        return DatePrecision.APPROXIMATE
    precision = getattr(parsed, "precision", None)
    if precision in DatePrecision.values:
        return precision
    return DatePrecision.APPROXIMATE
