"""The API's documentation pages work in a real browser with nothing but the app's own assets
(drf-spectacular-sidecar): no CDN, no web fonts from elsewhere."""

import pytest
from playwright.sync_api import sync_playwright

from tests.api_support import api_settings  # noqa: F401

# The live server needs committed data; serialized_rollback restores the preloaded regions
# after the test flushes the database.
pytestmark = [pytest.mark.browser,
              pytest.mark.django_db(transaction=True, serialized_rollback=True),
              pytest.mark.usefixtures("api_settings")]

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]


@pytest.fixture
def page():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium",
                                             args=CHROMIUM_ARGS)
        try:
            yield browser.new_page()
        finally:
            browser.close()


def visit(page, live_server, path: str) -> dict[str, str | None]:
    """Open the page. Returns the URLs it asked for outside the app, each with why it failed
    (None if it was sent): "csp" means our Content Security Policy stopped it in the browser.
    """
    elsewhere: dict[str, str | None] = {}
    local = (live_server.url, "blob:", "data:")
    page.on("request", lambda request: None if request.url.startswith(local)
            else elsewhere.setdefault(request.url, None))
    page.on("requestfailed", lambda request: None if request.url.startswith(local)
            else elsewhere.__setitem__(request.url, request.failure))
    page.goto(live_server.url + path)
    return elsewhere


def test_swagger_ui_shows_the_endpoints(page, live_server):
    elsewhere = visit(page, live_server, "/api/v1/docs/")
    page.get_by_text("/api/v1/monuments/{public_id}/", exact=True).first.wait_for()
    page.get_by_text("/api/v1/changes/", exact=True).first.wait_for()
    page.wait_for_load_state("networkidle")
    assert elsewhere == {}


def test_redoc_shows_the_endpoints(page, live_server):
    elsewhere = visit(page, live_server, "/api/v1/redoc/")
    page.get_by_role("heading", name="Stalin Monument Registry API").first.wait_for()
    page.locator("h2", has_text="List and filter monuments").first.wait_for()
    page.wait_for_load_state("networkidle")
    # The bundled ReDoc asks cdn.redoc.ly for its logo; the page's policy stops that.
    assert all(reason == "csp" for reason in elsewhere.values()), elsewhere
