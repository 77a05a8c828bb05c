"""Bulk import of monuments from CSV and XLSX files (docs/import.md describes the format).

The column layout is the one of `../shared/data/monuments.csv`: one row is one monument with
its first-installation event, one sponsor, one source and one citation with a quote.

An import runs in two phases:

1. `read_rows()` and `validate_rows()` check every row and column without touching the
   database beyond lookups; any error stops the import before anything is written.
2. `monument_import()` applies the rows in one transaction. A preview (`dry_run=True`) runs
   exactly the same code and rolls the transaction back, so what the preview says is what a
   commit does. A row that cannot be applied (for example, it would change a published record
   the user may not edit) is an error too, and then nothing is kept.

Imported records arrive as drafts attributed to the importing user. Sources are shared by URL,
actors are matched by name, and a row that matches an existing record (same name, settlement
and region, or a citation of the same source URL with the same quote) changes that record
instead of creating another: importing the same file twice creates nothing the second time.
A matched record is never overwritten: empty fields are filled and missing parts added, and
values that differ from the file are kept and listed in the preview as notes.
"""

import csv
import datetime as dt
import functools
import io
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import IO, Any
from zipfile import BadZipFile

import pycountry
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models import Max, Q, Value
from django.db.models.functions import Lower
from django.utils.translation import gettext as _

from registry import derived
from registry.choices import (
    FIRST_INSTALLATION_EVENTS,
    ActorCategory,
    EventKind,
    Form,
    Role,
    State,
    Status,
)
from registry.dates import DateRange, EDTFError, parse_date_range
from registry.models import Actor, ActorRole, Citation, Event, Monument, Region, Source

# --- The file format ------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    name: str
    required: bool
    meaning: str
    example: str


COLUMNS: tuple[Column, ...] = (
    Column("name_en", True, "Descriptive name in English.", "Stalin bust, Nikolsk"),
    Column("name_ru", False, "The name in Russian, as the sources give it.",
           "Бюст И. В. Сталина в Никольске"),
    Column("settlement", False, "Town or village, as the source names it (stored as the English "
           "settlement name).", "Nikolsk"),
    Column("region", False, "Region: its English or Russian name (e.g. Vologda Oblast) or its "
           "ISO 3166-2 code (RU-VLG). A district in brackets after the name, as in "
           "“Kirov Oblast (Podosinovsky District)”, goes to the address.", "Vologda Oblast"),
    Column("country", True, "Russia, Ukraine, “Ukraine (Russian-occupied)”, or an ISO 3166-1 "
           "code or English country name.", "Russia"),
    Column("latitude", False, "Decimal degrees, -90 to 90; only where a source states it.", ""),
    Column("longitude", False, "Decimal degrees, -180 to 180; together with latitude.", ""),
    Column("year_unveiled", False, "Year of the first installation or unveiling (1900 to next "
           "year).", "2025"),
    Column("date_unveiled", False, "The day (YYYY-MM-DD) or any EDTF date (2025-05, 2025~); its "
           "year must agree with year_unveiled.", "2025-05-05"),
    Column("monument_type", False, "bust, statue, bas_relief, plaque, or a form of the registry "
           "(seated_statue, stele…); empty when the source says only “monument”.", "bust"),
    Column("status", False, "standing, removed, destroyed, unknown, or another status of the "
           "registry (damaged, covered, relocated, planned).", "standing"),
    Column("sponsor", False, "Who put it up, in the source's wording; matched to an actor by "
           "name, or a new actor is made. Empty with category unknown: sponsor unknown.",
           "Local residents of Nikolsky okrug"),
    Column("sponsor_category", False, "kprf, private, veterans_org, government, other, unknown, "
           "or a category of the registry (business, municipal_authority…).", "private"),
    Column("source_title", True, "Title of the source that states the row.",
           "В Вологодской области открыли третий за год памятник Сталину"),
    Column("source_url", True, "URL of the source (http or https); sources are shared by URL.",
           "https://example.org/news/123"),
    Column("source_publisher", False, "Publisher or website; “citing …” or “mirror” marks a "
           "mirror or aggregator.", "Vybor naroda"),
    Column("source_date", False, "Publication date: YYYY-MM-DD (a month or year alone is noted "
           "but not stored).", "2025-07-01"),
    Column("quote", False, "The supporting passage, in the source's language.",
           "В Никольске … установлен бюст Иосифу Сталину."),
)
COLUMN_NAMES = tuple(column.name for column in COLUMNS)

