"""Bulk import of CSV and XLSX files: validation, all-or-nothing, previews and re-imports.

Files are made in each test from the column layout of ../shared/data/monuments.csv.
"""

import csv
import datetime as dt
import io
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from openpyxl import Workbook, load_workbook

from registry.choices import ActorCategory, EventKind, Form, Role, State, Status
from registry.imports import COLUMN_NAMES, CREATE, UNCHANGED, monument_import, read_rows
from registry.models import Actor, ActorRole, Citation, Event, Monument, Source
from registry.workflow import CURATOR, REVIEWER
from tests.factories import ActorFactory, MonumentFactory, SourceFactory, user_with_role

pytestmark = pytest.mark.django_db

REAL_CSV = Path(settings.BASE_DIR).parent / "shared" / "data" / "monuments.csv"
TABLES = (Monument, Event, ActorRole, Citation, Source, Actor)


def row(**values) -> dict[str, str]:
    """A valid row; keyword arguments replace its cells."""
    base = {
        "name_en": "Stalin bust, Nikolsk", "name_ru": "Бюст И. В. Сталина в Никольске",
        "settlement": "Nikolsk", "region": "Vologda Oblast", "country": "Russia",
        "latitude": "", "longitude": "", "year_unveiled": "2025", "date_unveiled": "",
        "monument_type": "bust", "status": "standing", "sponsor": "Local residents of Nikolsk",
        "sponsor_category": "private", "source_title": "В Никольске установили бюст",
        "source_url": "https://news.example.org/nikolsk", "source_publisher": "Example news",
        "source_date": "2025-07-01", "quote": "В Никольске установлен бюст Иосифу Сталину.",
    }
    return {**base, **values}


def second_row(**values) -> dict[str, str]:
    return {**row(name_en="Stalin statue, Bor", name_ru="Статуя Сталина в Бору", settlement="Bor",
                  region="Nizhny Novgorod Oblast", year_unveiled="2020",
                  date_unveiled="2020-06-24", monument_type="statue", sponsor="Alexei Zorov",
                  sponsor_category="kprf", source_url="https://news.example.org/bor",
                  source_title="Памятник Сталину открыли в городе Бор",
                  quote="В Бору открыли памятник Сталину."), **values}


def csv_bytes(rows: list[dict[str, str]], columns=COLUMN_NAMES) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(columns), extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def xlsx_bytes(rows: list[dict[str, object]]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(list(COLUMN_NAMES))
    for values in rows:
        sheet.append([values.get(name) for name in COLUMN_NAMES])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def run_import(content: bytes, user=None, filename="monuments.csv", dry_run=False):
    rows = read_rows(io.BytesIO(content), filename)
    return monument_import(rows=rows, user=user, dry_run=dry_run, filename=filename)


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in TABLES}


@pytest.fixture
def curator():
    return user_with_role(CURATOR)


# --- A valid file -----------------------------------------------------------------------------


def test_a_valid_csv_imports_as_drafts_attributed_to_the_curator(curator):
    result = run_import(csv_bytes([row(), second_row()]), user=curator)
    assert result.ok and result.committed
    assert [outcome.action for outcome in result.rows] == [CREATE, CREATE]

    nikolsk = Monument.objects.get(settlement_en="Nikolsk")
    assert nikolsk.state == State.DRAFT
    assert nikolsk.created_by == nikolsk.updated_by == curator
    assert (nikolsk.region.code, nikolsk.country, nikolsk.controlled_by) == ("RU-VLG", "RU", "")
    assert (nikolsk.form, nikolsk.status, nikolsk.installed_year) == (Form.BUST,
                                                                      Status.STANDING, 2025)
    event = nikolsk.events.get()
    assert (event.kind, event.date) == (EventKind.UNVEILED, "2025")
    sponsor = nikolsk.roles.get()
    assert (sponsor.role, sponsor.actor.name_en) == (Role.SPONSOR, "Local residents of Nikolsk")
    assert sponsor.actor.category == ActorCategory.INDIVIDUAL
    assert nikolsk.sponsor_category == ActorCategory.INDIVIDUAL
    citation = nikolsk.citations.get()
    assert citation.quote == "В Никольске установлен бюст Иосифу Сталину."
    assert (citation.source.url, citation.source.published_on) == (
        "https://news.example.org/nikolsk", dt.date(2025, 7, 1))

    bor = Monument.objects.get(settlement_en="Bor")
    assert bor.installed_earliest == dt.date(2020, 6, 24)
    assert bor.sponsor_category == ActorCategory.KPRF

    history = Monument.history.filter(id=nikolsk.pk).get()
    assert history.history_user == curator
    assert history.history_change_reason == "Imported from monuments.csv"


