"""Walking a long list: page numbers with count/next/previous, and a cursor that returns every
record exactly once even while records are added."""

import pytest

from registry.choices import State
from tests.api_support import API, api_settings, error_fields, results  # noqa: F401
from tests.factories import MonumentFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("api_settings")]


def walk(client, url: str, params: dict, on_page=None) -> list[int]:
    """Every public id, following `next` from the first page."""
    seen: list[int] = []
    response = client.get(url, params)
    while True:
        body = response.json()
        assert response.status_code == 200, body
        seen += [row["public_id"] for row in body["results"]]
        if on_page:
            on_page()
        if not body["next"]:
            return seen
        response = client.get(body["next"])


def test_pages_have_count_next_and_previous(client):
    MonumentFactory.create_batch(5)
    first = client.get(API + "monuments/", {"page_size": 2}).json()
    assert first["count"] == 5
    assert first["previous"] is None
    assert "page=2" in first["next"]
    second = client.get(first["next"]).json()
    assert second["previous"] and second["next"]
    last = client.get(API + "monuments/", {"page_size": 2, "page": 3}).json()
    assert last["next"] is None
    assert len(last["results"]) == 1


def test_walking_all_pages_returns_every_published_record_exactly_once(client):
    published = {m.public_id for m in MonumentFactory.create_batch(23)}
    MonumentFactory.create_batch(2, state=State.DRAFT)
    seen = walk(client, API + "monuments/", {"page_size": 5})
    assert len(seen) == len(set(seen)) == 23
    assert set(seen) == published


def test_walking_pages_in_a_non_unique_order_never_repeats_a_record(client):
    MonumentFactory.create_batch(12, name_en="Same name", installed="2019")
    for ordering in ("name", "-installed", "region"):
        seen = walk(client, API + "monuments/", {"page_size": 5, "ordering": ordering})
        assert len(seen) == len(set(seen)) == 12, ordering


def test_page_size_goes_up_to_1000(client):
    MonumentFactory.create_batch(3)
    assert len(results(client.get(API + "monuments/", {"page_size": 1000}))) == 3


@pytest.mark.parametrize(("params", "field", "status"), [
    ({"page_size": "1001"}, "page_size", 400),
    ({"page_size": "0"}, "page_size", 400),
    ({"page_size": "ten"}, "page_size", 400),
    ({"page": "0"}, "page", 400),
    ({"page": "two"}, "page", 400),
    ({"page": "²"}, "page", 400),
    ({"page": "9" * 5000}, "page", 400),
    ({"page_size": "١٠"}, "page_size", 400),
    ({"page": "99"}, "page", 404),
    ({"cursor": "not-a-cursor"}, "cursor", 400),
    ({"cursor": "eyJkIjoibiIsImsiOlsieCJdfQ"}, "cursor", 400),  # {"d":"n","k":["x"]}
    ({"cursor": "", "ordering": "name"}, "ordering", 400),
    ({"cursor": "", "page": "2"}, "page", 400),
])
def test_bad_paging_parameters_are_errors_naming_the_parameter(client, params, field, status):
    MonumentFactory()
    response = client.get(API + "monuments/", params)
    assert response.status_code == status
    assert error_fields(response) == [field]


def test_a_cursor_walk_returns_every_record_exactly_once_in_id_order(client):
    published = sorted(m.public_id for m in MonumentFactory.create_batch(17))
    seen = walk(client, API + "monuments/", {"page_size": 4, "cursor": ""})
    assert seen == published


def test_a_cursor_walk_stays_complete_while_records_are_added(client):
    """The mirror case: records are published while a script pages through them. Nothing
    already there is skipped or repeated, and records added during the walk come at its end."""
    before = {m.public_id for m in MonumentFactory.create_batch(12, installed="2010")}
    added: set[int] = set()

    def publish_more():
        # New records with every kind of date, so no ordering but the id could hide them.
        for date in ("2025-01-01", "1995"):
            added.add(MonumentFactory(installed=date).public_id)

    seen = walk(client, API + "monuments/", {"page_size": 5, "cursor": ""}, publish_more)
    assert len(seen) == len(set(seen))
    assert before <= set(seen)
    assert set(seen) - before <= added


def test_page_numbers_shift_when_records_are_added_which_is_why_the_cursor_exists(client):
    MonumentFactory.create_batch(6, installed="2010")
    first = client.get(API + "monuments/", {"page_size": 3}).json()
    MonumentFactory(installed="2024")  # newest first: it pushes everything down a place
    second = client.get(first["next"]).json()
    first_ids = {row["public_id"] for row in first["results"]}
    assert first_ids & {row["public_id"] for row in second["results"]}


def test_a_cursor_can_walk_back_with_previous(client):
    published = sorted(m.public_id for m in MonumentFactory.create_batch(9))
    first = client.get(API + "monuments/", {"page_size": 4, "cursor": ""}).json()
    assert first["previous"] is None
    second = client.get(first["next"]).json()
    back = client.get(second["previous"]).json()
    assert [row["public_id"] for row in back["results"]] == published[:4]
    third = client.get(second["next"]).json()
    assert [row["public_id"] for row in third["results"]] == published[8:]
    assert third["next"] is None


def test_a_cursor_keeps_the_filters(client):
    wanted = {MonumentFactory(form="statue").public_id for _index in range(5)}
    MonumentFactory.create_batch(5, form="bust")
    assert set(walk(client, API + "monuments/", {"page_size": 2, "cursor": "",
                                                 "form": "statue"})) == wanted


def test_lists_say_next_and_previous_in_a_link_header_too(client):
    MonumentFactory.create_batch(3)
    response = client.get(API + "monuments/", {"page_size": 1, "page": 2})
    body = response.json()
    assert response["Link"] == f'<{body["next"]}>; rel="next", <{body["previous"]}>; rel="prev"'