#: Largest file the admin accepts for a preview; bigger files go through the command.
MAX_ADMIN_ROWS = 5000

COUNTRY_NAMES = {
    "russia": ("RU", ""),
    "ukraine": ("UA", ""),
    "ukraine (russian-occupied)": ("UA", "RU"),
}
FORM_VALUES = {"bust": Form.BUST, "statue": Form.STATUE, "bas_relief": Form.BAS_RELIEF,
               "plaque": Form.PLAQUE_PORTRAIT, "": Form.UNKNOWN}
CATEGORY_VALUES = {
    "kprf": ActorCategory.KPRF,
    "private": ActorCategory.INDIVIDUAL,
    "veterans_org": ActorCategory.PUBLIC_ASSOCIATION,
    "government": ActorCategory.REGIONAL_AUTHORITY,
    # "other" mixes left parties, societies and institutions: no single category fits.
    "other": ActorCategory.UNKNOWN,
    "unknown": ActorCategory.UNKNOWN,
    "": ActorCategory.UNKNOWN,
}
#: Region names used by sources that differ from the ISO names in registry/data/regions.csv.
REGION_ALIASES = {"crimea": "UA-43", "republic of crimea": "UA-43", "крым": "UA-43",
                  "республика крым": "UA-43"}
DERIVATIVE_PUBLISHER = re.compile(r"\b(citing|mirror|via)\b", re.IGNORECASE)
DATE_PATTERN = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


@functools.lru_cache(maxsize=4096)
def _date_range(value: str) -> DateRange:
    # EDTF parsing (pyparsing) takes ~15 ms; a file repeats the same few dates many times.
    return parse_date_range(value)


# --- Results --------------------------------------------------------------------------------


@dataclass(frozen=True)
class RowError:
    row: int  # as a spreadsheet numbers it: the header is row 1
    column: str  # empty when the error is about the whole row or file
    message: str

    def __str__(self) -> str:
        where = _("row %(row)s") % {"row": self.row} if self.row else _("file")
        if self.column:
            where += ", " + _("column %(column)s") % {"column": self.column}
        return f"{where}: {self.message}"


class ImportFileError(Exception):
    """A file that cannot be read as an import at all (format, encoding, header)."""

    def __init__(self, errors: list[RowError]):
        self.errors = errors
        super().__init__("; ".join(str(error) for error in errors))


CREATE, CHANGE, UNCHANGED = "create", "change", "unchanged"


@dataclass
class RowOutcome:
    row: int
    action: str = UNCHANGED
    monument_pk: int | None = None
    public_id: int | None = None
    name: str = ""
    changes: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    duplicates: list[tuple[int, int, str, str]] = field(default_factory=list)  # pk, id, name, why


@dataclass
class ImportResult:
    rows: list[RowOutcome] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    committed: bool = False
    row_count: int = 0

    def count(self, action: str) -> int:
        return sum(1 for outcome in self.rows if outcome.action == action)

    @property
    def ok(self) -> bool:
        return not self.errors

    def summary(self) -> str:
        return _("%(rows)s rows: %(create)s to create, %(change)s to change, %(unchanged)s "
                 "unchanged; %(errors)s errors") % {
            "rows": len(self.rows) or self.row_count, "create": self.count(CREATE),
            "change": self.count(CHANGE), "unchanged": self.count(UNCHANGED),
            "errors": len(self.errors)}


# --- Reading files --------------------------------------------------------------------------

RawRow = tuple[int, dict[str, str]]


def read_rows(file: IO[bytes], filename: str) -> list[RawRow]:
    """The rows of a CSV or XLSX file as (row number, {column: text}), header checked."""
    suffix = Path(filename).suffix.lower()
    if suffix == ".csv":
        header, rows = _read_csv(file)
    elif suffix == ".xlsx":
        header, rows = _read_xlsx(file)
    else:
        raise ImportFileError([RowError(0, "", _("Only .csv and .xlsx files can be imported."))])
    _check_header(header)
    return [
        (number, {name: values.get(name, "") for name in COLUMN_NAMES})
        for number, values in rows
        if any(value for value in values.values())
    ]