def test_a_valid_xlsx_with_numbers_and_dates_in_cells_imports(curator):
    content = xlsx_bytes([
        {**row(), "year_unveiled": 2025, "latitude": 59.5339, "longitude": 45.4567,
         "source_date": dt.datetime(2025, 7, 1)},
        {**second_row(), "year_unveiled": 2020, "date_unveiled": dt.datetime(2020, 6, 24)},
    ])
    result = run_import(content, user=curator, filename="monuments.xlsx")
    assert result.ok, result.errors
    nikolsk = Monument.objects.get(settlement_en="Nikolsk")
    assert (str(nikolsk.latitude), str(nikolsk.longitude)) == ("59.533900", "45.456700")
    assert nikolsk.citations.get().source.published_on == dt.date(2025, 7, 1)
    assert Monument.objects.get(settlement_en="Bor").events.get().date == "2020-06-24"
    assert Monument.objects.filter(state=State.DRAFT, created_by=curator).count() == 2


def test_an_empty_sponsor_with_category_unknown_means_sponsor_unknown(curator):
    run_import(csv_bytes([row(sponsor="", sponsor_category="unknown")]), user=curator)
    monument = Monument.objects.get()
    assert monument.sponsor_unknown is True
    assert not monument.roles.exists()


@pytest.mark.parametrize(("cells", "expected"), [
    ({"country": "Ukraine (Russian-occupied)", "region": "Zaporizhzhia Oblast"},
     ("UA", "RU", "UA-23", "")),
    ({"country": "Ukraine", "region": "UA-23"}, ("UA", "", "UA-23", "")),
    ({"country": "Ukraine (Russian-occupied)", "region": "Crimea"}, ("UA", "RU", "UA-43", "")),
    ({"region": "RU-VLG"}, ("RU", "", "RU-VLG", "")),
    ({"region": "Вологодская область"}, ("RU", "", "RU-VLG", "")),
    ({"region": "Republic of Sakha (Yakutia)"}, ("RU", "", "RU-SA", "")),
    ({"region": "Kirov Oblast (Podosinovsky District)"},
     ("RU", "", "RU-KIR", "Podosinovsky District")),
    ({"region": "Khanty-Mansi Autonomous Okrug–Yugra"}, ("RU", "", "RU-KHM", "")),
])
def test_countries_and_regions_are_read_as_sources_name_them(curator, cells, expected):
    result = run_import(csv_bytes([row(**cells)]), user=curator)
    assert result.ok, result.errors
    monument = Monument.objects.get()
    assert (monument.country, monument.controlled_by, monument.region.code,
            monument.address) == expected


@pytest.mark.parametrize(("given", "form"), [
    ("bust", Form.BUST), ("statue", Form.STATUE), ("bas_relief", Form.BAS_RELIEF),
    ("plaque", Form.PLAQUE_PORTRAIT), ("", Form.UNKNOWN), ("seated_statue", Form.SEATED_STATUE),
])
def test_monument_types_map_to_forms(curator, given, form):
    run_import(csv_bytes([row(monument_type=given)]), user=curator)
    assert Monument.objects.get().form == form


@pytest.mark.parametrize(("given", "category"), [
    ("kprf", ActorCategory.KPRF), ("private", ActorCategory.INDIVIDUAL),
    ("veterans_org", ActorCategory.PUBLIC_ASSOCIATION),
    ("government", ActorCategory.REGIONAL_AUTHORITY), ("other", ActorCategory.UNKNOWN),
    ("unknown", ActorCategory.UNKNOWN), ("business", ActorCategory.BUSINESS),
])
def test_sponsor_categories_map_to_actor_categories(curator, given, category):
    result = run_import(csv_bytes([row(sponsor_category=given)]), user=curator)
    assert Actor.objects.get().category == category
    if given == "other":
        assert any("“other”" in note for note in result.rows[0].notes)


