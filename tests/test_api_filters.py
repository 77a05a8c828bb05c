"""monuments/ filters through HTTP: every parameter of MonumentFilterSet, combinations, and bad
values (a 400 naming the parameter, never a 500, never silently ignored)."""

import datetime as dt

import pytest
import time_machine

from registry.choices import ActorCategory, State
from registry.filters import MonumentFilterSet
from tests.api_support import API, api_settings, error_fields, ids  # noqa: F401
from tests.factories import ActorFactory, MonumentFactory, region

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("api_settings")]


@pytest.fixture
def records() -> dict[str, int]:
    """Four published records that differ in every filtered field, and a draft."""
    kprf = ActorFactory(slug="kprf", name_en="KPRF")
    committee = ActorFactory(slug="kprf-vologda", name_en="KPRF Vologda committee", parent=kprf)
    cossacks = ActorFactory(slug="siberian-cossacks", name_en="Siberian Cossacks",
                            category=ActorCategory.COSSACK)
    veteran = ActorFactory(slug="a-veteran", name_en="A veteran",
                           category=ActorCategory.INDIVIDUAL)
    with time_machine.travel(dt.datetime(2024, 1, 10, tzinfo=dt.UTC)):
        vologda = MonumentFactory(
            name_en="Stalin bust, Vologda", name_ru="Бюст Сталина в Вологде", form="bust",
            status="standing", setting="public_space", origin="new", sponsor=committee,
            settlement_en="Vologda", settlement_ru="Вологда", installed="2019-05-09",
            latitude="59.220000", longitude="39.890000")
        novosibirsk = MonumentFactory(
            name_en="Stalin statue, Novosibirsk", name_ru="Памятник Сталину в Новосибирске",
            form="statue", status="removed", setting="party_office", origin="soviet_replica",
            sponsor=cossacks, region=region("RU-NVS"), settlement_en="Novosibirsk",
            settlement_ru="Новосибирск", installed="2015", latitude="55.030000",
            longitude="82.920000")
    with time_machine.travel(dt.datetime(2025, 3, 1, tzinfo=dt.UTC)):
        crimea = MonumentFactory(
            name_en="Restored Stalin bust, Simferopol", name_ru="Бюст Сталина в Симферополе",
            form="bust", status="standing", setting="cemetery", origin="soviet_restoration",
            sponsor=veteran, country="UA", controlled_by="RU", region=region("UA-43"),
            settlement_en="Simferopol", settlement_ru="Симферополь", installed="2005~")
        undated = MonumentFactory(
            name_en="Stalin plaque, Vologda", form="plaque_text", status="unknown",
            origin="new", installed=False, sponsor=False, sponsor_unknown=True,
            settlement_en="Vologda", settlement_ru="Вологда")
        MonumentFactory(state=State.DRAFT, name_en="Draft Stalin bust, Vologda", sponsor=kprf)
    return {"vologda": vologda.public_id, "novosibirsk": novosibirsk.public_id,
            "crimea": crimea.public_id, "undated": undated.public_id}


def found(client, records, **params) -> set[str]:
    by_id = {public_id: name for name, public_id in records.items()}
    return {by_id[public_id] for public_id in ids(client.get(API + "monuments/", params))}


ALL = {"vologda", "novosibirsk", "crimea", "undated"}


@pytest.mark.parametrize(("params", "expected"), [
    ({}, ALL),
    ({"q": "Novosibirsk"}, {"novosibirsk"}),
    ({"q": "новосибирске"}, {"novosibirsk"}),
    ({"q": "Vologda"}, {"vologda", "undated"}),
    ({"country": "UA"}, {"crimea"}),
    ({"country": "ru,ua"}, ALL),
    ({"controlled_by": "RU"}, {"crimea"}),
    ({"region": "RU-NVS"}, {"novosibirsk"}),
    ({"region": "RU-NVS,UA-43"}, {"novosibirsk", "crimea"}),
    ({"settlement": "вологда"}, {"vologda", "undated"}),
    ({"settlement": "Simfer"}, {"crimea"}),
    ({"actor": "kprf"}, {"vologda"}),
    ({"actor": "kprf-vologda"}, {"vologda"}),
    ({"actor": "siberian-cossacks,a-veteran"}, {"novosibirsk", "crimea"}),
    ({"sponsor_category": "kprf"}, {"vologda"}),
    ({"sponsor_category": "cossack,individual"}, {"novosibirsk", "crimea"}),
    ({"sponsor_category": "unknown"}, {"undated"}),
    ({"form": "bust"}, {"vologda", "crimea"}),
    ({"form": "statue,plaque_text"}, {"novosibirsk", "undated"}),
    ({"status": "removed"}, {"novosibirsk"}),
    ({"setting": "cemetery,party_office"}, {"crimea", "novosibirsk"}),
    ({"origin": "new,soviet_replica"}, {"vologda", "novosibirsk", "undated"}),
    ({"origin": "soviet_restoration"}, {"crimea"}),
    ({"year_min": "2016"}, {"vologda"}),
    ({"year_max": "2015"}, {"novosibirsk", "crimea"}),  # "2005~" is known to the year
    ({"year_min": "2015", "year_max": "2019"}, {"vologda", "novosibirsk"}),
    ({"installed_after": "2019-01-01"}, {"vologda"}),
    ({"installed_before": "2015-12-31"}, {"novosibirsk", "crimea"}),
    ({"installed_after": "2015-01-01", "installed_before": "2015-12-31"}, {"novosibirsk"}),
    ({"bbox": "30,50,60,70"}, {"vologda"}),
    ({"bbox": "30,50,90,70"}, {"vologda", "novosibirsk"}),
    ({"near": "59.2,39.9"}, {"vologda"}),
    ({"near": "59.2,39.9", "radius_km": "5000"}, {"vologda", "novosibirsk"}),
    ({"has_coordinates": "true"}, {"vologda", "novosibirsk"}),
    ({"has_coordinates": "false"}, {"crimea", "undated"}),
    ({"updated_since": "2025-01-01T00:00:00Z"}, {"crimea", "undated"}),
    ({"updated_since": "2025-01-01T00:00:00+03:00"}, {"crimea", "undated"}),
    # combinations
    ({"region": "RU-VLG", "form": "bust"}, {"vologda"}),
    ({"country": "RU", "has_coordinates": "false"}, {"undated"}),
    ({"q": "Stalin", "origin": "new", "year_min": "2010"}, {"vologda"}),
    ({"sponsor_category": "kprf,cossack", "bbox": "30,50,60,70"}, {"vologda"}),
    ({"form": "bust", "status": "removed"}, set()),
])
def test_each_filter_and_combination_finds_exactly_its_records(client, records, params,
                                                                 expected):
    assert found(client, records, **params) == expected


