"""monuments/: what a record looks like in the API, in JSON, CSV and GeoJSON, and how many
queries it costs."""

import csv
import io
import json

import pandas as pd
import pytest
from django.conf import settings

from api.serializers import MonumentListSerializer
from registry.choices import Claim, EventKind, Role, State
from registry.exports import CSV_COLUMNS
from registry.models import ActorRole, Citation, Event, Monument
from tests.api_support import API, api_settings, error_fields, ids, results  # noqa: F401
from tests.factories import ActorFactory, MonumentFactory, SourceFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("api_settings")]


def streamed(response) -> str:
    assert response.status_code == 200, response
    return b"".join(response.streaming_content).decode("utf-8")


@pytest.fixture
def full_record() -> Monument:
    """A published record with every part: coordinates, events with actors, roles, citations
    of events and roles, external identifiers."""
    party = ActorFactory(slug="kprf", name_en="KPRF")
    committee = ActorFactory(slug="kprf-vologda", name_en="KPRF Vologda", parent=party)
    sculptor = ActorFactory(slug="a-sculptor", name_en="A. Sculptor", category="individual")
    monument = MonumentFactory(sponsor=committee, latitude="59.220500", longitude="39.891500",
                               installed="2019-05-09", wikidata_id="Q4115189",
                               osm_id="node/123", description_en="A bust.", address="Lenin St.")
    event = monument.events.get()
    event.actors.add(committee)
    role = ActorRole.objects.create(monument=monument, actor=sculptor, role=Role.SCULPTOR,
                                    position=1)
    source = SourceFactory(title="Unveiling report", archived_url="https://web.archive.org/x")
    Citation.objects.create(monument=monument, source=source, claim=Claim.DATE, event=event,
                            quote="Бюст открыли 9 мая.")
    Citation.objects.create(monument=monument, source=source, claim=Claim.SPONSOR, role=role,
                            quote="Скульптор — А. Скульптор.")
    monument.refresh_from_db()
    return monument


# -- JSON -------------------------------------------------------------------------------------

def test_a_list_row_has_the_documented_fields_and_nothing_else(client, full_record):
    row = results(client.get(API + "monuments/"))[0]
    assert set(row) == set(MonumentListSerializer().fields)


def test_a_list_row_shows_place_date_and_sponsors(client, full_record):
    row = results(client.get(API + "monuments/"))[0]
    assert row["public_id"] == full_record.public_id
    assert row["region"] == {"code": "RU-VLG", "country": "RU", "name_en": "Vologda Oblast",
                             "name_ru": "Вологодская область"}
    assert (row["latitude"], row["longitude"]) == (59.2205, 39.8915)
    assert row["installed_year"] == 2019
    assert row["installed_earliest"] == "2019-05-09"
    assert [sponsor["slug"] for sponsor in row["sponsors"]] == ["kprf-vologda"]
    assert row["sponsors"][0]["url"] == "http://testserver/api/v1/actors/kprf-vologda/"
    assert row["url"] == f"http://testserver/api/v1/monuments/{full_record.public_id}/"


def test_the_detail_nests_region_events_roles_citations_sources_and_identifiers(
        client, full_record):
    response = client.get(API + f"monuments/{full_record.public_id}/")
    assert response.status_code == 200
    record = response.json()
    assert record["region"]["code"] == "RU-VLG"
    [event] = record["events"]
    assert event["kind"] == EventKind.UNVEILED
    assert (event["date"], event["date_earliest"], event["date_precision"]) == (
        "2019-05-09", "2019-05-09", "day")
    assert [actor["slug"] for actor in event["actors"]] == ["kprf-vologda"]
    assert [(role["role"], role["actor"]["slug"]) for role in record["roles"]] == [
        ("sponsor", "kprf-vologda"), ("sculptor", "a-sculptor")]
    by_claim = {citation["claim"]: citation for citation in record["citations"]}
    assert by_claim["date"]["event"] == event["id"]
    assert by_claim["date"]["quote"] == "Бюст открыли 9 мая."
    assert by_claim["sponsor"]["role"] == record["roles"][1]["id"]
    assert by_claim["date"]["source"]["title"] == "Unveiling report"
    assert by_claim["date"]["source"]["archived_url"] == "https://web.archive.org/x"
    assert record["external_ids"]["wikidata_id"] == "Q4115189"
    assert record["external_ids"]["osm_id"] == "node/123"
    assert record["updated_at"].endswith("Z")
    assert "curator_notes" not in record


def test_the_detail_links_to_the_public_page_in_json_and_in_a_link_header(client, full_record):
    response = client.get(API + f"monuments/{full_record.public_id}/")
    page = settings.SITE_URL + full_record.get_absolute_url()
    assert response.json()["page_url"] == page
    assert response["Link"] == f'<{page}>; rel="alternate"; type="text/html"'
    assert results(client.get(API + "monuments/"))[0]["page_url"] == page


def test_a_draft_is_not_found_by_anonymous_clients(client):
    draft = MonumentFactory(state=State.DRAFT)
    response = client.get(API + f"monuments/{draft.public_id}/")
    assert response.status_code == 404
    assert error_fields(response) == ["public_id"]
    assert ids(client.get(API + "monuments/")) == []


# -- CSV and GeoJSON --------------------------------------------------------------------------

@pytest.mark.parametrize("how", [{"format": "csv"}, {"HTTP_ACCEPT": "text/csv"}])
def test_the_list_as_csv_by_format_or_accept_is_streamed_with_a_file_name(client, how):
    MonumentFactory.create_batch(3)
    MonumentFactory(state=State.DRAFT)
    params = {"format": how["format"]} if "format" in how else {}
    headers = {key: value for key, value in how.items() if key != "format"}
    response = client.get(API + "monuments/", params, **headers)
    assert response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="monuments.csv"'
    rows = list(csv.DictReader(io.StringIO(streamed(response))))
    assert len(rows) == 3
    assert list(rows[0]) == [column.name for column in CSV_COLUMNS]


