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
    with django_assert_max_num_queries(3):
        client.get("/en/stats/")
