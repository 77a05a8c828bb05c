"""A real headless Chromium (Debian's, at /usr/bin/chromium) driven by Playwright, against
pytest-django's live server. Map tiles are blocked: there is no network here, and no test may
depend on them.

Browser tests need committed data (`transaction=True`), so Django empties every table after
each of them, the regions and roles that migrations load included. Django's own remedy,
`serialized_rollback`, does not work while Playwright runs: its event loop makes Django hand
out other connection objects, without the saved contents. So the contents saved when the test
database was set up are kept here and loaded again: before each browser test (when missing)
and after the module, leaving the database as the migrations made it for whatever runs next
(and for `--reuse-db`).
"""

import os
import shutil

import pytest

# Playwright's sync API keeps an event loop running in this thread; the ORM calls of the
# tests themselves are still synchronous, so Django's async-safety check does not apply.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]


#: Mark for every browser test: committed data, and contents saved at set-up.
BROWSER_DB = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture(scope="module")
def _migrated_contents(django_db_setup, django_db_blocker):
    """The database contents the migrations loaded (regions, roles), restored after the
    module."""
    from django.db import connection

    contents = getattr(connection, "_test_serialized_contents", None)
    assert contents, "browser tests must be marked with BROWSER_DB (serialized_rollback)"
    yield contents
    with django_db_blocker.unblock():
        _restore(contents)


def _restore(contents: str) -> None:
    from django.contrib.auth.models import Permission
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection

    from registry.models import Region

    # Whatever connection object Django hands out now, it should know the saved contents, so
    # that Django itself restores them and skips re-creating content types after a flush.
    connection._test_serialized_contents = contents
    if not Region.objects.exists():
        # A flush that re-created content types with new keys: the saved ones replace them.
        Permission.objects.all().delete()
        ContentType.objects.all().delete()
        connection.creation.deserialize_db_from_string(contents)
        ContentType.objects.clear_cache()


@pytest.fixture(autouse=True)
def _reference_data(request, _migrated_contents):
    if request.node.get_closest_marker("browser"):
        request.getfixturevalue("transactional_db")
        _restore(_migrated_contents)


@pytest.fixture(scope="module")
def chromium(_migrated_contents):
    if not shutil.which(CHROMIUM):
        pytest.fail(f"Browser tests need Debian's chromium at {CHROMIUM} (.ci/run installs it).")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def _block_tiles(route) -> None:
    route.abort()


@pytest.fixture
def browser_context(chromium, settings):
    """A fresh browser profile; requests to the tile server are refused at once."""
    settings.MAP_TILE_URL = "https://tiles.invalid/{z}/{x}/{y}.png"
    context = chromium.new_context(viewport={"width": 1280, "height": 900},
                                   accept_downloads=True)
    context.route("https://tiles.invalid/**", _block_tiles)
    context.set_default_timeout(15000)
    yield context
    context.close()


@pytest.fixture
def page(browser_context):
    page = browser_context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    assert errors == [], f"JavaScript errors on the page: {errors}"


@pytest.fixture
def new_page(chromium):
    """Pages in fresh browser contexts: each is a separate visitor with its own cookies."""
    contexts = []

    def open_page():
        context = chromium.new_context(locale="en-GB")
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()
