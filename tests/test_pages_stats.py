"""The statistics and home pages: counts from registry.stats, drawn and tabled, each number a
link to exactly the records it counts."""

import pytest
from django.utils import timezone

from registry import stats
from registry.choices import ActorCategory, Origin, State
from registry.filters import MonumentFilterSet
from registry.models import Monument
from tests.factories import MonumentFactory, region
from tests.pagetools import html, result_count, text

pytestmark = pytest.mark.django_db

STATS = "/en/stats/"


@pytest.fixture
def records(db):
    """A small registry with every kind of case a count must get right."""
    return [
        MonumentFactory(installed="2015", sponsor__category=ActorCategory.KPRF),
        MonumentFactory(installed="2015-05", sponsor__category=ActorCategory.BUSINESS,
                        region=region("RU-PNZ")),
        MonumentFactory(installed="2019-05-09", sponsor__category=ActorCategory.KPRF,
                        region=region("RU-PNZ"), form="statue"),
        MonumentFactory(installed="2021", origin=Origin.SOVIET_REPLICA, status="removed"),
        # Not new: a restored Soviet-era work, and one first installed before 1995.
        MonumentFactory(installed="2019", origin=Origin.SOVIET_RESTORATION),
        MonumentFactory(installed="1990"),
        # Known only to the decade: counted in totals, not by year.
        MonumentFactory(installed="201X"),
        MonumentFactory(installed="2020", state=State.DRAFT),
    ]


def filtered(params: dict) -> Monument:
    filterset = MonumentFilterSet(params, queryset=Monument.objects.published())
    assert filterset.is_valid(), filterset.errors
    return filterset.qs


def year_table(page) -> dict[int, dict[str, int]]:
    """The per-year table as {year: {column label: number}}."""
    table = page.select_one("#per-year-table")
    columns = [cell.get_text(strip=True) for cell in table.select("thead th")][1:]
    return {
        int(row["data-year"]): dict(zip(columns, (int(number.get_text(strip=True))
                                                  for number in row.select("td [data-count]")),
                                         strict=True))
        for row in table.select("tbody tr")
    }


def dimension_table(page, dimension: str) -> dict[str, int]:
    return {row["data-value"]: int(row.select_one("td [data-count]").get_text(strip=True))
            for row in page.select(f"#{dimension}-table tbody tr[data-value]")}


class TestParityWithTheCountingModule:
    @pytest.mark.parametrize("params", [{}, {"region": "RU-PNZ"}, {"form": "bust"},
                                        {"origin": "soviet_restoration,new"}])
    def test_the_per_year_table_is_registry_stats_per_year(self, client, records, params):
        page = html(client.get(STATS, params))
        counted = params if "origin" in params else {**params, **stats.NEW_MONUMENTS}
        expected = stats.per_year(filtered(counted), until=timezone.localdate().year)
        labels = dict(ActorCategory.choices)
        shown = year_table(page)
        assert list(shown) == list(expected)
        for year, row in expected.items():
            for category, count in row.items():
                assert shown[year][labels[category]] == count
            assert shown[year]["Total"] == sum(row.values())

    @pytest.mark.parametrize("dimension", ["sponsor_category", "region", "form", "status",
                                           "origin"])
    @pytest.mark.parametrize("params", [{}, {"region": "RU-PNZ"}, {"year_min": "2016"}])
    def test_each_count_table_is_registry_stats_count_by(self, client, records, dimension,
                                                          params):
        page = html(client.get(STATS, params))
        expected = {row[dimension]: row["count"]
                    for row in stats.count_by(filtered(params), [dimension])}
        assert dimension_table(page, dimension) == expected

    def test_the_total_is_registry_stats_total(self, client, records):
        page = html(client.get(STATS, {"region": "RU-VLG"}))
        assert int(page.select_one("#total-count").text) == stats.total(
            filtered({"region": "RU-VLG"}))


