"""The map page and its data: the filtered records as markers, Leaflet served by the app, tiles
from the configured server, nothing from a CDN."""

import json
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders

from registry.choices import State
from tests.factories import MonumentFactory, region
from tests.pagetools import html, query, streamed, text

pytestmark = pytest.mark.django_db

MAP = "/en/map/"
MAP_DATA = "/en/map/data.geojson"


@pytest.fixture
def points(db):
    return [
        MonumentFactory(name_en="Vologda statue", name_ru="Памятник в Вологде",
                        settlement_ru="Вологда", latitude="59.220000", longitude="39.890000",
                        installed="2024-12-21"),
        MonumentFactory(name_en="Penza bust", region=region("RU-PNZ"), latitude="53.200000",
                        longitude="45.000000"),
        MonumentFactory(name_en="Somewhere", region=region("RU-PNZ")),
    ]


def features(response) -> list[dict]:
    assert response.status_code == 200
    assert response["Content-Type"] == "application/geo+json"
    return json.loads(streamed(response))["features"]


def test_map_data_has_one_marker_per_published_record_with_coordinates(client, points):
    MonumentFactory(state=State.DRAFT, latitude="55.0", longitude="37.0")
    found = features(client.get(MAP_DATA))
    assert sorted(feature["id"] for feature in found) == sorted(m.public_id for m in points[:2])


def test_a_marker_carries_its_popup_name_place_year_and_link(client, points):
    vologda = next(f for f in features(client.get(MAP_DATA)) if f["id"] == points[0].public_id)
    assert vologda["geometry"] == {"type": "Point", "coordinates": [39.89, 59.22]}
    assert vologda["properties"] == {"name": "Vologda statue", "settlement": "Vologda",
                                     "year": 2024, "url": points[0].get_absolute_url()}


def test_russian_map_data_names_records_in_russian_and_links_to_russian_pages(client, points):
    vologda = next(f for f in features(client.get("/ru/map/data.geojson"))
                   if f["id"] == points[0].public_id)
    assert vologda["properties"]["name"] == "Памятник в Вологде"
    assert vologda["properties"]["settlement"] == "Вологда"
    assert vologda["properties"]["url"].startswith("/ru/monuments/")


def test_map_data_follows_the_browse_filters(client, points):
    found = features(client.get(MAP_DATA, {"region": "RU-PNZ"}))
    assert [feature["id"] for feature in found] == [points[1].public_id]


def test_wrong_filters_give_a_json_400_naming_the_field(client):
    response = client.get(MAP_DATA, {"region": "nowhere"})
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["region"]


def test_the_map_page_fetches_the_data_of_its_own_filters(client, points):
    response = client.get(MAP, {"region": "RU-PNZ", "form": "bust"})
    assert response.status_code == 200
    the_map = html(response).select_one("#records-map")
    assert the_map["data-url"].startswith(MAP_DATA)
    assert query(the_map["data-url"]) == {"region": ["RU-PNZ"], "form": ["bust"]}
    assert "2 records match; 1 of them has coordinates and is on the map." in text(response)


def test_the_map_page_says_what_to_do_without_javascript(client, points):
    # Shown by the server, removed by the map's script once it runs.
    fallback = html(client.get(MAP)).select_one("#map-fallback")
    assert "The map needs JavaScript" in fallback.get_text()
    assert fallback.find("a", string="list")["href"] == "/en/monuments/"


def test_tiles_and_attribution_come_from_the_settings(client, settings):
    settings.MAP_TILE_URL = "https://tiles.example.org/{z}/{x}/{y}.png"
    settings.MAP_TILE_ATTRIBUTION = "© Example tiles"
    the_map = html(client.get(MAP)).select_one("#records-map")
    assert the_map["data-tile-url"] == "https://tiles.example.org/{z}/{x}/{y}.png"
    assert the_map["data-attribution"] == "© Example tiles"


def test_the_map_page_shows_wrong_filters_instead_of_a_map(client):
    response = client.get(MAP, {"year_min": "soon"})
    assert response.status_code == 400
    assert html(response).select_one("#records-map") is None
    assert "First installed from (year)" in html(response).select_one("#filter-errors").text


def test_leaflet_is_served_by_the_app(client):
    for name in ("leaflet/leaflet.js", "leaflet/leaflet.css", "leaflet/images/marker-icon.png",
                 "registry/map.js", "registry/site.css"):
        assert finders.find(name), name
    page_html = html(client.get(MAP))
    assets = [tag.get("src") or tag.get("href")
              for tag in page_html.select("script[src], link[rel=stylesheet]")]
    assert "/static/leaflet/leaflet.js" in assets and "/static/leaflet/leaflet.css" in assets
    assert all(asset.startswith("/static/") for asset in assets), assets


# An address on a CDN host (comments that say "no CDN" are fine).
CDN_HOSTS = re.compile(r"(https?:)?//[\w.-]*(cdn|unpkg\.com|jsdelivr|googleapis|gstatic)",
                       re.IGNORECASE)


def test_no_asset_comes_from_a_cdn_anywhere_in_the_project():
    base = Path(settings.BASE_DIR)
    files = [*base.glob("templates/**/*.html"), *base.glob("static/**/*.*"),
             *base.glob("registry/**/*.py"), *base.glob("api/**/*.py")]
    offenders = [str(path) for path in files if CDN_HOSTS.search(path.read_text(errors="ignore"))]
    assert offenders == []
