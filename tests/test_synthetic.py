"""Synthetic records for benchmarks: realistic, flagged, and never mixed with real records."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from registry import search
from registry.dates import parse_date_range
from registry.models import Actor, ActorRole, Citation, Event, Monument, Source
from registry.synthetic import (
    ACTOR_SLUG_PREFIX,
    SOURCE_TITLE_PREFIX,
    SOURCE_URL_PREFIX,
    date_span,
)
from tests.factories import MonumentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def synthetic(db):
    call_command("generate_synthetic", count=50, seed=7)


def test_every_generated_monument_is_flagged_synthetic(synthetic):
    assert Monument.objects.count() == 50
    assert not Monument.objects.filter(is_synthetic=False).exists()


def test_generated_actors_and_sources_are_marked_synthetic(synthetic):
    assert Actor.objects.exists() and Source.objects.exists()
    assert not Actor.objects.exclude(slug__startswith=ACTOR_SLUG_PREFIX).exists()
    assert not Source.objects.exclude(url__startswith=SOURCE_URL_PREFIX).exists()
    assert not Source.objects.exclude(title__startswith=SOURCE_TITLE_PREFIX).exists()
    assert Actor.objects.filter(slug=f"{ACTOR_SLUG_PREFIX}kprf", children__isnull=False).exists()


def test_generated_records_have_events_citations_and_derived_fields(synthetic):
    assert Event.objects.filter(kind__in=["installed", "unveiled"]).values("monument").distinct() \
        .count() == 50
    assert Citation.objects.values("monument").distinct().count() == 50
    assert ActorRole.objects.filter(role="sponsor").exists()
    # Derived fields come from the same code a curator's save runs.
    assert not Monument.objects.filter(installed_earliest__isnull=True).exists()
    assert not Monument.objects.filter(search_vector__isnull=True).exists()
    assert Monument.objects.filter(installed_year__gte=1995, installed_year__lte=2025).count() > 40
    assert Monument.objects.filter(latitude__isnull=False).count() > 25


def test_generated_records_are_found_by_search(synthetic):
    published = Monument.objects.published()
    assert search.search(published, "бюст").exists()
    assert search.search(published, "bust").exists()


def test_generation_refuses_a_database_with_real_records():
    MonumentFactory(is_synthetic=False)
    with pytest.raises(CommandError, match="real"):
        call_command("generate_synthetic", count=5)
    assert Monument.objects.count() == 1


@pytest.mark.parametrize("date", ["2019-05-09", "2019-02", "2020-02", "2019", "2019~"])
def test_the_generators_date_ranges_agree_with_the_edtf_parser(date):
    assert date_span(date) == parse_date_range(date)