class TestEveryNumberLinksToItsRecords:
    @pytest.mark.parametrize("params", [{}, {"region": "RU-PNZ"}, {"year_min": "2016",
                                                                   "year_max": "2019"}])
    def test_following_any_number_shows_that_many_records(self, client, records, params):
        page = html(client.get(STATS, params))
        links = page.select(
            "#per-year-table a[data-count], .count-block table a[data-count], #total-count")
        assert len(links) > 40
        checked = 0
        for link in links:
            number = int(link.get_text(strip=True))
            assert link["href"].startswith("/en/monuments/?") or link["href"] == "/en/monuments/"
            if number or checked < 60:  # every non-zero number, and a sample of the zeros
                assert result_count(client.get(link["href"])) == number, link["href"]
                checked += 1

    def test_the_per_year_links_ask_for_new_monuments_of_that_year(self, client, records):
        page = html(client.get(STATS))
        cell = page.select_one('#per-year-table tr[data-year="2019"] td[data-total] a[data-count]')
        assert cell["href"] == (
            "/en/monuments/?origin=new,soviet_replica&year_min=2019&year_max=2019")


class TestWhatIsCountedAsNew:
    def test_restorations_old_works_and_vague_dates_are_not_new_by_year(self, client, records):
        page = html(client.get(STATS))
        shown = year_table(page)
        assert shown[2015]["Total"] == 2
        assert shown[2019]["Total"] == 1  # the restored work of 2019 is not new
        assert shown[2021]["Total"] == 1  # a replica is new
        assert 1990 not in shown
        assert sum(row["Total"] for row in shown.values()) == 4

    def test_choosing_an_origin_counts_that_origin_instead(self, client, records):
        shown = year_table(html(client.get(STATS, {"origin": "soviet_restoration"})))
        assert shown[2019]["Total"] == 1
        assert sum(row["Total"] for row in shown.values()) == 1


def test_wrong_filters_are_named_on_the_statistics_page(client, records):
    response = client.get(STATS, {"sponsor_category": "martians"})
    assert response.status_code == 400
    assert "Unknown value(s): martians" in html(response).select_one("#filter-errors").text
    assert html(response).select_one("#per-year-table") is None


def test_the_charts_are_svg_drawn_on_the_server_with_a_segment_per_count(client, records):
    page = html(client.get(STATS))
    chart = page.select_one("#per-year-heading").find_next("svg")
    assert chart["role"] == "img"
    segments = chart.select("rect")
    # 2015: KPRF + business; 2019: KPRF; 2021: KPRF.
    assert len(segments) == 4
    assert {segment["class"][0] for segment in segments} == {"cat-kprf", "cat-business"}


class TestHome:
    def test_headline_counts_link_to_their_records(self, client, records):
        page = html(client.get("/en/"))
        published = page.select_one("#published-count")
        assert int(published.text) == 7
        assert published["href"] == "/en/monuments/"
        new = page.select_one("#new-count")
        assert int(new.text) == 4
        assert result_count(client.get(new["href"])) == 4

    def test_the_home_chart_table_is_the_counting_module(self, client, records):
        page = html(client.get("/en/"))
        expected = stats.per_year(filtered(stats.NEW_MONUMENTS), until=timezone.localdate().year)
        assert {year: row["Total"] for year, row in year_table(page).items()} == {
            year: sum(row.values()) for year, row in expected.items()}

    def test_latest_additions_are_published_records(self, client, records):
        names = [link.text for link in html(client.get("/en/")).select(".results h3 a")]
        assert len(names) == 6
        assert records[-1].name_en not in names

    def test_home_links_to_the_published_counts_in_the_methodology(self, client):
        assert "/en/about/#published-counts" in client.get("/en/").content.decode()

    def test_search_box_leads_to_browse(self, client):
        form = html(client.get("/en/")).select_one("form.search-box")
        assert form["action"] == "/en/monuments/"
        assert form.select_one("input")["name"] == "q"


def test_home_and_stats_work_on_an_empty_registry(client):
    assert client.get("/en/").status_code == 200
    response = client.get(STATS)
    assert response.status_code == 200
    assert "0 published records match" in text(response)