def _check_header(header: list[str]) -> None:
    errors = []
    missing = [name for name in COLUMN_NAMES if name not in header]
    if missing:
        errors.append(RowError(1, "", _("Missing columns: %(columns)s.")
                               % {"columns": ", ".join(missing)}))
    unknown = [name for name in header if name and name not in COLUMN_NAMES]
    if unknown:
        errors.append(RowError(1, "", _("Unknown columns: %(columns)s (see the template).")
                               % {"columns": ", ".join(unknown)}))
    duplicated = sorted({name for name in header if name and header.count(name) > 1})
    if duplicated:
        errors.append(RowError(1, "", _("Columns given twice: %(columns)s.")
                               % {"columns": ", ".join(duplicated)}))
    if errors:
        raise ImportFileError(errors)


def _read_csv(file: IO[bytes]) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    try:
        text = file.read().decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ImportFileError([RowError(0, "", _("The file is not UTF-8 text."))]) from error
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [name.strip() for name in next(reader)]
    except StopIteration:
        raise ImportFileError([RowError(0, "", _("The file is empty."))]) from None
    except csv.Error as error:
        raise ImportFileError([RowError(1, "", str(error))]) from error

    def rows():
        try:
            for number, cells in enumerate(reader, start=2):
                yield number, {name: cell.strip()
                               for name, cell in zip(header, cells, strict=False)}
        except csv.Error as error:
            raise ImportFileError([RowError(reader.line_num, "", str(error))]) from error

    return header, list(rows())


def _read_xlsx(file: IO[bytes]) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        workbook = load_workbook(file, read_only=True, data_only=True)
    except (InvalidFileException, BadZipFile, OSError, KeyError, ValueError) as error:
        raise ImportFileError([RowError(0, "", _("The file is not a readable XLSX workbook."))]
                              ) from error
    try:
        sheet = workbook["monuments"] if "monuments" in workbook.sheetnames else workbook.active
        rows = sheet.iter_rows(values_only=True)
        try:
            header = [_cell_text(cell) for cell in next(rows)]
        except StopIteration:
            raise ImportFileError([RowError(0, "", _("The file is empty."))]) from None
        while header and not header[-1]:
            header.pop()
        body = [
            (number, {name: _cell_text(cell) for name, cell in zip(header, cells, strict=False)
                      if name})
            for number, cells in enumerate(rows, start=2)
        ]
    finally:
        workbook.close()
    return header, body


def _cell_text(value: Any) -> str:
    """A spreadsheet cell as the text a CSV would hold (2019.0 → 2019, dates as ISO)."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer() and abs(value) >= 1000:
        return str(int(value))
    return str(value).strip()


# --- Validating rows ------------------------------------------------------------------------


@dataclass
class ParsedRow:
    """One row, checked and turned into the registry's values."""

    row: int
    name_en: str
    name_ru: str
    settlement: str
    region: Region | None
    address: str
    country: str
    controlled_by: str
    latitude: Decimal | None
    longitude: Decimal | None
    event_date: str
    form: str
    status: str
    sponsor: str
    sponsor_category: str
    sponsor_category_given: str
    source_title: str
    source_url: str
    source_publisher: str
    source_date: dt.date | None
    quote: str
    notes: list[str] = field(default_factory=list)


class _Regions:
    """Region lookups by code and by English or Russian name, loaded once per import."""

    def __init__(self) -> None:
        self.regions = list(Region.objects.all())
        self.by_key: dict[str, Region] = {}
        for region in self.regions:
            for key in (region.code, region.name_en, region.name_ru):
                self.by_key[_fold(key)] = region
        by_code = {region.code: region for region in self.regions}
        for alias, code in REGION_ALIASES.items():
            if code in by_code:
                self.by_key.setdefault(alias, by_code[code])

    def find(self, text: str) -> tuple[Region | None, str, list[Region]]:
        """The region, the district left over (in brackets), and candidates if ambiguous."""
        region = self.by_key.get(_fold(text))
        if region:
            return region, "", []
        match = re.match(r"^(.*?)\s*\(([^()]*)\)$", text)
        if match:
            region, _rest, candidates = self.find(match.group(1))
            if region:
                return region, match.group(2).strip(), []
            return None, "", candidates
        words = set(_fold(text).split())
        candidates = [r for r in self.regions
                      if words and (words <= set(_fold(r.name_en).split())
                                    or words <= set(_fold(r.name_ru).split()))]
        if len(candidates) == 1:
            return candidates[0], "", []
        return None, "", candidates


