"""Parity: the API and the public pages give the same records and the same numbers for the same
parameters, on the real dataset.

The browse page is read through HTTP, page by page. The statistics page's own tables are
checked against `registry.stats` by tests/test_pages_stats.py; here `stats/` is checked
against the same module, so the two agree through it.
"""

import datetime as dt
import re

import pytest

from registry import stats
from registry.filters import MonumentFilterSet, filterset_for
from registry.models import Monument
from tests.api_support import API, api_settings  # noqa: F401
from tests.pagetools import html

# One load of the real dataset per test: the cases of a test are subtests.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("api_settings", "real_records")]

TODAY = dt.datetime.now(dt.UTC).date().isoformat()

PARAMETERS = [
    {},
    {"q": "Сталин"},
    {"q": "Novosibirsk"},
    {"country": "RU"},
    {"controlled_by": "RU"},
    {"region": "RU-NVS,RU-KYA,RU-TA"},
    {"settlement": "Москва"},
    {"actor": "kprf"},
    {"sponsor_category": "kprf"},
    {"sponsor_category": "individual,public_association"},
    {"form": "bust"},
    {"status": "standing,damaged"},
    {"setting": "party_office"},
    {"origin": "new,soviet_replica"},
    {"year_min": "2015", "year_max": "2025"},
    {"installed_after": "2020-01-01"},
    {"installed_before": "2010-12-31"},
    {"bbox": "30,40,60,70"},
    {"near": "55.75,37.62", "radius_km": "300"},
    {"has_coordinates": "true"},
    {"updated_since": "2000-01-01T00:00:00Z"},
    {"ordering": "name"},
    {"ordering": "-installed"},
    {"form": "bust", "origin": "new", "year_min": "2000", "ordering": "region"},
    {"actor": "kprf", "has_coordinates": "false"},
    {"dataset": "parity-study"},
    {"not_in_dataset": "parity-study", "form": "bust"},
    {"as_of": TODAY},  # from history: the same records as today's table
    {"as_of": "2025-01-01", "region": "RU-NVS"},
]


@pytest.fixture(autouse=True)
def study(real_records):
    """A published study that counts a few of the real records."""
    from tests.factories import DatasetEntryFactory, DatasetFactory

    dataset = DatasetFactory(slug="parity-study")
    for monument in Monument.objects.published().order_by("public_id")[:5]:
        DatasetEntryFactory(dataset=dataset, monument=monument)
    return dataset


def browse_page_ids(client, params: dict) -> list[int]:
    """What the browse page lists for these parameters, every page of it, in order."""
    ids, number = [], 1
    while True:
        response = client.get("/en/monuments/", {**params, "page": number})
        assert response.status_code == 200, response.content[:500]
        links = html(response).select(".results .result__name a")
        ids += [int(re.search(r"/monuments/(\d+)/", link["href"]).group(1)) for link in links]
        if not html(response).select_one("a[rel=next]"):
            return ids
        number += 1


def statistics_page_counts(client, params: dict, group_by: list[str]) -> list[dict]:
    """What the statistics page counts for these parameters (see the module docstring)."""
    filterset = filterset_for(params)
    assert filterset.is_valid(), filterset.errors
    return stats.count_by(filterset.qs, group_by)


def test_browse_page_and_api_list_the_same_records_in_the_same_order(client, subtests):
    for params in PARAMETERS:
        with subtests.test(params=params):
            api = client.get(API + "monuments/", {**params, "page_size": 1000})
            assert api.status_code == 200, api.content
            api_ids = [row["public_id"] for row in api.json()["results"]]
            assert api_ids == browse_page_ids(client, params)
            assert api.json()["count"] == len(api_ids)


def test_the_parameters_cover_every_filter():
    used = {name for params in PARAMETERS for name in params}
    assert used == set(MonumentFilterSet.base_filters)


GROUPINGS = [["year"], ["year", "sponsor_category"], ["region"], ["form", "status"], ["actor"],
             ["month", "year"]]
STATS_PARAMETERS = [{}, {"origin": "new,soviet_replica"}, {"country": "RU", "year_min": "1995"},
                    {"as_of": TODAY, "origin": "new"}]


def test_statistics_page_and_api_give_the_same_numbers(client, subtests):
    for group_by in GROUPINGS:
        for params in STATS_PARAMETERS:
            with subtests.test(group_by=group_by, params=params):
                api = client.get(API + "stats/", {**params, "group_by": ",".join(group_by)})
                assert api.status_code == 200, api.content
                counts = [{key: value for key, value in row.items() if key != "records"}
                          for row in api.json()["results"]]
                assert counts == statistics_page_counts(client, params, group_by)


def test_the_exports_hold_the_same_records_as_the_list(client):
    params = {"origin": "new,soviet_replica", "has_coordinates": "true"}
    listed = [row["public_id"] for row in client.get(
        API + "monuments/", {**params, "page_size": 1000}).json()["results"]]
    text = b"".join(client.get(API + "monuments/", {**params, "format": "csv"})
                    .streaming_content).decode()
    exported = [int(line.split(",", 1)[0]) for line in text.splitlines()[1:]]
    assert exported == listed
