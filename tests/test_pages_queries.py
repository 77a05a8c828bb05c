"""Pages fetch what they show in a fixed number of queries: the same at 1 record as at 30
(design, "Speed": no query per row), and no more than the numbers recorded here."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from registry.choices import ActorCategory, Role
from registry.models import ActorRole, Citation, Event
from tests.factories import ActorFactory, MonumentFactory, SourceFactory, region
from tests.pagetools import streamed

pytestmark = pytest.mark.django_db

REGIONS = ["RU-VLG", "RU-PNZ", "RU-NVS", "RU-ORL", "RU-MOW"]
CATEGORIES = [ActorCategory.KPRF, ActorCategory.BUSINESS, ActorCategory.INDIVIDUAL]


def count_queries(client, url: str) -> int:
    """Queries of one request with nothing cached (a test's writes never commit, so they do
    not invalidate cached counts the way a real publish does)."""
    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
        assert response.status_code == 200, url
        streamed(response)  # a streamed body runs its queries while it is read
    return len(captured)


def add_records(number: int, *, start: int = 0, **kwargs) -> list:
    return [
        MonumentFactory(region=region(REGIONS[index % len(REGIONS)]),
                        sponsor__category=CATEGORIES[index % len(CATEGORIES)],
                        latitude="55.0", longitude=f"{37 + index / 100:.2f}",
                        installed=f"{2000 + index % 25}", **kwargs)
        for index in range(start, start + number)
    ]


# The numbers are of a request with nothing cached: one query reads the records version
# (registry/cache.py) for the page's ETag, counts read it once more, and a page kept in the
# cache costs that one query alone while no record changes (tests/test_pages_caching.py).
@pytest.mark.parametrize(("url", "most"), [
    ("/en/monuments/", 6),
    ("/en/monuments/?q=bust&region=RU-VLG,RU-PNZ&ordering=name", 7),
    ("/en/map/data.geojson", 2),
    ("/en/map/data.geojson?region=RU-VLG&sponsor_category=kprf", 3),
    ("/en/map/", 4),
    ("/en/stats/", 11),
    ("/en/stats/?region=RU-VLG,RU-PNZ", 13),
    ("/en/", 6),
    ("/en/monuments/download.csv", 4),
    ("/en/sources/", 4),
    ("/en/regions/", 5),
])
def test_listing_pages_take_the_same_queries_for_1_and_30_records(client, url, most,
                                                                  django_assert_max_num_queries):
    add_records(1)
    one = count_queries(client, url)
    add_records(29, start=1)
    thirty = count_queries(client, url)
    assert one == thirty
    cache.clear()
    with django_assert_max_num_queries(most):
        streamed(client.get(url))


def detailed_record(parts: int):
    """A monument with `parts` events, roles (each its own actor) and cited sources."""
    monument = MonumentFactory(installed=False, sponsor=False, cited=False)
    party = ActorFactory(slug=f"party-{monument.pk}")
    for index in range(parts):
        actor = ActorFactory(parent=party)
        event = Event.objects.create(monument=monument, kind="installed", date=f"{1990 + index}")
        event.actors.add(actor)
        role = ActorRole.objects.create(monument=monument, actor=actor, role=Role.SPONSOR,
                                        position=index)
        source = SourceFactory()
        Citation.objects.create(monument=monument, source=source, event=event, quote="Цитата")
        Citation.objects.create(monument=monument, source=source, role=role, quote="Цитата")
    monument.refresh_from_db()
    return monument


def test_a_monument_page_takes_the_same_queries_with_1_and_30_events_roles_and_sources(
    client, django_assert_max_num_queries
):
    one = count_queries(client, detailed_record(1).get_absolute_url())
    thirty_parts = detailed_record(30)
    assert count_queries(client, thirty_parts.get_absolute_url()) == one
    with django_assert_max_num_queries(7):
        client.get(thirty_parts.get_absolute_url())


def test_an_actor_page_takes_the_same_queries_with_1_and_30_records_and_branches(
    client, django_assert_max_num_queries
):
    party = ActorFactory(slug="kprf")
    for _ in range(1):
        MonumentFactory(sponsor=ActorFactory(parent=party))
    one = count_queries(client, "/en/actors/kprf/")
    for _ in range(29):
        MonumentFactory(sponsor=ActorFactory(parent=party))
    assert count_queries(client, "/en/actors/kprf/") == one
    with django_assert_max_num_queries(19):
        client.get("/en/actors/kprf/")


def test_the_actor_list_takes_the_same_queries_for_1_and_30_actors(client):
    MonumentFactory()
    one = count_queries(client, "/en/actors/")
    MonumentFactory.create_batch(29)
    assert count_queries(client, "/en/actors/") == one == 3  # with the ETag's records version


def test_a_region_page_takes_the_same_queries_for_1_and_30_records(client):
    MonumentFactory(region=region("RU-PNZ"))
    one = count_queries(client, "/en/regions/RU-PNZ/")
    MonumentFactory.create_batch(29, region=region("RU-PNZ"))
    assert count_queries(client, "/en/regions/RU-PNZ/") == one