def _fold(text: str) -> str:
    text = re.sub(r"[\u2010-\u2015]", "-", text or "")
    return " ".join(text.replace("ё", "е").replace("Ё", "Е").lower().split())


def validate_rows(rows: Iterable[RawRow]) -> tuple[list[ParsedRow], list[RowError]]:
    """Check every row and column; returns the parsed rows and every error found."""
    regions = _Regions()
    parsed, errors = [], []
    for number, values in rows:
        row, row_errors = _validate_row(number, values, regions)
        errors.extend(row_errors)
        if row is not None:
            parsed.append(row)
    return parsed, errors


def _max_length(model, name: str) -> int:
    return model._meta.get_field(name).max_length


def _validate_row(number: int, values: dict[str, str],
                  regions: _Regions) -> tuple[ParsedRow | None, list[RowError]]:
    errors: list[RowError] = []
    notes: list[str] = []

    def error(column: str, message: str) -> None:
        errors.append(RowError(number, column, message))

    def text(column: str, model=None, field_name: str = "", required: bool = False) -> str:
        value = values.get(column, "").strip()
        if required and not value:
            error(column, _("This column is required."))
        if model is not None and value and len(value) > _max_length(model, field_name):
            error(column, _("At most %(n)s characters (this has %(m)s).")
                  % {"n": _max_length(model, field_name), "m": len(value)})
        return value

    name_en = text("name_en", Monument, "name_en", required=True)
    name_ru = text("name_ru", Monument, "name_ru")
    settlement = text("settlement", Monument, "settlement_en")

    country, controlled_by = _country(values.get("country", ""), error)

    region, district = None, ""
    region_text = values.get("region", "").strip()
    if region_text:
        region, district, candidates = regions.find(region_text)
        if region is None:
            if candidates:
                error("region", _("“%(value)s” could be any of %(names)s; give the ISO code.")
                      % {"value": region_text,
                         "names": ", ".join(f"{r.name_en} ({r.code})" for r in candidates)})
            else:
                error("region", _("Unknown region “%(value)s”: give its English or Russian name "
                                  "or its ISO 3166-2 code.") % {"value": region_text})
        elif country and region.country != country:
            error("region", _("%(region)s is in %(in)s, but the country is %(country)s.")
                  % {"region": region, "in": region.country, "country": country})

    latitude = _coordinate(values.get("latitude", ""), "latitude", 90, error)
    longitude = _coordinate(values.get("longitude", ""), "longitude", 180, error)
    if (latitude is None) != (longitude is None) and not any(
        e.column in {"latitude", "longitude"} for e in errors
    ):
        error("longitude" if latitude is not None else "latitude",
              _("Give both latitude and longitude, or neither."))

    event_date = _event_date(values.get("year_unveiled", ""), values.get("date_unveiled", ""),
                             error)

    form_text = values.get("monument_type", "").strip()
    form = FORM_VALUES.get(form_text.lower()) or (form_text if form_text in Form.values else None)
    if form is None:
        error("monument_type", _("Unknown type “%(value)s”: use %(values)s.")
              % {"value": form_text, "values": ", ".join(sorted(set(FORM_VALUES) - {""}))})
        form = Form.UNKNOWN

    status = values.get("status", "").strip().lower() or Status.UNKNOWN
    if status not in Status.values:
        error("status", _("Unknown status “%(value)s”: use %(values)s.")
              % {"value": status, "values": ", ".join(Status.values)})

    sponsor = text("sponsor", Actor, "name_en")
    category_text = values.get("sponsor_category", "").strip().lower()
    category = CATEGORY_VALUES.get(category_text) or (
        category_text if category_text in ActorCategory.values else None)
    if category is None:
        error("sponsor_category", _("Unknown sponsor category “%(value)s”: use %(values)s.")
              % {"value": category_text,
                 "values": ", ".join(k for k in CATEGORY_VALUES if k)})
        category = ActorCategory.UNKNOWN
    if not sponsor and category_text not in {"", "unknown"}:
        error("sponsor", _("The sponsor category is “%(category)s” but no sponsor is named.")
              % {"category": category_text})

    source_title = text("source_title", Source, "title", required=True)
    source_url = text("source_url", Source, "url")
    if not source_url:
        error("source_url", _("Every row needs the URL of its source."))
    else:
        try:
            URLValidator(schemes=["http", "https"])(source_url)
        except ValidationError:
            error("source_url", _("“%(value)s” is not an http(s) URL.") % {"value": source_url})
    source_publisher = text("source_publisher", Source, "outlet")
    source_date = _source_date(values.get("source_date", ""), error, notes)
    quote = values.get("quote", "").strip()

    if errors:
        return None, errors
    return ParsedRow(
        row=number, name_en=name_en, name_ru=name_ru, settlement=settlement, region=region,
        address=district, country=country, controlled_by=controlled_by, latitude=latitude,
        longitude=longitude, event_date=event_date, form=form, status=status, sponsor=sponsor,
        sponsor_category=category, sponsor_category_given=category_text,
        source_title=source_title, source_url=source_url,
        source_publisher=source_publisher, source_date=source_date, quote=quote, notes=notes,
    ), []


