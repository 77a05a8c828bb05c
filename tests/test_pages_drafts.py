"""Drafts never leak: a record that is not published appears nowhere public (design,
"Security"; issue item 9) — not listed, not found, not counted, not mapped, not exported."""

import pytest

from registry.choices import State
from registry.models import Citation
from tests.factories import ActorFactory, MonumentFactory, SourceFactory, region
from tests.pagetools import html, streamed

pytestmark = pytest.mark.django_db

HIDDEN_NAME = "Hiddenrecord bust"
HIDDEN_RU = "Скрытыйзапись бюст"


@pytest.fixture(params=[State.DRAFT, State.IN_REVIEW, State.RETIRED])
def registry(request, db):
    actor = ActorFactory(slug="shared-actor", name_en="Shared actor")
    source = SourceFactory(title="Shared source")
    visible = MonumentFactory(name_en="Visible bust", sponsor=actor, region=region("RU-PNZ"),
                              latitude="53.2", longitude="45.0", installed="2019", cited=False)
    hidden = MonumentFactory(name_en=HIDDEN_NAME, name_ru=HIDDEN_RU, sponsor=actor,
                             region=region("RU-PNZ"), latitude="53.3", longitude="45.1",
                             installed="2019", state=request.param, cited=False)
    for monument in (visible, hidden):
        Citation.objects.create(monument=monument, source=source, quote="Цитата")
    return {"visible": visible, "hidden": hidden, "actor": actor, "source": source}


def assert_hidden(body: str, hidden) -> None:
    assert HIDDEN_NAME not in body
    assert HIDDEN_RU not in body
    assert f"/monuments/{hidden.public_id}/" not in body


@pytest.mark.parametrize("url", [
    "/en/", "/ru/", "/en/monuments/", "/en/monuments/?q=Hiddenrecord",
    "/en/monuments/?q=Скрытыйзапись", "/en/monuments/?region=RU-PNZ", "/en/map/",
    "/en/map/data.geojson", "/en/stats/", "/en/actors/", "/en/actors/shared-actor/",
    "/en/regions/", "/en/regions/RU-PNZ/", "/en/sources/", "/en/monuments/download.csv",
    "/en/monuments/download.geojson", "/en/about/",
])
def test_an_unpublished_record_is_on_no_public_page(client, registry, url):
    response = client.get(url)
    assert response.status_code == 200
    assert_hidden(streamed(response).decode(), registry["hidden"])


def test_nor_on_its_source_page(client, registry):
    response = client.get(registry["source"].get_absolute_url())
    assert_hidden(response.content.decode(), registry["hidden"])


def test_nor_by_its_address(client, registry):
    hidden = registry["hidden"]
    assert client.get(hidden.get_absolute_url()).status_code == 404
    assert client.get(f"/en/monuments/{hidden.public_id}/").status_code == 404
    assert client.get(f"/ru/monuments/{hidden.public_id}/").status_code == 404


def test_nor_in_any_count(client, registry):
    assert html(client.get("/en/")).select_one("#published-count").text.strip() == "1"
    assert html(client.get("/en/stats/")).select_one("#total-count").text.strip() == "1"
    per_year = html(client.get("/en/stats/")).select_one(
        '#per-year-table tr[data-year="2019"] td[data-total] [data-count]')
    assert per_year.text.strip() == "1"
    actor_page = html(client.get("/en/actors/shared-actor/"))
    assert actor_page.select_one("#actor-total").text.strip() == "1"
    region_page = html(client.get("/en/regions/RU-PNZ/"))
    assert region_page.select_one("#region-total").text.strip() == "1"
    map_page = client.get("/en/map/").content.decode()
    assert "1 record matches; 1 of them has coordinates" in " ".join(map_page.split())
