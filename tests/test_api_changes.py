"""changes/?since=: the feed a mirror syncs from. Records created, updated or withdrawn since a
moment, oldest change first, walked with a cursor; drafts never show, and records that left
the public set show only their id."""

import datetime as dt

import pytest
import time_machine

from registry.choices import State
from registry.models import Monument
from registry.workflow import monument_transition
from tests.api_support import API, api_settings, error_fields, user_with_role  # noqa: F401
from tests.factories import MonumentFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("api_settings")]

T0 = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)


def at(days: int):
    return time_machine.travel(T0 + dt.timedelta(days=days), tick=False)


def feed(client, since: str = "2025-01-02T00:00:00Z", page_size: int = 50) -> list[dict]:
    entries: list[dict] = []
    response = client.get(API + "changes/", {"since": since, "page_size": page_size})
    while True:
        assert response.status_code == 200, response.content
        body = response.json()
        entries += body["results"]
        if not body["next"]:
            return entries
        response = client.get(body["next"])


@pytest.fixture
def reviewer():
    return user_with_role("reviewer")


def test_a_record_published_after_since_is_created_and_one_changed_is_updated(client):
    with at(0):
        old = MonumentFactory()
    with at(2):
        old.material = "bronze"
        old.save()
    with at(3):
        new = MonumentFactory()
    entries = feed(client)
    assert [(e["public_id"], e["change"]) for e in entries] == [
        (old.public_id, "updated"), (new.public_id, "created")]
    assert entries[1]["url"].endswith(f"/monuments/{new.public_id}/")
    assert entries[1]["record"]["name_en"] == new.name_en
    assert entries[0]["updated_at"] == "2025-01-03T00:00:00Z"


def test_a_record_changed_twice_appears_once_at_its_latest_change(client):
    with at(0):
        first, second = MonumentFactory(), MonumentFactory()
    with at(2):
        first.save()
    with at(3):
        second.save()
    with at(4):
        first.save()
    assert [e["public_id"] for e in feed(client)] == [second.public_id, first.public_id]


def test_retired_unpublished_and_merged_records_are_reported_without_their_content(
        client, reviewer):
    with at(0):
        retired, sent_back, merged, kept = (MonumentFactory() for _index in range(4))
    with at(2):
        monument_transition(monument=retired, name="retire", user=reviewer)
    with at(3):
        monument_transition(monument=sent_back, name="send_back", user=reviewer)
    with at(4):
        merged.duplicate_of = kept
        merged.state = State.RETIRED
        merged.save()
    entries = {e["public_id"]: e for e in feed(client)}
    assert entries[retired.public_id]["change"] == "retired"
    assert entries[sent_back.public_id]["change"] == "unpublished"
    assert entries[merged.public_id]["change"] == "merged"
    assert entries[merged.public_id]["duplicate_of"] == kept.public_id
    for entry in entries.values():
        assert entry["record"] is None and entry["url"] is None
    assert kept.public_id not in entries


def test_a_record_that_was_never_published_never_appears(client, reviewer):
    with at(2):
        MonumentFactory(state=State.DRAFT)
        withdrawn_draft = MonumentFactory(state=State.IN_REVIEW)
    with at(3):
        monument_transition(monument=withdrawn_draft, name="retire", user=reviewer)
    assert feed(client) == []


def test_changes_before_since_are_not_reported(client):
    with at(0):
        MonumentFactory()
    with at(5):
        recent = MonumentFactory()
    assert [e["public_id"] for e in feed(client, since="2025-01-04")] == [recent.public_id]


def test_the_feed_is_walked_with_a_cursor_that_misses_nothing_while_records_change(client):
    with at(0):
        records = [MonumentFactory() for _index in range(7)]
    for day, monument in enumerate(records, start=2):
        with at(day):
            monument.save()
    response = client.get(API + "changes/", {"since": "2025-01-02", "page_size": 3})
    body = response.json()
    seen = [e["public_id"] for e in body["results"]]
    with at(20):  # a record already seen changes again during the walk: it comes again, later
        records[0].save()
    while body["next"]:
        body = client.get(body["next"]).json()
        seen += [e["public_id"] for e in body["results"]]
    assert seen == [m.public_id for m in records] + [records[0].public_id]


def test_since_is_required_and_must_be_a_date(client):
    for params in ({}, {"since": "last tuesday"}):
        response = client.get(API + "changes/", params)
        assert response.status_code == 400
        assert error_fields(response) == ["since"]


def test_a_mirror_applying_the_feed_ends_up_with_the_published_set(client, reviewer):
    """Sync from scratch with monuments/, then apply changes/ since then: the mirror holds
    exactly what monuments/ lists now."""
    with at(0):
        for _index in range(5):
            MonumentFactory()
    mirror = {row["public_id"]: row for row in client.get(
        API + "monuments/", {"page_size": 1000, "cursor": ""}).json()["results"]}
    records = list(mirror)
    with at(2):
        MonumentFactory()
        MonumentFactory(state=State.DRAFT)
    with at(3):
        monument_transition(monument=Monument.objects.get(public_id=records[0]), name="retire",
                            user=reviewer)
    for entry in feed(client, since="2025-01-01T12:00:00Z"):
        if entry["record"]:
            mirror[entry["public_id"]] = entry["record"]
        else:
            mirror.pop(entry["public_id"], None)
    now = client.get(API + "monuments/", {"page_size": 1000}).json()["results"]
    assert set(mirror) == {row["public_id"] for row in now}


def test_a_change_to_an_event_role_or_citation_alone_is_a_change_of_the_record(client):
    """As when a curator edits a citation on its own admin page, not through the record."""
    with at(0):
        monument = MonumentFactory()
    with at(2):
        citation = monument.citations.get()
        citation.quote = "A corrected quote."
        citation.save()
    [entry] = feed(client)
    assert (entry["public_id"], entry["change"]) == (monument.public_id, "updated")
    assert entry["updated_at"] == "2025-01-03T00:00:00Z"