# --- Errors: all or nothing -------------------------------------------------------------------


@pytest.mark.parametrize(("column", "value", "message"), [
    ("year_unveiled", "20x5", "is not a year between 1900 and"),
    ("year_unveiled", "1812", "is not a year between 1900 and"),
    ("region", "Atlantis Oblast", "Unknown region “Atlantis Oblast”"),
    ("latitude", "95.5", "95.5 is out of range (-90 to 90)"),
    ("longitude", "east", "is not a number in decimal degrees"),
    ("source_url", "", "Every row needs the URL of its source."),
    ("source_url", "news.example.org/x", "is not an http(s) URL"),
    ("date_unveiled", "2019-13-45", "is not a date in EDTF form"),
    ("source_date", "01.07.2025", "is not a date (YYYY-MM-DD)"),
    ("monument_type", "obelisk", "Unknown type “obelisk”"),
    ("status", "gone", "Unknown status “gone”"),
    ("sponsor_category", "church", "Unknown sponsor category “church”"),
    ("country", "Atlantis", "Unknown country “Atlantis”"),
    ("name_en", "", "This column is required."),
])
def test_a_file_with_one_bad_row_changes_nothing_and_names_the_row_and_column(
    curator, column, value, message
):
    before = counts()
    result = run_import(csv_bytes([row(), second_row(**{column: value})]), user=curator)
    assert not result.committed
    assert counts() == before
    assert [(error.row, error.column) for error in result.errors] == [(3, column)]
    assert message in result.errors[0].message
    assert f"row 3, column {column}:" in str(result.errors[0])


def test_every_error_of_a_file_is_reported_at_once(curator):
    result = run_import(csv_bytes([row(year_unveiled="soon", latitude="100", longitude="10"),
                                   second_row(region="Narnia")]), user=curator)
    assert {(error.row, error.column) for error in result.errors} == {
        (2, "year_unveiled"), (2, "latitude"), (3, "region")}


def test_a_date_that_disagrees_with_the_year_is_an_error(curator):
    result = run_import(csv_bytes([row(year_unveiled="2024", date_unveiled="2025-05-05")]),
                        user=curator)
    assert [(e.column, "not in the year 2024" in e.message) for e in result.errors] == [
        ("date_unveiled", True)]


def test_a_region_of_another_country_is_an_error(curator):
    result = run_import(csv_bytes([row(country="Ukraine", region="Vologda Oblast")]),
                        user=curator)
    assert [error.column for error in result.errors] == ["region"]
    assert "is in RU, but the country is UA" in result.errors[0].message


def test_half_a_coordinate_pair_is_an_error(curator):
    result = run_import(csv_bytes([row(latitude="59.5")]), user=curator)
    assert [error.column for error in result.errors] == ["longitude"]
    assert "Give both latitude and longitude, or neither." in result.errors[0].message


@pytest.mark.parametrize(("columns", "message"), [
    ([name for name in COLUMN_NAMES if name != "quote"], "Missing columns: quote."),
    ([*COLUMN_NAMES, "notes"], "Unknown columns: notes"),
])
def test_a_file_with_the_wrong_columns_is_refused_before_any_row(columns, message):
    from registry.imports import ImportFileError

    with pytest.raises(ImportFileError, match=message):
        read_rows(io.BytesIO(csv_bytes([row()], columns=columns)), "monuments.csv")


@pytest.mark.parametrize(("content", "filename", "message"), [
    (b"\xff\xfe\x00bad", "monuments.csv", "not UTF-8"),
    (b"not a workbook", "monuments.xlsx", "not a readable XLSX"),
    (b"name_en\n", "monuments.txt", "Only .csv and .xlsx"),
])
def test_unreadable_files_are_refused_with_a_reason(content, filename, message):
    from registry.imports import ImportFileError

    with pytest.raises(ImportFileError, match=message):
        read_rows(io.BytesIO(content), filename)


