"""stats/: counts by one or two dimensions with the filters of monuments/, from the counting
module behind the statistics page, each count linked to the records behind it."""

import csv
import io

import pytest

from registry import stats
from registry.choices import ActorCategory, State
from tests.api_support import API, api_settings, error_fields  # noqa: F401
from tests.factories import ActorFactory, MonumentFactory, region

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("api_settings")]


@pytest.fixture
def records():
    kprf = ActorFactory(slug="kprf", category=ActorCategory.KPRF)
    cossacks = ActorFactory(slug="cossacks", category=ActorCategory.COSSACK)
    MonumentFactory(installed="2019-05-09", sponsor=kprf)
    MonumentFactory(installed="2019-11", sponsor=kprf, region=region("RU-NVS"))
    MonumentFactory(installed="2019", sponsor=cossacks, form="statue")
    MonumentFactory(installed="2020-05-01", sponsor=kprf, origin="soviet_restoration")
    MonumentFactory(installed=False, sponsor=kprf)  # year unknown
    MonumentFactory(installed="2019", sponsor=kprf, state=State.DRAFT)  # never counted


def rows(response) -> list[dict]:
    assert response.status_code == 200, response.content
    return response.json()["results"]


def test_counts_per_year(client, records):
    response = client.get(API + "stats/", {"group_by": "year"})
    assert [(row["year"], row["count"]) for row in rows(response)] == [
        (2019, 3), (2020, 1), (None, 1)]
    assert response.json()["total"] == 5


def test_counts_per_year_and_sponsor_category_with_filters(client, records):
    response = client.get(API + "stats/", {"group_by": "year,sponsor_category",
                                           "origin": "new,soviet_replica"})
    assert [(row["year"], row["sponsor_category"], row["count"]) for row in rows(response)] == [
        (2019, "cossack", 1), (2019, "kprf", 2), (None, "kprf", 1)]


@pytest.mark.parametrize("dimension", list(stats.DIMENSIONS))
def test_every_dimension_can_be_counted(client, records, dimension):
    counted = rows(client.get(API + "stats/", {"group_by": dimension}))
    assert sum(row["count"] for row in counted) == 5


def test_each_count_links_to_exactly_the_records_behind_it(client, records):
    for group_by in ("year", "year,sponsor_category", "month,year", "region,form", "origin"):
        for row in rows(client.get(API + "stats/", {"group_by": group_by, "country": "RU"})):
            if row["records"] is None:
                continue
            listed = client.get(row["records"]).json()
            assert listed["count"] == row["count"], (group_by, row)


def test_a_dimension_that_no_filter_can_express_has_no_link(client, records):
    by_year = rows(client.get(API + "stats/", {"group_by": "year"}))
    assert by_year[-1]["year"] is None and by_year[-1]["records"] is None
    assert all(row["records"] is None
               for row in rows(client.get(API + "stats/", {"group_by": "actor"})))


def test_stats_as_csv(client, records):
    response = client.get(API + "stats/", {"group_by": "year", "format": "csv"})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="stats-year.csv"' in response["Content-Disposition"]
    table = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [(row["year"], row["count"]) for row in table] == [
        ("2019", "3"), ("2020", "1"), ("", "1")]


def test_an_empty_table_as_csv_still_has_its_header(client):
    response = client.get(API + "stats/", {"group_by": "year,form", "format": "csv"})
    assert response.content.decode().strip() == "year,form,count,records"


@pytest.mark.parametrize("params", [
    {}, {"group_by": ""}, {"group_by": "colour"}, {"group_by": "year,form,status"},
    {"group_by": "year,year"},
])
def test_a_bad_group_by_is_a_400(client, params):
    response = client.get(API + "stats/", params)
    assert response.status_code == 400
    assert error_fields(response) == ["group_by"]


def test_a_bad_filter_is_a_400_naming_it(client):
    response = client.get(API + "stats/", {"group_by": "year", "region": "XX-YY"})
    assert response.status_code == 400
    assert error_fields(response) == ["region"]
