"""The home and statistics pages cache their counts, and never show a stale one."""

import pytest
from django.contrib.auth.models import Group

from registry.choices import State
from registry.workflow import REVIEWER, monument_transition
from tests.factories import MonumentFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def reviewer():
    user = UserFactory(username="reviewer", is_staff=True)
    user.groups.add(Group.objects.get(name=REVIEWER))
    return user


def total_on(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("url", ["/en/", "/en/stats/?region=RU-VLG"])
def test_a_count_changes_the_moment_a_record_is_published(
    client, reviewer, url, django_capture_on_commit_callbacks
):
    MonumentFactory(settlement_en="Vologda", installed="2019")
    waiting = MonumentFactory(state=State.IN_REVIEW, installed="2019")
    assert "1 published record" in total_on(client, "/en/") or "1</" in total_on(client, url)
    before = total_on(client, url)
    with django_capture_on_commit_callbacks(execute=True):
        monument_transition(monument=waiting, name="publish", user=reviewer)
    after = total_on(client, url)
    assert before != after
    assert waiting.name_en in total_on(client, "/en/monuments/")


def test_the_statistics_page_is_counted_once_while_nothing_changes(
    client, django_assert_max_num_queries
):
    MonumentFactory.create_batch(3)
    client.get("/en/stats/")
    with django_assert_max_num_queries(4):  # the records version for the ETag and the counts
        client.get("/en/stats/")


class TestRenderedPagesAreKept:
    """Anonymous readers get a kept copy of a page until a record changes (registry/http.py)."""

    @pytest.fixture(autouse=True)
    def _page_cache_on(self, settings):
        settings.REGISTRY_PAGE_CACHE = True

    @pytest.mark.parametrize("url", ["/en/", "/en/monuments/?region=RU-VLG", "/ru/stats/"])
    def test_a_second_reader_costs_one_query(self, client, url, django_assert_num_queries):
        MonumentFactory.create_batch(3)
        first = client.get(url)
        with django_assert_num_queries(1):  # the records version
            second = client.get(url)
        assert second.status_code == 200
        assert second.content == first.content
        assert second["ETag"] == first["ETag"]

    def test_a_publish_shows_at_once(self, client, reviewer, django_capture_on_commit_callbacks):
        waiting = MonumentFactory(state=State.IN_REVIEW, name_en="Waiting bust")
        assert "Waiting bust" not in client.get("/en/monuments/").content.decode()
        with django_capture_on_commit_callbacks(execute=True):
            monument_transition(monument=waiting, name="publish", user=reviewer)
        assert "Waiting bust" in client.get("/en/monuments/").content.decode()

    def test_the_monument_page_is_kept_with_todays_access_date(self, client):
        monument = MonumentFactory()
        url = monument.get_absolute_url()
        assert client.get(url).content == client.get(url).content

    def test_a_logged_in_curator_never_gets_the_kept_copy(self, client, reviewer):
        MonumentFactory(name_en="Kept bust")
        client.get("/en/monuments/")
        client.force_login(reviewer)
        response = client.get("/en/monuments/")
        assert "private" in response["Cache-Control"]
        assert not response.has_header("ETag")

    def test_an_error_page_is_not_kept(self, client):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        assert client.get("/en/monuments/?year_min=abc").status_code == 400
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/en/monuments/?year_min=abc").status_code == 400
        assert len(queries) > 1  # checked and rendered again
