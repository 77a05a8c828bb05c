"""Work queues on the admin index: counts of records that need a curator, with links."""

import datetime as dt
import re
from decimal import Decimal

import pytest
import time_machine

from registry.choices import State
from registry.models import Citation
from registry.queues import QUEUES, queue_counts
from registry.workflow import CURATOR
from tests.factories import MonumentFactory, SourceFactory, UserFactory, user_with_role

pytestmark = pytest.mark.django_db


def counts() -> dict[str, int]:
    return {queue.name: count for queue, count in queue_counts()}


def located(**fields):
    return MonumentFactory(latitude=Decimal("59.2"), longitude=Decimal("39.9"), **fields)


def archived_source(**fields):
    return SourceFactory(archived_url="https://web.archive.org/web/2025/x", **fields)


def test_each_queue_counts_the_records_it_names():
    MonumentFactory(state=State.IN_REVIEW)
    with time_machine.travel(dt.datetime.now(dt.UTC) - dt.timedelta(days=45)):
        MonumentFactory(state=State.DRAFT)  # a stale draft
    MonumentFactory(state=State.DRAFT)  # a fresh draft
    MonumentFactory()  # published: no coordinates, one source, not archived
    located(sponsor=False, sponsor_unknown=True, cited=False)  # published: no sponsor
    well_sourced = located(cited=False)
    for _ in range(2):
        Citation.objects.create(monument=well_sourced, source=archived_source())
    offline = located(cited=False)
    Citation.objects.create(monument=offline, source=SourceFactory(url="", kind="book"))
    Citation.objects.create(monument=offline, source=archived_source())

    assert counts() == {"in_review": 1, "stale_drafts": 1, "no_coordinates": 1,
                        "no_sponsor": 1, "single_source": 1, "source_not_archived": 1}


def test_queues_of_published_records_ignore_drafts():
    MonumentFactory(state=State.DRAFT, sponsor=False)
    MonumentFactory(state=State.RETIRED)
    assert counts()["no_coordinates"] == counts()["no_sponsor"] == 0


def test_the_admin_index_shows_every_queue_with_a_link_to_its_records(client):
    MonumentFactory(state=State.IN_REVIEW, name_en="Waiting for review")
    MonumentFactory(state=State.DRAFT, name_en="Just a draft")
    client.force_login(user_with_role(CURATOR))
    html = client.get("/admin/").content.decode()
    for queue in QUEUES:
        assert f'href="/admin/registry/monument/?queue={queue.name}"' in html
        assert str(queue.label) in html
    assert re.search(r'data-queue="in_review">\s*1\s*<', html)

    listed = client.get("/admin/registry/monument/?queue=in_review").content.decode()
    assert "Waiting for review" in listed and "Just a draft" not in listed


def test_the_index_counts_queues_in_a_fixed_number_of_queries(client,
                                                              django_assert_max_num_queries):
    for _ in range(5):
        MonumentFactory()
    client.force_login(user_with_role(CURATOR))
    client.get("/admin/")
    with django_assert_max_num_queries(12):
        client.get("/admin/")


def test_staff_without_a_role_see_no_queues(client):
    client.force_login(UserFactory(username="visitor", is_staff=True))
    assert 'id="work-queues"' not in client.get("/admin/").content.decode()
