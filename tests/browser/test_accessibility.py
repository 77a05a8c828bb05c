"""Accessibility in a real browser: axe-core finds no serious or critical violation on the main
pages in either language; the pages fit a phone's width; keyboard focus is visible."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from registry.models import Citation, Event
from tests.browser.conftest import BROWSER_DB
from tests.factories import ActorFactory, MonumentFactory, SourceFactory, region

pytestmark = [pytest.mark.browser, BROWSER_DB]

SERIOUS = {"serious", "critical"}


@pytest.fixture
def record(db):
    """A record with everything a page can show, among a few others."""
    committee = ActorFactory(slug="kprf-penza-obkom", name_en="KPRF Penza regional committee",
                             name_ru="Пензенский обком КПРФ", parent=ActorFactory(slug="kprf"))
    monument = MonumentFactory(
        name_en="Stalin bust at the Penza KPRF committee",
        name_ru="Бюст Сталина у обкома КПРФ в Пензе", region=region("RU-PNZ"),
        settlement_en="Penza", settlement_ru="Пенза", latitude="53.195000",
        longitude="45.018000", coordinate_precision="photo", sponsor=committee,
        description_en="A bust.", wikidata_id="Q4115189", osm_id="node/1", cited=False,
    )
    Event.objects.create(monument=monument, kind="relocated", date="2015")
    source = SourceFactory(title="В Пензе открыли бюст", archived_url="https://web.archive.org/x",
                           derivative=True)
    Citation.objects.create(monument=monument, source=source, quote="Бюст открыли.")
    for year, category in [("2005", "kprf"), ("2015-05", "business"), ("2021", "individual")]:
        MonumentFactory(installed=year, sponsor__category=category,
                        latitude="59.2", longitude="39.9")
    return monument


def pages(record) -> dict[str, str]:
    return {
        "home": "/{lang}/",
        "browse": "/{lang}/monuments/?region=RU-PNZ,RU-VLG&sponsor_category=kprf",
        "browse with an error": "/{lang}/monuments/?year_min=soon",
        "monument": f"/{{lang}}/monuments/{record.public_id}/{record.slug}/",
        "map": "/{lang}/map/",
        "stats": "/{lang}/stats/",
        "actor": "/{lang}/actors/kprf/",
        "actors": "/{lang}/actors/",
        "region": "/{lang}/regions/RU-PNZ/",
        "sources": "/{lang}/sources/",
        "about": "/{lang}/about/",
        "not found": "/{lang}/no-such-page/",
    }


@pytest.mark.parametrize("language", ["en", "ru"])
def test_axe_finds_no_serious_or_critical_violation(live_server, page, record, language):
    axe = Axe()
    problems = []
    for name, path in pages(record).items():
        page.goto(live_server.url + path.format(lang=language))
        if name in {"map", "monument"}:
            expect(page.locator(".leaflet-marker-icon").first).to_be_visible()
        results = axe.run(page)
        for violation in results.response["violations"]:
            if violation["impact"] in SERIOUS:
                targets = [node["target"] for node in violation["nodes"]][:3]
                problems.append(f"{name}: {violation['id']} ({violation['impact']}): "
                                f"{violation['help']} {targets}")
    assert problems == []


@pytest.mark.parametrize("name", ["home", "browse", "monument", "map", "stats", "actor",
                                  "actors", "region", "sources", "about"])
def test_pages_fit_a_phone_without_sideways_scrolling(live_server, browser_context, record,
                                                      name):
    page = browser_context.new_page()
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(live_server.url + pages(record)[name].format(lang="ru"))
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0
    font_size = page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
    assert font_size >= 16


def test_keyboard_focus_is_visible(live_server, page, record):
    page.goto(f"{live_server.url}/en/monuments/")
    page.keyboard.press("Tab")
    skip = page.locator(".skip-link")
    expect(skip).to_be_focused()
    assert skip.bounding_box()["y"] >= 0  # the skip link comes into view when focused
    for _ in range(3):
        page.keyboard.press("Tab")
        outline = page.evaluate(
            "(() => { const s = getComputedStyle(document.activeElement);"
            " return [s.outlineStyle, parseFloat(s.outlineWidth)]; })()")
        assert outline[0] != "none" and outline[1] >= 2, outline
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Enter")  # the skip link moves focus to the content
    expect(page.locator("#main")).to_be_focused()
