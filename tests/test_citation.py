"""Citing a count: a permanent URL that gives the same number however the registry grows."""

import datetime as dt
from urllib.parse import parse_qs, urlsplit

import pytest
import time_machine
from django.http import QueryDict
from django.template import Context, Template
from django.test import RequestFactory

from registry import stats
from registry.citation import canonical_parameters, cite_count
from registry.filters import filterset_for
from registry.models import Monument
from tests.factories import MonumentFactory, region

pytestmark = pytest.mark.django_db

DAY = dt.date(2025, 9, 1)


def query(string: str) -> QueryDict:
    return QueryDict(string)


def count_at(url: str) -> int:
    """What a reader who opens the cited URL is shown."""
    params = {name: values[-1] for name, values in parse_qs(urlsplit(url).query).items()}
    filterset = filterset_for(params)
    assert filterset.is_valid(), filterset.errors
    return stats.total(filterset.qs)


class TestPermanentUrl:
    def test_it_carries_the_filters_in_a_canonical_order_and_today_as_as_of(self):
        citation = cite_count(query("sponsor_category=kprf&region=RU-VLG,RU-NVS&page=3"), 15,
                              path="/en/monuments/", today=DAY, base_url="https://registry.org")
        assert citation.url == ("https://registry.org/en/monuments/?as_of=2025-09-01"
                                "&region=RU-NVS,RU-VLG&sponsor_category=kprf")

    def test_the_same_filters_written_differently_give_the_same_url(self):
        one = cite_count(query("region=RU-VLG&region=RU-NVS&q=  bust   Vologda&ordering=name"),
                         2, path="/en/monuments/", today=DAY)
        other = cite_count(query("q=bust Vologda&region=RU-NVS,RU-VLG,RU-VLG&form="), 2,
                           path="/en/monuments/", today=DAY)
        assert one.url == other.url

    def test_a_number_seen_on_a_past_days_page_keeps_that_day(self):
        citation = cite_count(query("as_of=2024-01-31&form=bust"), 7, path="/en/statistics/",
                              today=DAY)
        assert dict(citation.parameters)["as_of"] == "2024-01-31"
        assert citation.as_of == dt.date(2024, 1, 31)

    def test_group_by_is_kept_only_when_asked(self):
        params = query("group_by=year&ordering=year")
        assert "group_by" in dict(canonical_parameters(params, today=DAY))
        assert "ordering" not in dict(canonical_parameters(params, today=DAY))


class TestCitationText:
    def test_it_states_the_count_the_day_the_filters_and_the_url(self):
        citation = cite_count(query("region=RU-VLG&origin=new,soviet_replica"), 213,
                              path="/en/monuments/", today=DAY, base_url="https://r.org")
        assert "213 monuments" in citation.text
        assert "2025-09-01" in citation.text
        assert "region RU-VLG" in citation.text
        assert "origin new,soviet_replica" in citation.text
        assert citation.text.endswith(citation.url)

    def test_without_filters_it_says_all_published_records(self):
        citation = cite_count({}, 3, path="/en/monuments/", today=DAY)
        assert "all published records" in citation.text

    def test_the_template_tag_cites_the_pages_own_filters(self):
        request = RequestFactory().get("/en/monuments/", {"region": "RU-VLG"})
        with time_machine.travel(dt.datetime(2025, 9, 1, 10, tzinfo=dt.UTC), tick=False):
            html = Template("{% load research %}{% cite_number 4 as c %}{{ c.url }}").render(
                Context({"request": request}))
        assert html.endswith("/en/monuments/?as_of=2025-09-01&amp;region=RU-VLG")


def test_the_count_at_a_cited_url_stays_the_same_after_later_changes():
    with time_machine.travel(dt.datetime(2025, 9, 1, 10, tzinfo=dt.UTC), tick=False):
        for _ in range(3):
            MonumentFactory(region=region("RU-VLG"), installed="2019")
        MonumentFactory(region=region("RU-NVS"), installed="2019")
        shown = filterset_for({"region": "RU-VLG", "year_min": "2019"})
        citation = cite_count({"region": "RU-VLG", "year_min": "2019"}, stats.total(shown.qs),
                              path="/en/monuments/")
    assert citation.count == 3
    with time_machine.travel(dt.datetime(2026, 3, 1, 10, tzinfo=dt.UTC), tick=False):
        MonumentFactory(region=region("RU-VLG"), installed="2020")
        MonumentFactory(region=region("RU-VLG"), installed="2021")
        moved = Monument.objects.filter(region__code="RU-VLG", installed_year=2019).first()
        moved.region = region("RU-NVS")
        moved.save()
    assert stats.total(filterset_for({"region": "RU-VLG", "year_min": "2019"}).qs) == 4
    assert count_at(citation.url) == 3
