"""Writing through the API with a token: nested events, roles and citations, validation like
the admin's (a 400 naming the field, never a 500), all or nothing, and who changed what."""

import pytest

from registry.choices import ActorCategory, State
from registry.models import ActorRole, Citation, Event, Monument
from tests.api_support import API, api_settings, token_client, user_with_role  # noqa: F401
from tests.factories import ActorFactory, MonumentFactory, SourceFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("api_settings")]


@pytest.fixture
def curator():
    return user_with_role("curator")


@pytest.fixture
def writer(curator):
    return token_client(curator)


@pytest.fixture
def parts():
    return {"kprf": ActorFactory(slug="kprf-tula", category=ActorCategory.KPRF),
            "sculptor": ActorFactory(slug="a-sculptor", category=ActorCategory.INDIVIDUAL),
            "source": SourceFactory()}


def new_record(parts, **changes) -> dict:
    record = {
        "name_en": "Stalin bust, Tula", "name_ru": "Бюст Сталина в Туле", "form": "bust",
        "status": "standing", "origin": "new", "country": "RU", "region": "RU-TUL",
        "settlement_en": "Tula", "latitude": 54.193122, "longitude": 37.617348,
        "coordinate_precision": "exact",
        "events": [{"kind": "unveiled", "date": "2023-05-09", "actors": ["kprf-tula"]},
                   {"kind": "vandalised", "date": "2024"}],
        "roles": [{"actor": "kprf-tula", "role": "sponsor"},
                  {"actor": "a-sculptor", "role": "sculptor", "position": 1}],
        "citations": [{"source": parts["source"].pk, "claim": "existence",
                       "quote": "В Туле открыли бюст Сталина."}],
    }
    record.update(changes)
    return record


def post(client, data):
    return client.post(API + "monuments/", data, content_type="application/json")


def patch(client, monument, data, **headers):
    return client.patch(API + f"monuments/{monument.public_id}/", data,
                        content_type="application/json", **headers)


def errors(response) -> dict[str | None, str]:
    assert response.status_code == 400, response.content
    return {error["field"]: error["reason"] for error in response.json()["errors"]}


# -- Creating ---------------------------------------------------------------------------------

def test_a_curator_creates_a_draft_with_events_roles_and_citations(writer, curator, parts):
    response = post(writer, new_record(parts))
    assert response.status_code == 201, response.content
    record = response.json()
    assert response["Location"] == record["url"]
    assert response["ETag"]
    assert record["state"] == State.DRAFT
    assert [event["kind"] for event in record["events"]] == ["unveiled", "vandalised"]
    assert record["events"][0]["actors"][0]["slug"] == "kprf-tula"
    assert [role["role"] for role in record["roles"]] == ["sponsor", "sculptor"]
    assert record["citations"][0]["quote"] == "В Туле открыли бюст Сталина."
    # Derived from the parts, as in the admin: never typed.
    assert record["installed_year"] == 2023
    assert record["sponsor_category"] == ActorCategory.KPRF
    monument = Monument.objects.get(public_id=record["public_id"])
    assert (monument.created_by, monument.updated_by) == (curator, curator)


def test_the_change_history_records_the_token_holder(writer, curator, parts):
    record = post(writer, new_record(parts)).json()
    monument = Monument.objects.get(public_id=record["public_id"])
    assert monument.history.first().history_user == curator
    assert Event.history.filter(monument_id=monument.pk).first().history_user == curator
    assert Citation.history.filter(monument_id=monument.pk).first().history_user == curator
    patch(writer, monument, {"material": "bronze"})
    latest = monument.history.first()
    assert latest.material == "bronze"
    assert latest.history_user == curator


def test_the_state_cannot_be_written_only_moved_through_the_workflow(writer, parts):
    found = errors(post(writer, new_record(parts, state="published")))
    assert "transition" in found["state"]