def _country(value: str, error: Callable[[str, str], None]) -> tuple[str, str]:
    value = value.strip()
    if not value:
        error("country", _("This column is required."))
        return "", ""
    if value.lower() in COUNTRY_NAMES:
        return COUNTRY_NAMES[value.lower()]
    try:
        return pycountry.countries.lookup(value).alpha_2, ""
    except LookupError:
        error("country", _("Unknown country “%(value)s”: use Russia, Ukraine, “Ukraine "
                           "(Russian-occupied)” or an ISO 3166-1 code.") % {"value": value})
        return "", ""


def _coordinate(value: str, column: str, limit: int,
                error: Callable[[str, str], None]) -> Decimal | None:
    value = value.strip().replace(",", ".")
    if not value:
        return None
    try:
        number = Decimal(value)
    except InvalidOperation:
        error(column, _("“%(value)s” is not a number in decimal degrees.") % {"value": value})
        return None
    if not number.is_finite() or not -limit <= number <= limit:
        error(column, _("%(value)s is out of range (-%(limit)s to %(limit)s).")
              % {"value": value, "limit": limit})
        return None
    return number.quantize(Decimal("0.000001"))


def _event_date(year_text: str, date_text: str, error: Callable[[str, str], None]) -> str:
    year_text, date_text = year_text.strip(), date_text.strip()
    year = None
    if year_text:
        latest = dt.date.today().year + 1
        if not re.fullmatch(r"\d{4}", year_text) or not 1900 <= int(year_text) <= latest:
            error("year_unveiled", _("“%(value)s” is not a year between 1900 and %(latest)s.")
                  % {"value": year_text, "latest": latest})
            return ""
        year = int(year_text)
    if not date_text:
        return year_text
    try:
        span = _date_range(date_text)
    except EDTFError as problem:
        error("date_unveiled", str(problem))
        return ""
    if year is not None and not span.earliest.year <= year <= span.latest.year:
        error("date_unveiled", _("%(date)s is not in the year %(year)s given in year_unveiled.")
              % {"date": date_text, "year": year})
        return ""
    return date_text


def _source_date(value: str, error: Callable[[str, str], None],
                 notes: list[str]) -> dt.date | None:
    value = value.strip()
    if not value:
        return None
    if not DATE_PATTERN.match(value):
        error("source_date", _("“%(value)s” is not a date (YYYY-MM-DD).") % {"value": value})
        return None
    try:
        if len(value) == 10:
            return dt.date.fromisoformat(value)
        dt.date.fromisoformat(f"{value}-01" if len(value) == 7 else f"{value}-01-01")
    except ValueError:
        error("source_date", _("“%(value)s” is not a real date.") % {"value": value})
        return None
    notes.append(_("The source date %(value)s is not a full day; the source gets no date.")
                 % {"value": value})
    return None


# --- Applying rows --------------------------------------------------------------------------


class _Refused(Exception):
    """A row that validates but cannot be applied; becomes a row error."""


@dataclass
class _Context:
    user: AbstractBaseUser | None
    reason: str


