"""The real, cited dataset in fixtures/: complete, modelled properly, loadable twice."""

import csv
from pathlib import Path

import pytest
from django.conf import settings

from registry.choices import EventKind, Origin, State
from registry.models import Actor, ActorRole, Citation, Event, Monument, Source
from registry.seed import SeedError, load_records

pytestmark = pytest.mark.django_db

CSV_PATH = Path(settings.BASE_DIR).parent / "shared" / "data" / "monuments.csv"
FIXTURES = Path(settings.BASE_DIR) / "fixtures"


def csv_rows() -> list[dict[str, str]]:
    if not CSV_PATH.exists():
        pytest.skip("../shared/data/monuments.csv is not on this machine")
    with CSV_PATH.open(encoding="utf-8") as file:
        return list(csv.DictReader(file))


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count()
            for model in (Monument, Event, Actor, ActorRole, Source, Citation)}


def test_loading_twice_creates_no_duplicates_and_changes_nothing(real_records):
    before = counts()
    history_before = Monument.history.count()
    summary = load_records(FIXTURES)
    assert counts() == before
    assert Monument.history.count() == history_before
    assert not summary.created and not summary.updated


def test_every_row_of_the_source_csv_is_in_the_registry_with_its_source_and_quote(
    real_records,
):
    for row in csv_rows():
        source = Source.objects.get(url=row["source_url"])
        citation = Citation.objects.get(source=source, quote=row["quote"])
        assert citation.monument.state == State.PUBLISHED
        assert citation.monument.region is not None


def test_every_published_monument_has_a_citation_a_region_and_a_first_installation_event(
    real_records,
):
    for monument in Monument.objects.published():
        assert monument.citations.exists(), monument
        assert monument.region_id, monument
        assert monument.events.filter(kind__in=[EventKind.INSTALLED,
                                                EventKind.UNVEILED]).exists(), monument


def test_rows_that_describe_one_monument_are_one_monument(real_records):
    assert Monument.objects.count() == len(csv_rows()) - 2

    penza = Monument.objects.get(events__kind=EventKind.RELOCATED, settlement_en="Penza")
    assert penza.installed_year == 2011
    assert penza.events.filter(kind=EventKind.RELOCATED, date__startswith="2015").exists()
    assert penza.citations.values("source").distinct().count() >= 2

    zaporizhzhia = Monument.objects.get(settlement_en="Zaporizhzhia")
    kinds = list(zaporizhzhia.events.values_list("kind", flat=True))
    assert EventKind.RESTORED in kinds
    assert zaporizhzhia.installed_year == 2010

    assert Monument.objects.filter(settlement_en__startswith="Kureika").count() == 2


def test_put_up_again_works_are_not_counted_as_new(real_records):
    for settlement in ("Kusa", "Yekaterinburg"):
        monument = Monument.objects.get(settlement_en=settlement)
        assert monument.origin != Origin.NEW, settlement


def test_a_bad_record_is_named_and_nothing_is_loaded(tmp_path):
    for name in ("actors.yaml", "sources.yaml"):
        (tmp_path / name).write_text((FIXTURES / name).read_text(encoding="utf-8"),
                                     encoding="utf-8")
    (tmp_path / "monuments.yaml").write_text(
        "- public_id: 1\n  name_en: A bust\n  form: blob\n  region: RU-VLG\n  state: draft\n",
        encoding="utf-8",
    )
    with pytest.raises(SeedError, match=r"public_id 1.*form"):
        load_records(tmp_path)
    assert not Actor.objects.exists()
    assert not Monument.objects.exists()


def test_the_sequence_of_public_identifiers_moves_past_the_loaded_ones(real_records):
    from tests.factories import MonumentFactory

    highest = Monument.objects.order_by("-public_id").first().public_id
    assert MonumentFactory().public_id > highest
