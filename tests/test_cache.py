"""Cached counts are never stale: a publish, change or retire invalidates them at once."""

import pytest
from django.db import transaction

from registry import stats
from registry.cache import cache_key, cached_count, records_version
from registry.choices import ActorCategory, State
from registry.models import Monument
from registry.workflow import monument_transition
from tests.factories import ActorFactory, EventFactory, MonumentFactory, UserFactory

pytestmark = pytest.mark.django_db


def published_count() -> int:
    return cached_count("test:published", lambda: Monument.objects.published().count())


def per_sponsor() -> dict:
    return cached_count("test:sponsor", lambda: {
        row["sponsor_category"]: row["count"]
        for row in stats.count_by(Monument.objects.published(), ["sponsor_category"])})


@pytest.fixture
def reviewer(db):
    from django.contrib.auth.models import Group

    user = UserFactory(is_staff=True)
    user.groups.add(Group.objects.get(name="reviewer"))
    return user


def test_a_cached_count_is_served_from_the_cache_while_nothing_changes(
        django_assert_num_queries):
    MonumentFactory()
    assert published_count() == 1
    with django_assert_num_queries(1):  # the records version only, not the count
        assert published_count() == 1


def test_no_stale_count_after_a_publish(reviewer, django_capture_on_commit_callbacks):
    MonumentFactory()
    draft = MonumentFactory(state=State.IN_REVIEW)
    assert published_count() == 1
    with django_capture_on_commit_callbacks(execute=True):
        monument_transition(monument=draft, name="publish", user=reviewer)
    assert published_count() == 2


def test_no_stale_count_after_a_retire(reviewer, django_capture_on_commit_callbacks):
    monument = MonumentFactory()
    assert published_count() == 1
    with django_capture_on_commit_callbacks(execute=True):
        monument_transition(monument=monument, name="retire", user=reviewer)
    assert published_count() == 0


def test_no_stale_count_after_an_actor_changes_category(django_capture_on_commit_callbacks):
    actor = ActorFactory(category=ActorCategory.KPRF)
    MonumentFactory(sponsor=actor)
    assert per_sponsor() == {"kprf": 1}
    with django_capture_on_commit_callbacks(execute=True):
        actor.category = ActorCategory.COSSACK
        actor.save()
    assert per_sponsor() == {"cossack": 1}


def test_no_stale_count_after_an_event_is_added(django_capture_on_commit_callbacks):
    monument = MonumentFactory(installed="2019")
    by_year = lambda: cached_count("test:year", lambda: stats.count_by(  # noqa: E731
        Monument.objects.published(), ["year"]))
    assert by_year() == [{"year": 2019, "count": 1}]
    with django_capture_on_commit_callbacks(execute=True):
        EventFactory(monument=monument, kind="unveiled", date="2015")
    assert by_year() == [{"year": 2015, "count": 1}]


def test_a_rolled_back_change_does_not_invalidate(django_capture_on_commit_callbacks):
    MonumentFactory()
    version = records_version()
    with (django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError),
          transaction.atomic()):
        MonumentFactory()
        raise RuntimeError
    assert records_version() == version


def test_cache_keys_ignore_parameter_order():
    from django.http import QueryDict

    assert cache_key("stats", QueryDict("a=1&b=2")) == cache_key("stats", QueryDict("b=2&a=1"))
    assert cache_key("stats", QueryDict("a=1")) != cache_key("stats", QueryDict("a=2"))