def test_repeated_parameters_work_like_commas(client, records):
    response = client.get(API + "monuments/?region=RU-NVS&region=UA-43")
    assert {records["novosibirsk"], records["crimea"]} == set(ids(response))


@pytest.mark.parametrize(("ordering", "expected"), [
    ("installed", ["crimea", "novosibirsk", "vologda", "undated"]),
    ("-installed", ["vologda", "novosibirsk", "crimea", "undated"]),
    ("name", ["crimea", "vologda", "undated", "novosibirsk"]),
    ("-id", ["undated", "crimea", "novosibirsk", "vologda"]),
])
def test_ordering(client, records, ordering, expected):
    by_id = {public_id: name for name, public_id in records.items()}
    response = client.get(API + "monuments/", {"ordering": ordering})
    assert [by_id[public_id] for public_id in ids(response)] == expected


def test_without_ordering_the_newest_installations_come_first(client, records):
    by_id = {public_id: name for name, public_id in records.items()}
    assert [by_id[i] for i in ids(client.get(API + "monuments/"))] == [
        "vologda", "novosibirsk", "crimea", "undated"]


@pytest.mark.parametrize(("params", "field"), [
    ({"country": "XX"}, "country"),
    ({"controlled_by": "RUS"}, "controlled_by"),
    ({"region": "RU-VLG,XX-YY"}, "region"),
    ({"actor": "nobody"}, "actor"),
    ({"sponsor_category": "aliens"}, "sponsor_category"),
    ({"form": "castle"}, "form"),
    ({"status": "gone"}, "status"),
    ({"setting": "moon"}, "setting"),
    ({"origin": "ancient"}, "origin"),
    ({"year_min": "abc"}, "year_min"),
    ({"year_min": "1800"}, "year_min"),
    ({"year_max": "3000"}, "year_max"),
    ({"installed_after": "2019-13-01"}, "installed_after"),
    ({"installed_before": "yesterday"}, "installed_before"),
    ({"bbox": "1,2,3"}, "bbox"),
    ({"bbox": "200,0,0,0"}, "bbox"),
    ({"bbox": "60,50,30,70"}, "bbox"),
    ({"bbox": "a,b,c,d"}, "bbox"),
    ({"near": "91,0"}, "near"),
    ({"near": "55"}, "near"),
    ({"near": "55,37", "radius_km": "-1"}, "radius_km"),
    ({"near": "55,37", "radius_km": "NaN"}, "radius_km"),
    ({"has_coordinates": "maybe"}, "has_coordinates"),
    ({"updated_since": "last week"}, "updated_since"),
    ({"ordering": "colour"}, "ordering"),
    ({"region": "RU-VLG\x00"}, "region"),
    ({"country": "R%"}, "country"),
    ({"regoin": "RU-VLG"}, "regoin"),  # a typo is an error, not "no filter"
])
def test_a_bad_filter_value_is_a_400_naming_the_parameter(client, records, params, field):
    response = client.get(API + "monuments/", params)
    assert response.status_code == 400, response.content
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert body["status"] == 400
    assert field in [error["field"] for error in body["errors"]]
    assert all(error["reason"] for error in body["errors"])


def test_every_bad_parameter_is_reported_at_once(client, records):
    response = client.get(API + "monuments/", {"form": "castle", "region": "XX-YY"})
    assert set(error_fields(response)) == {"form", "region"}


def test_the_filters_are_the_ones_of_the_shared_filterset():
    from rest_framework.request import Request
    from rest_framework.test import APIRequestFactory

    from api.views import MonumentViewSet
    from registry.filters import AsOfMonumentFilterSet

    def filterset_class(query: str):
        view = MonumentViewSet(action="list")
        view.request = Request(APIRequestFactory().get(f"/api/v1/monuments/{query}"))
        return view.filterset_class

    assert filterset_class("") is MonumentFilterSet
    # The same filters over the registry as of a past day (registry/asof.py).
    assert filterset_class("?as_of=2025-01-01") is AsOfMonumentFilterSet
    assert issubclass(AsOfMonumentFilterSet, MonumentFilterSet)