def test_the_csv_holds_every_matching_record_not_a_page(client):
    MonumentFactory.create_batch(60)
    text = streamed(client.get(API + "monuments/", {"format": "csv", "page_size": 10}))
    assert len(list(csv.DictReader(io.StringIO(text)))) == 60


def test_pandas_reads_the_csv_url_straight_into_a_dataframe(client, full_record):
    MonumentFactory(installed="2015", region=None, state=State.DRAFT)
    text = streamed(client.get(API + "monuments/?format=csv&region=RU-VLG"))
    frame = pd.read_csv(io.StringIO(text))
    assert list(frame["public_id"]) == [full_record.public_id]
    assert frame.loc[0, "sponsor_slugs"] == "kprf-vologda"
    assert frame.loc[0, "latitude"] == pytest.approx(59.2205)


@pytest.mark.parametrize("how", [{"format": "geojson"},
                                 {"HTTP_ACCEPT": "application/geo+json"}])
def test_the_list_as_geojson_is_an_rfc_7946_feature_collection(client, full_record, how):
    MonumentFactory()  # no coordinates: not a feature
    params = {"format": how["format"]} if "format" in how else {}
    headers = {key: value for key, value in how.items() if key != "format"}
    response = client.get(API + "monuments/", params, **headers)
    assert response["Content-Type"] == "application/geo+json"
    assert response["Content-Disposition"] == 'attachment; filename="monuments.geojson"'
    collection = json.loads(streamed(response))
    assert collection["type"] == "FeatureCollection"
    [feature] = collection["features"]
    assert feature["id"] == full_record.public_id
    assert feature["geometry"] == {"type": "Point", "coordinates": [39.8915, 59.2205]}
    assert feature["properties"]["region_code"] == "RU-VLG"


def test_one_record_as_csv_and_as_geojson(client, full_record):
    text = streamed(client.get(API + f"monuments/{full_record.public_id}/?format=csv"))
    [row] = csv.DictReader(io.StringIO(text))
    assert row["public_id"] == str(full_record.public_id)
    feature = client.get(API + f"monuments/{full_record.public_id}/?format=geojson").json()
    assert feature["type"] == "Feature"
    assert feature["geometry"]["coordinates"] == [39.8915, 59.2205]


def test_a_record_without_coordinates_is_a_feature_without_geometry(client):
    monument = MonumentFactory()
    feature = client.get(API + f"monuments/{monument.public_id}/",
                         HTTP_ACCEPT="application/geo+json").json()
    assert feature["geometry"] is None


def test_an_unknown_format_is_a_400_naming_format(client):
    response = client.get(API + "monuments/?format=xml")
    assert response.status_code == 400
    assert error_fields(response) == ["format"]


def test_an_error_is_json_even_when_csv_was_asked_for(client):
    response = client.get(API + "monuments/?format=csv&form=castle")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert error_fields(response) == ["form"]


# -- Query counts -----------------------------------------------------------------------------

def _records(count: int) -> None:
    for _index in range(count):
        monument = MonumentFactory(latitude="55.0", longitude="37.0")
        extra = ActorFactory()
        ActorRole.objects.create(monument=monument, actor=extra, role=Role.SCULPTOR, position=1)
        Event.objects.create(monument=monument, kind=EventKind.VANDALISED, date="2021")
        monument.events.first().actors.add(extra)


@pytest.mark.parametrize("count", [1, 30])
def test_a_list_page_costs_the_same_queries_for_1_and_for_30_records(
        client, django_assert_num_queries, count):
    _records(count)
    # ETag summary + actors' latest change, count (known from the summary), page, sponsors
    with django_assert_num_queries(4):
        response = client.get(API + "monuments/", {"page_size": 100})
    assert len(results(response)) == count


@pytest.mark.parametrize("count", [1, 30])
def test_a_cursor_page_costs_the_same_queries_for_1_and_for_30_records(
        client, django_assert_num_queries, count):
    _records(count)
    with django_assert_num_queries(4):
        response = client.get(API + "monuments/", {"page_size": 100, "cursor": ""})
    assert len(results(response)) == count


@pytest.mark.parametrize("parts", [1, 30])
def test_a_detail_costs_the_same_queries_for_1_and_for_30_parts(
        client, django_assert_num_queries, parts):
    monument = MonumentFactory(latitude="55.0", longitude="37.0")
    for index in range(parts):
        actor = ActorFactory()
        role = ActorRole.objects.create(monument=monument, actor=actor, role=Role.FUNDER,
                                        position=index + 1)
        event = Event.objects.create(monument=monument, kind=EventKind.VANDALISED, date="2021")
        event.actors.add(actor)
        Citation.objects.create(monument=monument, source=SourceFactory(), role=role,
                                event=event, quote="…")
    # record + region, events, their actors, roles + actors, citations + sources, photos
    with django_assert_num_queries(6):
        response = client.get(API + f"monuments/{monument.public_id}/")
    assert response.status_code == 200
    assert len(response.json()["citations"]) == parts + 1


@pytest.mark.parametrize("count", [1, 30])
def test_a_csv_export_costs_the_same_queries_for_1_and_for_30_records(
        client, django_assert_num_queries, count):
    _records(count)
    # The list's version, its count, then the rows in one COPY.
    with django_assert_num_queries(3):
        text = streamed(client.get(API + "monuments/?format=csv"))
    assert text.count("\n") == count + 1