def monument_import(*, rows: list[RawRow], user: AbstractBaseUser | None,
                    dry_run: bool = False, filename: str = "",
                    progress: Callable[[Iterable], Iterable] | None = None) -> ImportResult:
    """Validate and apply `rows` (from `read_rows`) all or nothing.

    With `dry_run` (the preview) every row is applied and the transaction rolled back, so the
    result describes exactly what a real import does. `user` is the importing curator (None for
    the command run without --user); it must be allowed to change every record a row changes.
    """
    result = ImportResult(row_count=len(rows))
    parsed, result.errors = validate_rows(rows)
    if result.errors:
        return result
    context = _Context(user=user, reason=_("Imported from %(file)s") % {"file": filename}
                       if filename else _("Imported"))
    progress = progress or (lambda items: items)
    with transaction.atomic():
        with derived.refreshing_later():
            for row in progress(parsed):
                try:
                    # A savepoint per row: a refused row leaves nothing the next rows could see.
                    with transaction.atomic():
                        result.rows.append(_apply(row, context))
                except _Refused as refusal:
                    result.errors.append(RowError(row.row, "", str(refusal)))
        if not result.errors:
            _attach_duplicates(result)
        if result.errors or dry_run:
            transaction.set_rollback(True)
        else:
            result.committed = True
    return result


def _save(instance, context: _Context) -> None:
    instance._history_user = context.user
    instance._change_reason = context.reason
    instance.save()


def _find_monument(row: ParsedRow) -> tuple[Monument | None, str]:
    """The existing record a row describes, and how it was recognised."""
    names = Q(name_en__iexact=row.name_en)
    if row.name_ru:
        names |= Q(name_ru__iexact=row.name_ru)
    # lower() on both sides, as the indexes on the settlement have it (registry/duplicates.py).
    settlement = Lower(Value(row.settlement))
    by_name = Monument.objects.annotate(
        settlement_en_key=Lower("settlement_en"), settlement_ru_key=Lower("settlement_ru"),
    ).filter(Q(settlement_en_key=settlement) | Q(settlement_ru_key=settlement))
    by_name = by_name.filter(names).filter(region=row.region)
    monument = by_name.order_by("duplicate_of", "public_id").first()
    how = _("same name, settlement and region")
    if monument is None:
        quote = " ".join(row.quote.split())
        for citation in Citation.objects.filter(source__url=row.source_url).select_related(
            "monument"
        ).order_by("monument__public_id"):
            if " ".join(citation.quote.split()) == quote:
                monument = citation.monument
                how = _("its source and quote are already cited")
                break
    if monument is None:
        return None, ""
    seen = {monument.pk}
    while monument.duplicate_of_id is not None and monument.duplicate_of_id not in seen:
        monument = monument.duplicate_of
        seen.add(monument.pk)
        how += "; " + _("merged into #%(id)s") % {"id": monument.public_id}
    return monument, how


def _apply(row: ParsedRow, context: _Context) -> RowOutcome:
    outcome = RowOutcome(row=row.row, notes=list(row.notes))
    monument, how = _find_monument(row)
    if monument is None:
        monument = _create(row, context, outcome)
        outcome.action = CREATE
    else:
        outcome.notes.insert(0, _("Matches #%(id)s (%(how)s).")
                             % {"id": monument.public_id, "how": how})
        _update(monument, row, context, outcome)
        outcome.action = CHANGE if outcome.changes else UNCHANGED
    outcome.monument_pk, outcome.public_id = monument.pk, monument.public_id
    outcome.name = monument.name_en
    return outcome


def _create(row: ParsedRow, context: _Context, outcome: RowOutcome) -> Monument:
    monument = Monument(
        name_en=row.name_en, name_ru=row.name_ru, settlement_en=row.settlement,
        region=row.region, address=row.address, country=row.country,
        controlled_by=row.controlled_by, latitude=row.latitude, longitude=row.longitude,
        form=row.form, status=row.status, state=State.DRAFT,
        sponsor_unknown=not row.sponsor, created_by=context.user, updated_by=context.user,
    )
    _save(monument, context)
    event = Event(monument=monument, kind=EventKind.UNVEILED, date=row.event_date)
    _save(event, context)
    role = None
    if row.sponsor:
        role = _add_sponsor(monument, row, context, outcome, announce=False)
    source = _source(row, context, outcome)
    citation = Citation(monument=monument, source=source, quote=row.quote, role=role)
    _save(citation, context)
    outcome.changes.append(_("New draft with an unveiling event (%(date)s), %(sponsor)s and a "
                             "citation of %(url)s.") % {
        "date": row.event_date or _("date unknown"),
        "sponsor": _("sponsor “%(name)s”") % {"name": row.sponsor} if row.sponsor
        else _("sponsor unknown"),
        "url": row.source_url})
    return monument