@pytest.mark.parametrize(("changes", "field"), [
    ({"form": "castle"}, "form"),
    ({"name_en": ""}, "name_en"),
    ({"country": "XX"}, "country"),
    ({"controlled_by": "Russia"}, "controlled_by"),
    ({"region": "XX-YY"}, "region"),
    ({"region": "RU-VLG\u0000"}, "region"),
    ({"latitude": 95}, "latitude"),
    ({"latitude": None}, "latitude"),  # a longitude without a latitude
    ({"height_m": 500}, "height_m"),
    ({"wikidata_id": "4115189"}, "wikidata_id"),
    ({"osm_id": "street/1"}, "osm_id"),
    ({"wikipedia_en": "not a url"}, "wikipedia_en"),
    ({"colour": "red"}, "colour"),
    ({"events": [{"kind": "unveiled", "date": "9 May 2023"}]}, "events[0].date"),
    ({"events": [{"kind": "unveiled", "date": "1850"}]}, "events[0].date"),
    ({"events": [{"kind": "unveiled"}, {"kind": "exploded"}]}, "events[1].kind"),
    ({"events": [{"kind": "unveiled", "actors": ["nobody"]}]}, "events[0].actors"),
    ({"events": [{"id": 999999, "kind": "unveiled"}]}, "events[0].id"),
    ({"roles": [{"actor": "kprf-tula", "role": "sponsor"},
                {"actor": "kprf-tula", "role": "sponsor"}]}, "roles[1].role"),
    ({"roles": [{"actor": "kprf-tula", "role": "emperor"}]}, "roles[0].role"),
    ({"citations": [{"source": 999999, "quote": "…"}]}, "citations[0].source"),
    ({"citations": [{"quote": "no source"}]}, "citations[0].source"),
])
def test_a_bad_value_is_a_400_naming_the_field_and_nothing_is_saved(writer, parts, changes,
                                                                      field):
    before = Monument.objects.count(), Event.objects.count(), ActorRole.objects.count()
    found = errors(post(writer, new_record(parts, **changes)))
    assert field in found, found
    assert found[field]
    assert (Monument.objects.count(), Event.objects.count(), ActorRole.objects.count()) == before


def test_a_citation_may_only_support_an_event_of_the_same_record(writer, parts):
    other = MonumentFactory(state=State.DRAFT)
    monument = MonumentFactory(state=State.DRAFT)
    found = errors(patch(writer, monument, {"citations": [
        {"source": parts["source"].pk, "quote": "…", "event": other.events.get().pk}]}))
    assert "citations[0].event" in found


# -- Changing ---------------------------------------------------------------------------------

def test_listed_parts_are_kept_or_changed_new_ones_added_and_unlisted_ones_removed(writer):
    monument = MonumentFactory(state=State.DRAFT, installed="2019")
    kept = monument.events.get()
    removed = Event.objects.create(monument=monument, kind="vandalised", date="2020")
    response = patch(writer, monument, {"events": [
        {"id": kept.pk, "kind": "unveiled", "date": "2018-06"},
        {"kind": "covered", "date": "2024-01"},
    ]})
    assert response.status_code == 200, response.content
    events = response.json()["events"]
    assert [(e["kind"], e["date"]) for e in events] == [("unveiled", "2018-06"),
                                                        ("covered", "2024-01")]
    assert events[0]["id"] == kept.pk
    assert not Event.objects.filter(pk=removed.pk).exists()
    assert response.json()["installed_year"] == 2018


def test_parts_left_out_of_a_patch_are_not_touched(writer):
    monument = MonumentFactory(state=State.DRAFT)
    response = patch(writer, monument, {"material": "granite"})
    assert response.status_code == 200
    assert len(response.json()["citations"]) == 1
    assert len(response.json()["events"]) == 1


def test_put_replaces_the_fields_it_is_given(writer):
    monument = MonumentFactory(state=State.DRAFT, material="bronze")
    response = writer.put(API + f"monuments/{monument.public_id}/",
                          {"name_en": "Renamed bust", "form": "statue"},
                          content_type="application/json")
    assert response.status_code == 200, response.content
    assert (response.json()["name_en"], response.json()["form"]) == ("Renamed bust", "statue")
    missing = writer.put(API + f"monuments/{monument.public_id}/", {"form": "bust"},
                         content_type="application/json")
    assert "name_en" in errors(missing)


def test_a_failing_part_leaves_the_whole_record_unchanged(writer):
    monument = MonumentFactory(state=State.DRAFT, material="bronze")
    response = patch(writer, monument, {"material": "granite",
                                        "events": [{"kind": "unveiled", "date": "someday"}]})
    assert "events[0].date" in errors(response)
    monument.refresh_from_db()
    assert monument.material == "bronze"
    assert monument.events.count() == 1


def test_a_published_record_must_stay_publishable(parts):
    reviewer = token_client(user_with_role("reviewer"))
    monument = MonumentFactory()
    found = errors(patch(reviewer, monument, {"citations": []}))
    assert "citation" in found[None]
    assert errors(patch(reviewer, monument, {"region": None}))["region"]
    monument.refresh_from_db()
    assert monument.citations.count() == 1


def test_the_updating_user_is_recorded(parts):
    reviewer = user_with_role("reviewer")
    monument = MonumentFactory()
    patch(token_client(reviewer), monument, {"material": "bronze"})
    monument.refresh_from_db()
    assert monument.updated_by == reviewer
    assert monument.history.first().history_user == reviewer


def test_coordinates_with_more_decimals_than_stored_are_rounded_not_refused(writer, parts):
    response = post(writer, new_record(parts, latitude=54.19312249, longitude="37.6173476"))
    assert response.status_code == 201, response.content
    assert (response.json()["latitude"], response.json()["longitude"]) == (54.193122, 37.617348)