def test_a_row_that_would_change_a_published_record_is_refused_for_a_curator(curator):
    published = MonumentFactory(state=State.PUBLISHED, name_en="Stalin bust, Nikolsk",
                                settlement_en="Nikolsk", sponsor=False, sponsor_unknown=True)
    before = counts()
    result = run_import(csv_bytes([second_row(), row(latitude="59.5", longitude="45.4")]),
                        user=curator)
    assert counts() == before
    assert [(error.row, error.column) for error in result.errors] == [(3, "")]
    assert f"#{published.public_id}, which is published" in result.errors[0].message

    reviewer = user_with_role(REVIEWER)
    assert run_import(csv_bytes([row(latitude="59.5", longitude="45.4")]), user=reviewer).ok
    published.refresh_from_db()
    assert published.latitude is not None and published.state == State.PUBLISHED


# --- Dry run and the command ------------------------------------------------------------------


def test_a_preview_writes_nothing_but_says_what_would_happen(curator):
    result = run_import(csv_bytes([row(), second_row()]), user=curator, dry_run=True)
    assert result.ok and not result.committed
    assert counts() == {model.__name__: 0 for model in TABLES}
    assert [outcome.action for outcome in result.rows] == [CREATE, CREATE]
    assert result.summary() == "2 rows: 2 to create, 0 to change, 0 unchanged; 0 errors"


def test_the_command_dry_run_writes_nothing(tmp_path, capsys):
    path = tmp_path / "monuments.csv"
    path.write_bytes(csv_bytes([row(), second_row()]))
    call_command("import_monuments", str(path), "--dry-run", verbosity=0)
    assert counts() == {model.__name__: 0 for model in TABLES}
    assert "Dry run, nothing written: 2 rows: 2 to create" in capsys.readouterr().out


def test_the_command_imports_and_attributes_to_the_named_user(tmp_path, curator, capsys):
    path = tmp_path / "monuments.csv"
    path.write_bytes(csv_bytes([row(), second_row()]))
    call_command("import_monuments", str(path), "--user", CURATOR, verbosity=0)
    assert Monument.objects.filter(created_by=curator, state=State.DRAFT).count() == 2
    assert "Imported: 2 rows: 2 to create" in capsys.readouterr().out


def test_the_command_reports_errors_and_imports_nothing(tmp_path, capsys):
    path = tmp_path / "monuments.csv"
    path.write_bytes(csv_bytes([row(), second_row(latitude="123", longitude="10")]))
    with pytest.raises(CommandError, match="Nothing was imported"):
        call_command("import_monuments", str(path), verbosity=0)
    assert "row 3, column latitude: 123 is out of range" in capsys.readouterr().err
    assert Monument.objects.count() == 0


def test_the_command_refuses_an_unknown_user(tmp_path):
    path = tmp_path / "monuments.csv"
    path.write_bytes(csv_bytes([row()]))
    with pytest.raises(CommandError, match="There is no user"):
        call_command("import_monuments", str(path), "--user", "ghost", verbosity=0)


@pytest.mark.skipif(not REAL_CSV.exists(), reason="../shared/data/monuments.csv is not here")
def test_the_real_dataset_passes_a_dry_run_with_zero_errors(capsys):
    call_command("import_monuments", str(REAL_CSV), "--dry-run", verbosity=0)
    out = capsys.readouterr().out
    assert "48 rows: 48 to create, 0 to change, 0 unchanged; 0 errors" in out
    assert Monument.objects.count() == 0


@pytest.mark.skipif(not REAL_CSV.exists(), reason="../shared/data/monuments.csv is not here")
def test_the_real_dataset_over_the_real_records_creates_nothing(real_records):
    with REAL_CSV.open("rb") as file:
        rows = read_rows(file, REAL_CSV.name)
    result = monument_import(rows=rows, user=None, dry_run=True)
    assert result.ok, result.errors
    assert result.count(CREATE) == 0


# --- Re-imports -------------------------------------------------------------------------------


def test_importing_the_same_file_twice_creates_no_duplicates(curator):
    content = csv_bytes([row(), second_row()])
    run_import(content, user=curator)
    before = counts()
    again = run_import(content, user=curator)
    assert again.ok
    assert [outcome.action for outcome in again.rows] == [UNCHANGED, UNCHANGED]
    assert counts() == before
    assert Monument.history.count() == 2  # nothing was saved the second time