#: Monument fields a row fills when the record leaves them empty; "unknown" counts as empty.
_FILLED = ("name_ru", "settlement_en", "region", "address", "country", "controlled_by", "form",
           "status")


def _update(monument: Monument, row: ParsedRow, context: _Context, outcome: RowOutcome) -> None:
    wanted = {"name_ru": row.name_ru, "settlement_en": row.settlement, "region": row.region,
              "address": row.address, "country": row.country,
              "controlled_by": row.controlled_by, "form": row.form, "status": row.status}
    empty = {"", None, Form.UNKNOWN, Status.UNKNOWN}
    dirty = []
    for name in _FILLED:
        new, old = wanted[name], getattr(monument, name)
        if new in empty or new == old:
            continue
        label = Monument._meta.get_field(name).verbose_name
        if old in empty:
            setattr(monument, name, new)
            dirty.append(name)
            outcome.changes.append(_("Set %(field)s to “%(new)s”.") % {"field": label, "new": new})
        else:
            outcome.notes.append(_("%(field)s: the file says “%(new)s”, the record has "
                                   "“%(old)s” (kept).") % {"field": label, "new": new, "old": old})
    if row.latitude is not None:
        if monument.latitude is None:
            monument.latitude, monument.longitude = row.latitude, row.longitude
            dirty.append("coordinates")
            outcome.changes.append(_("Set the coordinates to %(lat)s, %(lon)s.")
                                   % {"lat": row.latitude, "lon": row.longitude})
        elif (monument.latitude, monument.longitude) != (row.latitude, row.longitude):
            outcome.notes.append(_("Coordinates: the file says %(new)s, the record has %(old)s "
                                   "(kept).") % {
                "new": f"{row.latitude}, {row.longitude}",
                "old": f"{monument.latitude}, {monument.longitude}"})

    _update_event(monument, row, context, outcome)
    role = _update_sponsor(monument, row, context, outcome, dirty)
    _update_citation(monument, row, context, outcome, role)

    if outcome.changes:
        _check_may_change(monument, context)
    if dirty:
        monument.updated_by = context.user or monument.updated_by
        _save(monument, context)


def _check_may_change(monument: Monument, context: _Context) -> None:
    from registry.workflow import can_edit

    if context.user is not None and not can_edit(context.user, monument):
        raise _Refused(_("This row would change #%(id)s, which is %(state)s; only a reviewer "
                         "may change it. Leave the row out, or ask a reviewer to import it.")
                       % {"id": monument.public_id,
                          "state": monument.get_state_display().lower()})


def _update_event(monument: Monument, row: ParsedRow, context: _Context,
                  outcome: RowOutcome) -> None:
    firsts = list(monument.events.filter(kind__in=FIRST_INSTALLATION_EVENTS))
    if not firsts:
        _save(Event(monument=monument, kind=EventKind.UNVEILED, date=row.event_date), context)
        outcome.changes.append(_("Add an unveiling event (%(date)s).")
                               % {"date": row.event_date or _("date unknown")})
    elif row.event_date and not _overlaps(row.event_date, firsts[0].date):
        outcome.notes.append(_("The file dates the unveiling %(new)s; the record's first "
                               "installation is %(old)s (kept; edit the events by hand).")
                             % {"new": row.event_date, "old": firsts[0].date or "?"})


def _overlaps(first: str, second: str) -> bool:
    """Whether two EDTF dates can name the same day (2020 and 2020-05 can)."""
    if not second:
        return False
    a, b = _date_range(first), _date_range(second)
    return a.earliest <= b.latest and b.earliest <= a.latest


def _update_sponsor(monument: Monument, row: ParsedRow, context: _Context, outcome: RowOutcome,
                    dirty: list[str]) -> ActorRole | None:
    sponsors = list(monument.roles.filter(role=Role.SPONSOR).select_related("actor"))
    if not row.sponsor:
        if not sponsors and not monument.sponsor_unknown:
            monument.sponsor_unknown = True
            dirty.append("sponsor_unknown")
            outcome.changes.append(_("Mark the sponsor as unknown."))
        return None
    for role in sponsors:
        if row.sponsor.casefold() in {role.actor.name_en.casefold(),
                                      role.actor.name_ru.casefold()}:
            return role
    if sponsors:
        outcome.notes.append(_("The file names the sponsor “%(new)s”; the record has %(old)s "
                               "(kept).") % {"new": row.sponsor,
                                            "old": ", ".join(f"“{r.actor}”" for r in sponsors)})
        return None
    if monument.sponsor_unknown:
        monument.sponsor_unknown = False
        dirty.append("sponsor_unknown")
    return _add_sponsor(monument, row, context, outcome, announce=True)


