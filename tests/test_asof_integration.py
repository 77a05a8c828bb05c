"""`as_of` through the real pages and API: a past day's records and values, a banner on the
pages, a 400 naming `as_of` for a bad day, and a cited count that does not move."""

import datetime as dt

import pytest
import time_machine

from tests.api_support import API, api_settings  # noqa: F401
from tests.factories import MonumentFactory, region
from tests.pagetools import html, result_count

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("api_settings")]


@pytest.fixture
def moved():
    """Three records in Vologda on 10 January 2025; on 10 February one moves to Novosibirsk."""
    with time_machine.travel(dt.datetime(2025, 1, 10, 12, tzinfo=dt.UTC), tick=False):
        monument = MonumentFactory(region=region("RU-VLG"))
        MonumentFactory(region=region("RU-VLG"))
        MonumentFactory(region=region("RU-VLG"))
    with time_machine.travel(dt.datetime(2025, 2, 10, 12, tzinfo=dt.UTC), tick=False):
        monument.region = region("RU-NVS")
        monument.save()
    return monument


def test_the_api_list_as_of_a_day_gives_that_days_records_and_values(client, moved):
    page = client.get(API + "monuments/", {"as_of": "2025-01-31", "region": "RU-VLG"}).json()
    assert page["count"] == 3
    assert all(row["region"]["code"] == "RU-VLG" for row in page["results"])
    now = client.get(API + "monuments/", {"region": "RU-VLG"}).json()
    assert now["count"] == 2


def test_the_api_pages_as_of_a_day_continue_each_other(client, moved):
    first = client.get(API + "monuments/", {"as_of": "2025-01-31", "page_size": 2}).json()
    second = client.get(first["next"]).json()
    ids = [row["public_id"] for row in first["results"] + second["results"]]
    assert sorted(ids) == sorted(set(ids)) and len(ids) == 3


def test_api_stats_as_of_a_day(client, moved):
    before = client.get(API + "stats/", {"as_of": "2025-01-31", "group_by": "region"}).json()
    assert [(row["region"], row["count"]) for row in before["results"]] == [("RU-VLG", 3)]
    now = client.get(API + "stats/", {"group_by": "region"}).json()
    assert [(row["region"], row["count"]) for row in now["results"]] == [
        ("RU-NVS", 1), ("RU-VLG", 2)]


@pytest.mark.parametrize("value", ["2025-02-30", "soon", "2999-01-01"])
def test_a_bad_as_of_is_a_400_naming_it(client, value):
    for url, extra in ((API + "monuments/", {}), (API + "stats/", {"group_by": "region"})):
        response = client.get(url, {"as_of": value, **extra})
        assert response.status_code == 400
        assert [error["field"] for error in response.json()["errors"]] == ["as_of"]
    page = client.get("/en/monuments/", {"as_of": value})
    assert page.status_code == 400
    assert "as_of" in html(page).select_one("#filter-errors").decode()


def test_the_browse_page_as_of_a_day_says_so_and_counts_that_days_records(client, moved):
    page = client.get("/en/monuments/", {"as_of": "2025-01-31", "region": "RU-VLG"})
    assert result_count(page) == 3
    assert "2025-01-31" in html(page).select_one("#as-of-banner").text
    today = client.get("/en/monuments/", {"region": "RU-VLG"})
    assert result_count(today) == 2
    assert html(today).select_one("#as-of-banner") is None


def test_the_statistics_page_as_of_a_day(client, moved):
    page = html(client.get("/en/stats/", {"as_of": "2025-01-31"}))
    assert page.select_one("#total-count").text.strip() == "3"
    assert page.select_one("#as-of-banner") is not None
    regions = {row["data-value"]: row.select_one("[data-count]").text
               for row in page.select("#region-table tbody tr[data-value]")}
    assert regions == {"RU-VLG": "3"}


def test_a_cited_count_stays_the_same_after_later_changes(client, moved):
    with time_machine.travel(dt.datetime(2025, 3, 1, 12, tzinfo=dt.UTC), tick=False):
        cite = html(client.get("/en/cite/", {"region": "RU-VLG"}))
        assert cite.select_one("#cited-count").text == "2"
        url = cite.select_one("#cited-url")["href"]
        assert "as_of=2025-03-01" in url and "region=RU-VLG" in url
        assert "2025-03-01" in cite.select_one("#cited-text").text
    with time_machine.travel(dt.datetime(2025, 6, 1, 12, tzinfo=dt.UTC), tick=False):
        MonumentFactory(region=region("RU-VLG"))
        MonumentFactory.create_batch(2, region=region("RU-VLG"))
        path = url.split("://", 1)[-1].split("/", 1)[1]
        assert result_count(client.get("/" + path)) == 2
        assert result_count(client.get("/en/monuments/", {"region": "RU-VLG"})) == 5


def test_the_browse_count_and_every_statistics_number_link_to_a_citation(client, moved):
    browse = html(client.get("/en/monuments/", {"region": "RU-VLG"}))
    assert browse.select_one("#cite-count")["href"] == "/en/cite/?region=RU-VLG"
    stats = html(client.get("/en/stats/"))
    numbers = stats.select("#per-year-table [data-count], .count-block a[data-count]")
    cites = stats.select("#per-year-table .cite-link, .count-block .cite-link")
    assert len(numbers) == len(cites) > 10
    for number, cite in zip(numbers, cites, strict=True):
        assert cite["href"].split("?")[-1] == number["href"].split("?")[-1]
