"""The CSV export: PostgreSQL's COPY writes the same bytes as the Python columns.

Today's registry is exported through `COPY … TO STDOUT WITH CSV` (fast); the registry as of a
past day through the Python value of each column. Both are the one documented format, so they
must agree byte for byte, awkward values included.
"""

import csv
import datetime as dt
import io

import pytest
from django.db.models import F
from django.utils import translation

from registry.choices import Role
from registry.exports import CSV_COLUMNS, csv_lines
from registry.filters import filterset_for
from registry.models import ActorRole, Citation, Monument
from tests.factories import ActorFactory, MonumentFactory, SourceFactory, region

pytestmark = pytest.mark.django_db


@pytest.fixture
def awkward_records(db):
    """Records with every kind of value a CSV writer can get wrong."""
    plain = MonumentFactory(name_en="Plain bust", latitude="59.220500", longitude="39.890000",
                            coordinate_precision="exact", wikidata_id="Q123")
    quoted = MonumentFactory(
        name_en='Bust "Leader", with a comma', name_ru="Бюст «Вождь»;\nвторая строка — ёлка",
        address="Line one\r\nline two", region=region("RU-PNZ"), installed="2020-05",
        sponsor=False,
    )
    # Two sponsors in a set order, one source cited twice, a source without a URL.
    first, second = ActorFactory(name_en="Second by name"), ActorFactory(name_en="A first")
    ActorRole.objects.create(monument=quoted, actor=first, role=Role.SPONSOR, position=0)
    ActorRole.objects.create(monument=quoted, actor=second, role=Role.SPONSOR, position=1)
    ActorRole.objects.create(monument=quoted, actor=ActorFactory(), role=Role.SCULPTOR)
    shared = SourceFactory(url="https://news.example.org/shared")
    for source in (shared, SourceFactory(url=""), shared, SourceFactory()):
        Citation.objects.create(monument=quoted, source=source, quote="Открыли.")
    no_region = MonumentFactory(name_en="", region=None, state="draft", installed=False,
                                cited=False, sponsor=False)
    # updated_at with and without microseconds (isoformat() leaves out ".000000").
    Monument.objects.filter(pk=plain.pk).update(
        updated_at=dt.datetime(2025, 9, 1, 12, 30, tzinfo=dt.UTC))
    Monument.objects.filter(pk=quoted.pk).update(
        updated_at=dt.datetime(2025, 9, 1, 12, 30, 0, 1200, tzinfo=dt.UTC))
    return [plain, quoted, no_region]


def both(queryset) -> tuple[str, str]:
    return "".join(csv_lines(queryset)), "".join(csv_lines(queryset, use_copy=False))


def test_copy_and_python_write_the_same_bytes(awkward_records):
    copied, written = both(Monument.objects.order_by("public_id"))

    assert copied == written
    rows = list(csv.DictReader(io.StringIO(copied)))
    assert [row["name_en"] for row in rows] == ["Plain bust", 'Bust "Leader", with a comma', ""]
    quoted = rows[1]
    assert quoted["name_ru"] == "Бюст «Вождь»;\nвторая строка — ёлка"
    assert quoted["sponsors"] == "Second by name; A first"
    # The factory's own citation, then the shared source once; the one without a URL is left out.
    urls = quoted["source_urls"].split(" ")
    assert len(urls) == 3 and urls[1] == "https://news.example.org/shared"
    assert quoted["source_count"] == "4"
    assert quoted["installed_earliest"] == "2020-05-01"
    assert quoted["updated_at"] == "2025-09-01T12:30:00.001200+00:00"
    assert rows[0]["updated_at"] == "2025-09-01T12:30:00+00:00"
    assert rows[0]["latitude"] == "59.220500"
    assert rows[2]["region_code"] == "" and rows[2]["source_count"] == "0"


def test_the_header_names_the_documented_columns(awkward_records):
    copied, _ = both(Monument.objects.none())

    assert copied == ",".join(column.name for column in CSV_COLUMNS) + "\n"


def test_a_filtered_search_keeps_its_order_and_rows(awkward_records):
    MonumentFactory(name_en="Another plain bust in Penza", region=region("RU-PNZ"))
    queryset = filterset_for({"q": "bust", "region": "RU-PNZ,RU-VLG"}).qs

    copied, written = both(queryset)

    assert copied == written
    assert copied.count("\n") > 2


def test_page_urls_follow_the_active_language(awkward_records):
    queryset = Monument.objects.order_by(F("installed_earliest").desc(nulls_last=True))
    with translation.override("ru"):
        copied, written = both(queryset)

    assert copied == written
    assert "/ru/monuments/" in copied