def _add_sponsor(monument: Monument, row: ParsedRow, context: _Context, outcome: RowOutcome,
                 *, announce: bool) -> ActorRole:
    actor = Actor.objects.filter(Q(name_en__iexact=row.sponsor)
                                 | Q(name_ru__iexact=row.sponsor)).order_by("pk").first()
    if actor is None:
        actor = Actor(name_en=row.sponsor, category=row.sponsor_category)
        _save(actor, context)
        outcome.changes.append(_("New actor “%(name)s” (%(category)s).")
                               % {"name": actor.name_en, "category": actor.get_category_display()})
        if row.sponsor_category_given == "other":
            outcome.notes.append(_("Sponsor category “other” has no single registry category: "
                                   "the new actor is “unknown”; set its category by hand."))
    elif actor.category != row.sponsor_category and row.sponsor_category != ActorCategory.UNKNOWN:
        outcome.notes.append(_("The actor “%(name)s” is in the category %(old)s; the file says "
                               "%(new)s (kept).") % {"name": actor, "old": actor.category,
                                                     "new": row.sponsor_category})
    last = monument.roles.aggregate(last=Max("position"))["last"]
    role = ActorRole(monument=monument, actor=actor, role=Role.SPONSOR,
                     position=0 if last is None else last + 1)
    _save(role, context)
    if announce:
        outcome.changes.append(_("Add the sponsor “%(name)s”.") % {"name": actor})
    return role


def _source(row: ParsedRow, context: _Context, outcome: RowOutcome) -> Source:
    source = Source.objects.filter(url=row.source_url).first()
    if source is None:
        source = Source(title=row.source_title, url=row.source_url, outlet=row.source_publisher,
                        published_on=row.source_date,
                        derivative=bool(DERIVATIVE_PUBLISHER.search(row.source_publisher)))
        _save(source, context)
        outcome.changes.append(_("New source “%(title)s”.") % {"title": source.title})
        return source
    filled = []
    if row.source_publisher and not source.outlet:
        source.outlet = row.source_publisher
        filled.append("outlet")
    if row.source_date and not source.published_on:
        source.published_on = row.source_date
        filled.append("published_on")
    if filled:
        _save(source, context)
        outcome.changes.append(_("Fill in the source's %(fields)s.")
                               % {"fields": ", ".join(filled)})
    return source


def _update_citation(monument: Monument, row: ParsedRow, context: _Context,
                     outcome: RowOutcome, role: ActorRole | None) -> None:
    quote = " ".join(row.quote.split())
    for citation in monument.citations.filter(source__url=row.source_url):
        if " ".join(citation.quote.split()) == quote:
            return
    source = _source(row, context, outcome)
    _save(Citation(monument=monument, source=source, quote=row.quote, role=role), context)
    outcome.changes.append(_("Add a citation of %(url)s.") % {"url": row.source_url})


def _attach_duplicates(result: ImportResult) -> None:
    from registry.duplicates import candidates_for_many

    created = [outcome for outcome in result.rows if outcome.action == CREATE]
    found = candidates_for_many([outcome.monument_pk for outcome in created])
    for outcome in created:
        for candidate in found.get(outcome.monument_pk, []):
            outcome.duplicates.append((candidate.monument.pk, candidate.monument.public_id,
                                       candidate.monument.name_en, candidate.reason))


# --- The template ---------------------------------------------------------------------------


def template_csv() -> str:
    """The import template: the header row (docs/import.md and the XLSX explain each column)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMN_NAMES)
    return buffer.getvalue()


def template_xlsx() -> bytes:
    """The template as a workbook: a `monuments` sheet to fill and a `columns` sheet."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "monuments"
    sheet.append(list(COLUMN_NAMES))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    help_sheet = workbook.create_sheet("columns")
    help_sheet.append(["column", "required", "meaning", "example"])
    for column in COLUMNS:
        help_sheet.append([column.name, "yes" if column.required else "no", column.meaning,
                           column.example])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