def test_the_same_xlsx_after_the_same_csv_creates_nothing(curator):
    run_import(csv_bytes([row(), second_row()]), user=curator)
    before = counts()
    again = run_import(xlsx_bytes([row(), second_row()]), user=curator, filename="m.xlsx")
    assert again.ok and counts() == before


def test_a_re_import_fills_what_is_missing_and_keeps_what_differs(curator):
    run_import(csv_bytes([row()]), user=curator)
    result = run_import(csv_bytes([row(latitude="59.53", longitude="45.45", status="removed")]),
                        user=curator)
    outcome = result.rows[0]
    assert outcome.action == "change"
    assert any("coordinates" in change for change in outcome.changes)
    assert any("the file says “removed”, the record has “standing” (kept)" in note
               for note in outcome.notes)
    monument = Monument.objects.get()
    assert (str(monument.latitude), monument.status) == ("59.530000", Status.STANDING)


def test_a_row_whose_source_and_quote_are_already_cited_matches_that_record(curator):
    existing = MonumentFactory(state=State.DRAFT, name_en="A curator's better name",
                               settlement_en="Nikolsk", cited=False)
    Citation.objects.create(monument=existing, quote=row()["quote"],
                            source=SourceFactory(url=row()["source_url"]))
    result = run_import(csv_bytes([row()]), user=curator)
    assert result.rows[0].public_id == existing.public_id
    assert Monument.objects.count() == 1
    assert "its source and quote are already cited" in result.rows[0].notes[0]


def test_a_row_matching_a_merged_record_goes_to_the_kept_one(curator):
    kept = MonumentFactory(state=State.DRAFT, name_en="Kept")
    MonumentFactory(state=State.RETIRED, duplicate_of=kept, name_en=row()["name_en"],
                    settlement_en="Nikolsk")
    result = run_import(csv_bytes([row()]), user=curator)
    assert result.rows[0].public_id == kept.public_id
    assert Monument.objects.count() == 2


def test_sources_are_shared_by_url(curator):
    existing = SourceFactory(url="https://news.example.org/shared", title="Old title", outlet="")
    run_import(csv_bytes([row(source_url=existing.url),
                          second_row(source_url=existing.url)]), user=curator)
    assert Source.objects.count() == 1
    existing.refresh_from_db()
    assert existing.outlet == "Example news"  # empty fields are filled, nothing overwritten
    assert existing.title == "Old title"
    assert Citation.objects.filter(source=existing).count() == 2


def test_actors_are_matched_by_name_without_case(curator):
    actor = ActorFactory(name_en="Alexei Zorov", category=ActorCategory.INDIVIDUAL)
    run_import(csv_bytes([second_row(sponsor="alexei zorov"),
                          row(sponsor="Alexei Zorov")]), user=curator)
    assert Actor.objects.count() == 1
    assert ActorRole.objects.filter(actor=actor).count() == 2


def test_the_preview_warns_about_possible_duplicates(curator):
    existing = MonumentFactory(state=State.PUBLISHED, name_en="Stalin bust, Nikolsk park",
                               settlement_en="Nikolsk")
    result = run_import(csv_bytes([row()]), user=curator, dry_run=True)
    assert result.rows[0].action == CREATE
    assert [(public_id, "similar name" in why) for _pk, public_id, _name, why
            in result.rows[0].duplicates] == [(existing.public_id, True)]


# --- The template and its documentation -------------------------------------------------------


def test_the_documentation_describes_every_column():
    text = (Path(settings.BASE_DIR) / "docs" / "import.md").read_text(encoding="utf-8")
    for name in COLUMN_NAMES:
        assert f"`{name}`" in text, name


def test_the_csv_template_is_the_header_of_an_importable_file():
    from registry.imports import template_csv

    header = template_csv().splitlines()
    assert header == [",".join(COLUMN_NAMES)]
    assert read_rows(io.BytesIO(template_csv().encode()), "template.csv") == []


def test_the_xlsx_template_explains_every_column():
    from registry.imports import template_xlsx

    workbook = load_workbook(io.BytesIO(template_xlsx()))
    assert [cell.value for cell in workbook["monuments"][1]] == list(COLUMN_NAMES)
    explained = [r[0] for r in workbook["columns"].iter_rows(min_row=2, values_only=True)]
    assert explained == list(COLUMN_NAMES)
