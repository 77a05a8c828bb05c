"""Shared fixtures. Tests run against a real PostgreSQL: the embedded one, or DATABASE_URL."""

import pytest
from django.conf import settings
from django.utils import translation

from tests.factories import UserFactory


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty cache: a test's writes never commit, so the records
    version that cached counts are keyed on (registry/cache.py) does not move between tests."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _pages_rendered_afresh(settings):
    """Pages are rendered on every request, as a test's writes never move the records version
    the page cache is keyed on; tests/test_pages_caching.py turns the cache on."""
    settings.REGISTRY_PAGE_CACHE = False


@pytest.fixture(autouse=True)
def _english_outside_requests():
    """URLs built in tests (get_absolute_url) are English: a /ru/ request must not leave
    Russian active for the next test (LocaleMiddleware does not switch back)."""
    with translation.override("en"):
        yield


@pytest.fixture
def admin_user(db):
    return UserFactory(username="admin", is_staff=True, is_superuser=True)


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


@pytest.fixture
def real_records(db):
    """The real, cited dataset from fixtures/, loaded the way `make run` loads it."""
    from registry.seed import load_records

    load_records(settings.BASE_DIR / "fixtures")
