"""actors/, regions/ and sources/: list and detail, each linking to its monuments; nothing that
only drafts mention is public."""

import pytest

from registry.choices import State
from tests.api_support import (  # noqa: F401
    API,
    api_settings,
    error_fields,
    results,
    token_client,
    user_with_role,
)
from tests.factories import ActorFactory, MonumentFactory, SourceFactory, region

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("api_settings")]


@pytest.fixture
def kprf_family():
    party = ActorFactory(slug="kprf", name_en="KPRF")
    committee = ActorFactory(slug="kprf-vologda", name_en="KPRF Vologda", parent=party)
    MonumentFactory(sponsor=committee)
    MonumentFactory(sponsor=committee, region=region("RU-NVS"))
    secret = ActorFactory(slug="only-in-a-draft", name_en="Only in a draft")
    MonumentFactory(sponsor=secret, state=State.DRAFT)
    return party, committee


# -- Actors -----------------------------------------------------------------------------------

def test_actors_on_published_records_and_their_parents_are_listed(client, kprf_family):
    slugs = [row["slug"] for row in results(client.get(API + "actors/"))]
    assert slugs == ["kprf", "kprf-vologda"]


def test_an_actor_named_only_on_drafts_is_not_public(client, kprf_family):
    assert client.get(API + "actors/only-in-a-draft/").status_code == 404
    curator = token_client(user_with_role("curator"))
    assert curator.get(API + "actors/only-in-a-draft/").status_code == 200


def test_an_actor_links_to_its_monuments_and_counts_them_as_the_link_does(client, kprf_family):
    actor = client.get(API + "actors/kprf/").json()
    assert actor["children"] == ["kprf-vologda"]
    assert actor["monument_count"] == 2  # through its committee
    listed = client.get(actor["monuments_url"]).json()
    assert listed["count"] == actor["monument_count"]
    committee = client.get(API + "actors/kprf-vologda/").json()
    assert committee["parent"] == "kprf"


# -- Regions ----------------------------------------------------------------------------------

def test_regions_are_listed_with_their_published_monuments(client, kprf_family):
    rows = {row["code"]: row for row in results(client.get(API + "regions/",
                                                           {"country": "RU",
                                                            "page_size": 1000}))}
    assert rows["RU-VLG"]["monument_count"] == 1  # the draft is not counted
    assert rows["RU-NVS"]["monument_count"] == 1
    assert all(code.startswith("RU-") for code in rows)
    assert client.get(rows["RU-NVS"]["monuments_url"]).json()["count"] == 1


def test_a_region_by_its_code_in_any_case(client):
    assert client.get(API + "regions/ru-vlg/").json()["name_en"] == "Vologda Oblast"


def test_an_unknown_country_is_a_400(client):
    response = client.get(API + "regions/", {"country": "XX"})
    assert response.status_code == 400
    assert error_fields(response) == ["country"]


# -- Sources ----------------------------------------------------------------------------------

def test_sources_cited_by_published_records_are_listed_with_the_records_and_quotes(client):
    monument = MonumentFactory(name_en="Bust, Vologda")
    cited = monument.citations.get().source
    draft_only = MonumentFactory(state=State.DRAFT).citations.get().source
    SourceFactory()  # not cited at all
    listed = [row["id"] for row in results(client.get(API + "sources/"))]
    assert listed == [cited.pk]
    detail = client.get(API + f"sources/{cited.pk}/").json()
    assert detail["citations"] == [{
        "monument": monument.public_id, "monument_name_en": "Bust, Vologda",
        "monument_url": f"http://testserver/api/v1/monuments/{monument.public_id}/",
        "claim": "existence", "quote": "Памятник Сталину открыли.", "locator": "",
    }]
    assert client.get(API + f"sources/{draft_only.pk}/").status_code == 404


@pytest.mark.parametrize("path", ["actors/", "regions/", "sources/"])
def test_reference_lists_page_like_monuments(client, kprf_family, path):
    first = client.get(API + path, {"page_size": 1}).json()
    assert first["count"] >= 1 and len(first["results"]) == 1
    walked = client.get(API + path, {"page_size": 1, "cursor": ""}).json()
    assert len(walked["results"]) == 1
