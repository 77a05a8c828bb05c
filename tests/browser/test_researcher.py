"""A researcher's path through the registry in a real browser: search, filter by region and
sponsor category, open a record, see its sources and map, read it in Russian, download the
CSV; and the map with one marker per filtered record."""

import io
import re
from pathlib import Path

import pandas
import pytest
from playwright.sync_api import expect

from registry.choices import ActorCategory
from registry.models import Citation
from tests.browser.conftest import BROWSER_DB
from tests.factories import ActorFactory, MonumentFactory, SourceFactory, region

pytestmark = [pytest.mark.browser, BROWSER_DB]


@pytest.fixture
def registry(db):
    committee = ActorFactory(slug="kprf-novosibirsk-obkom", name_en="KPRF Novosibirsk committee",
                             name_ru="Новосибирский обком КПРФ", category=ActorCategory.KPRF)
    target = MonumentFactory(
        name_en="Stalin bust in the KPRF committee courtyard, Novosibirsk",
        name_ru="Бюст Сталина во дворе обкома КПРФ, Новосибирск",
        settlement_en="Novosibirsk", settlement_ru="Новосибирск", region=region("RU-NVS"),
        latitude="55.030200", longitude="82.920400", coordinate_precision="exact",
        installed="2019-05-09", sponsor=committee, cited=False,
    )
    source = SourceFactory(title="В Новосибирске открыли бюст Сталина", outlet="NGS.ru",
                           url="https://ngs.example/stalin-bust")
    Citation.objects.create(monument=target, source=source,
                            quote="Бюст Сталина установили во дворе обкома КПРФ.")
    # Same region, other sponsor; same sponsor category, other region; and a draft.
    MonumentFactory(name_en="Novosibirsk business bust", region=region("RU-NVS"),
                    settlement_en="Novosibirsk", sponsor__category=ActorCategory.BUSINESS)
    MonumentFactory(name_en="Vologda KPRF bust", sponsor__category=ActorCategory.KPRF)
    MonumentFactory(name_en="Novosibirsk draft bust", region=region("RU-NVS"),
                    settlement_en="Novosibirsk", state="draft")
    return {"target": target}


def result_names(page) -> list[str]:
    return [name.strip() for name in page.locator(".results .result__name a").all_inner_texts()]


def test_a_researcher_finds_reads_translates_and_downloads_a_record(live_server, page,
                                                                   registry):
    target = registry["target"]
    page.goto(f"{live_server.url}/en/monuments/")
    page.get_by_label("Search", exact=True).fill("Novosibirsk")
    page.get_by_label("Region", exact=True).select_option("RU-NVS")
    page.locator("summary", has_text="Sponsor category").click()
    page.get_by_label("KPRF", exact=True).check()
    page.get_by_role("button", name="Apply filters").click()

    expect(page.locator("#results-heading")).to_have_text("1 record matches")
    assert re.search(r"q=Novosibirsk", page.url)
    assert "region=RU-NVS" in page.url and "sponsor_category=kprf" in page.url
    assert result_names(page) == [target.name_en]
    browse_url = page.url

    page.get_by_role("link", name=target.name_en).click()
    expect(page.locator("h1")).to_have_text(target.name_en)
    sources = page.locator("ol.sources")
    expect(sources).to_contain_text("В Новосибирске открыли бюст Сталина")
    expect(sources).to_contain_text("Бюст Сталина установили во дворе обкома КПРФ.")
    expect(sources.get_by_role("link", name="Original")).to_have_attribute(
        "href", "https://ngs.example/stalin-bust")
    expect(page.locator("#record-map .leaflet-marker-icon")).to_have_count(1)

    page.locator(".language-switch").get_by_role("link", name="Русский").click()
    expect(page.locator("h1")).to_have_text(target.name_ru)
    assert page.url == f"{live_server.url}/ru/monuments/{target.public_id}/{target.slug}/"
    expect(page.locator("html")).to_have_attribute("lang", "ru")

    page.goto(browse_url)
    with page.expect_download() as download_info:
        page.get_by_role("link", name="CSV").click()
    download = download_info.value
    assert download.suggested_filename.startswith("stalin-monuments-")
    frame = pandas.read_csv(io.BytesIO(Path(download.path()).read_bytes()), dtype=str,
                            keep_default_na=False)
    assert list(frame["name_ru"]) == [target.name_ru]
    assert list(frame["region_code"]) == ["RU-NVS"]


@pytest.fixture
def mapped(db):
    vologda = [MonumentFactory(name_en=f"Vologda bust {n}", latitude=f"59.{20 + n}",
                               longitude="39.89") for n in range(5)]
    penza = [MonumentFactory(name_en=f"Penza bust {n}", region=region("RU-PNZ"),
                             latitude=f"53.{10 + n}", longitude="45.00") for n in range(3)]
    MonumentFactory.create_batch(2)  # no coordinates
    MonumentFactory(state="draft", latitude="59.5", longitude="39.9")
    return {"vologda": vologda, "penza": penza}


def markers(page):
    expect(page.locator("#records-map")).to_have_attribute("data-markers", re.compile(r"\d+"))
    return page.locator("#records-map .leaflet-marker-icon")


def test_the_map_shows_one_marker_per_filtered_record(live_server, page, mapped):
    page.goto(f"{live_server.url}/en/map/")
    expect(markers(page)).to_have_count(8)
    expect(page.locator("#map-status")).to_have_text("8 markers shown.")
    # The marker images come from the app's static files.
    assert markers(page).first.evaluate("image => image.complete && image.naturalWidth > 0")

    page.goto(f"{live_server.url}/en/map/?region=RU-VLG")
    expect(markers(page)).to_have_count(5)

    page.goto(f"{live_server.url}/en/map/?region=RU-PNZ")
    expect(markers(page)).to_have_count(3)
    markers(page).first.click()
    popup_link = page.locator(".leaflet-popup-content a")
    expect(popup_link).to_have_text(re.compile(r"Penza bust \d"))
    popup_link.click()
    expect(page.locator("h1")).to_have_text(re.compile(r"Penza bust \d"))


def test_the_map_filter_form_changes_the_markers(live_server, page, mapped):
    page.goto(f"{live_server.url}/en/map/")
    expect(markers(page)).to_have_count(8)
    page.get_by_label("Region", exact=True).select_option("RU-PNZ")
    page.get_by_role("button", name="Apply filters").click()
    expect(markers(page)).to_have_count(3)
    assert page.url.endswith("/en/map/?region=RU-PNZ")


def test_browsing_works_without_javascript(live_server, chromium, mapped):
    context = chromium.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(f"{live_server.url}/en/monuments/")
        page.get_by_label("Region", exact=True).select_option("RU-PNZ")
        page.get_by_role("button", name="Apply filters").click()
        expect(page.locator("#results-heading")).to_have_text("3 records match")
        page.goto(f"{live_server.url}/en/stats/")
        expect(page.locator("#per-year-table")).to_be_visible()
        page.goto(f"{live_server.url}/en/map/")
        expect(page.get_by_text("The map needs JavaScript")).to_be_visible()
    finally:
        context.close()
