"""HTTP semantics: ETag / Last-Modified with 304s, If-Match with 412s, throttling with 429 and
Retry-After, CORS for read-only cross-origin GETs, and JSON for every error."""

import datetime as dt

import pytest
import time_machine
from django.utils.http import http_date

from registry.choices import State
from tests.api_support import (  # noqa: F401
    API,
    api_settings,
    error_fields,
    token_client,
    user_with_role,
)
from tests.factories import ActorFactory, MonumentFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("api_settings")]


# -- ETag, Last-Modified, 304 -----------------------------------------------------------------

def test_a_detail_has_an_etag_and_answers_304_while_it_is_current(client):
    monument = MonumentFactory()
    url = API + f"monuments/{monument.public_id}/"
    first = client.get(url)
    etag = first["ETag"]
    assert etag.startswith('"') and first["Last-Modified"]
    again = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == etag
    assert client.get(url, HTTP_IF_NONE_MATCH=f"W/{etag}").status_code == 304


def test_a_detail_etag_changes_when_the_record_or_a_cited_source_changes(client):
    monument = MonumentFactory()
    url = API + f"monuments/{monument.public_id}/"
    etag = client.get(url)["ETag"]
    source = monument.citations.get().source
    source.title = "Corrected title"
    source.save()
    changed = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200
    assert changed.json()["citations"][0]["source"]["title"] == "Corrected title"
    etag = changed["ETag"]
    monument.name_en = "Renamed"
    monument.save()
    assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 200


def test_a_list_etag_changes_when_a_record_is_added_changed_or_withdrawn(client):
    monument = MonumentFactory()
    url = API + "monuments/?form=bust"
    etag = client.get(url)["ETag"]
    assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304
    MonumentFactory()
    assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 200
    etag = client.get(url)["ETag"]
    monument.state = State.RETIRED
    monument.save()
    assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 200


def test_a_list_etag_depends_on_the_query_and_the_format(client):
    MonumentFactory()
    etags = {client.get(API + "monuments/" + query)["ETag"]
             for query in ("", "?form=bust", "?format=csv", "?page_size=10")}
    assert len(etags) == 4


def test_a_304_costs_no_page_query(client, django_assert_num_queries):
    MonumentFactory.create_batch(3)
    etag = client.get(API + "monuments/")["ETag"]
    with django_assert_num_queries(2):  # the ETag's summary of the filtered set, actors
        assert client.get(API + "monuments/", HTTP_IF_NONE_MATCH=etag).status_code == 304


def test_if_modified_since_gives_304_for_an_unchanged_list(client):
    with time_machine.travel(dt.datetime(2025, 1, 1, tzinfo=dt.UTC)):
        MonumentFactory()
    later = http_date(dt.datetime(2025, 6, 1, tzinfo=dt.UTC).timestamp())
    earlier = http_date(dt.datetime(2024, 6, 1, tzinfo=dt.UTC).timestamp())
    assert client.get(API + "monuments/", HTTP_IF_MODIFIED_SINCE=later).status_code == 304
    assert client.get(API + "monuments/", HTTP_IF_MODIFIED_SINCE=earlier).status_code == 200


@pytest.mark.parametrize("path", ["actors/", "regions/?country=RU", "sources/",
                                  "stats/?group_by=year", "changes/?since=2000-01-01"])
def test_every_other_read_has_an_etag_and_answers_304(client, path):
    MonumentFactory(sponsor=ActorFactory())
    response = client.get(API + path)
    assert response.status_code == 200
    assert client.get(API + path, HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304


def test_reads_tell_caches_to_revalidate_and_what_they_vary_on(client):
    monument = MonumentFactory()
    response = client.get(API + f"monuments/{monument.public_id}/")
    assert response["Cache-Control"] == "public, no-cache"
    vary = {value.strip().lower() for value in response["Vary"].split(",")}
    assert {"accept", "authorization", "cookie", "accept-language"} <= vary


# -- If-Match, 412 ----------------------------------------------------------------------------

@pytest.fixture
def reviewer():
    return token_client(user_with_role("reviewer"))


def test_a_write_with_the_current_etag_succeeds_and_returns_the_new_one(reviewer):
    monument = MonumentFactory()
    url = API + f"monuments/{monument.public_id}/"
    etag = reviewer.get(url)["ETag"]
    response = reviewer.patch(url, {"material": "bronze"}, content_type="application/json",
                              HTTP_IF_MATCH=etag)
    assert response.status_code == 200, response.content
    assert response["ETag"] != etag
    assert response["ETag"] == reviewer.get(url)["ETag"]


def test_a_write_based_on_an_old_version_is_refused_with_412_and_changes_nothing(reviewer):
    """No lost update: two curators read the record; the second write, based on the version
    the first one replaced, is refused."""
    monument = MonumentFactory()
    url = API + f"monuments/{monument.public_id}/"
    etag = reviewer.get(url)["ETag"]
    first = reviewer.patch(url, {"material": "bronze"}, content_type="application/json",
                           HTTP_IF_MATCH=etag)
    assert first.status_code == 200
    second = reviewer.patch(url, {"material": "concrete"}, content_type="application/json",
                            HTTP_IF_MATCH=etag)
    assert second.status_code == 412
    assert error_fields(second) == ["If-Match"]
    monument.refresh_from_db()
    assert monument.material == "bronze"


@pytest.mark.parametrize("method", ["put", "delete", "transition"])
def test_every_write_checks_if_match(reviewer, method):
    monument = MonumentFactory()
    url = API + f"monuments/{monument.public_id}/"
    stale = '"m0-stale"'
    if method == "put":
        response = reviewer.put(url, {"name_en": "x"}, content_type="application/json",
                                HTTP_IF_MATCH=stale)
    elif method == "delete":
        response = reviewer.delete(url, HTTP_IF_MATCH=stale)
    else:
        response = reviewer.post(url + "transition/", {"transition": "send_back"},
                                 content_type="application/json", HTTP_IF_MATCH=stale)
    assert response.status_code == 412
    monument.refresh_from_db()
    assert monument.state == State.PUBLISHED


def test_if_match_star_or_no_if_match_writes_unconditionally(reviewer):
    monument = MonumentFactory()
    url = API + f"monuments/{monument.public_id}/"
    assert reviewer.patch(url, {"material": "a"}, content_type="application/json",
                          HTTP_IF_MATCH="*").status_code == 200
    assert reviewer.patch(url, {"material": "b"},
                          content_type="application/json").status_code == 200


# -- Throttling -------------------------------------------------------------------------------

def test_anonymous_clients_are_throttled_with_429_and_retry_after(client, api_settings):  # noqa: F811
    api_settings.REST_FRAMEWORK = {
        **api_settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "3/minute", "user": "100/minute"},
    }
    for _attempt in range(3):
        assert client.get(API + "regions/RU-VLG/").status_code == 200
    response = client.get(API + "regions/RU-VLG/")
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 60
    assert response.json()["errors"][0]["code"] == "throttled"
    # A token holder is not held back by the anonymous limit.
    assert token_client(user_with_role("curator")).get(API + "regions/RU-VLG/").status_code == 200


def test_anonymous_clients_have_the_anonymous_limit_only(client, api_settings):  # noqa: F811
    api_settings.REST_FRAMEWORK = {
        **api_settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "100/minute", "user": "2/minute"},
    }
    for _attempt in range(5):
        assert client.get(API + "regions/RU-VLG/").status_code == 200


def test_token_holders_are_throttled_by_account(api_settings):  # noqa: F811
    api_settings.REST_FRAMEWORK = {
        **api_settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "100/minute", "user": "2/minute"},
    }
    curator = token_client(user_with_role("curator"))
    for _attempt in range(2):
        assert curator.get(API + "regions/RU-VLG/").status_code == 200
    assert curator.get(API + "regions/RU-VLG/").status_code == 429


# -- CORS -------------------------------------------------------------------------------------

def test_any_origin_may_read_the_api_and_see_its_etag_and_links(client):
    monument = MonumentFactory()
    response = client.get(API + f"monuments/{monument.public_id}/",
                          HTTP_ORIGIN="https://newsroom.example")
    assert response["Access-Control-Allow-Origin"] == "*"
    exposed = {value.strip().lower()
               for value in response["Access-Control-Expose-Headers"].split(",")}
    assert {"etag", "link"} <= exposed


def test_a_cross_origin_preflight_allows_reads_but_not_writes(client):
    preflight = client.options(API + "monuments/", HTTP_ORIGIN="https://newsroom.example",
                               HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET")
    assert preflight["Access-Control-Allow-Origin"] == "*"
    methods = {value.strip() for value in preflight["Access-Control-Allow-Methods"].split(",")}
    assert "GET" in methods
    assert not methods & {"POST", "PUT", "PATCH", "DELETE"}


def test_cors_is_only_for_the_api(client):
    response = client.get("/en/", HTTP_ORIGIN="https://newsroom.example")
    assert "Access-Control-Allow-Origin" not in response


# -- Errors -----------------------------------------------------------------------------------

@pytest.mark.parametrize(("request_", "status", "field"), [
    (lambda c: c.get(API + "monuments/999999/"), 404, "public_id"),
    (lambda c: c.get(API + "actors/nobody/"), 404, "slug"),
    (lambda c: c.get(API + "no-such-endpoint/"), 404, None),
    (lambda c: c.post(API + "monuments/", {}, content_type="application/json"), 401,
     "Authorization"),
    (lambda c: c.get(API + "monuments/", HTTP_AUTHORIZATION="Token wrong"), 401,
     "Authorization"),
    (lambda c: c.post(API + "regions/", {}, content_type="application/json"), 405, None),
    (lambda c: c.get(API + "monuments/", HTTP_ACCEPT="application/xml"), 406, None),
    (lambda c: c.get(API + "monuments/?state=draft"), 403, "state"),
])
def test_every_error_is_json_with_a_reason(client, request_, status, field):
    response = request_(client)
    assert response.status_code == status
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert body["status"] == status
    assert body["errors"] and all(error["reason"] for error in body["errors"])
    assert error_fields(response)[0] == field


def test_a_malformed_json_body_is_a_400(client):
    writer = token_client(user_with_role("curator"))
    response = writer.post(API + "monuments/", "{not json", content_type="application/json")
    assert response.status_code == 400
    assert "JSON" in response.json()["detail"]


def test_a_csv_etag_changes_when_a_cited_source_changes(client):
    monument = MonumentFactory()
    etag = client.get(API + "monuments/?format=csv")["ETag"]
    source = monument.citations.get().source
    source.url = "https://news.example.org/moved"
    source.save()
    assert client.get(API + "monuments/?format=csv", HTTP_IF_NONE_MATCH=etag).status_code == 200


# -- The list page kept for anonymous scripts ---------------------------------------------------

class TestKeptListPages:
    """Anonymous scripts asking for the same list page get a kept copy until a record changes
    (the records version, registry/cache.py); curators always get a fresh one."""

    @pytest.fixture(autouse=True)
    def _page_cache_on(self, settings):
        settings.REGISTRY_PAGE_CACHE = True

    def test_a_second_request_costs_one_query_and_gives_the_same_answer(
            self, client, django_assert_num_queries):
        MonumentFactory.create_batch(3)
        url = API + "monuments/?page_size=2"
        first = client.get(url)
        with django_assert_num_queries(1):  # the records version
            second = client.get(url)
        assert second.json() == first.json()
        assert second["ETag"] == first["ETag"] and second["Link"] == first["Link"]
        assert client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304

    def test_a_publish_shows_at_once(self, client, django_capture_on_commit_callbacks):
        from registry.workflow import REVIEWER, monument_transition

        waiting = MonumentFactory(state=State.IN_REVIEW)
        assert client.get(API + "monuments/").json()["count"] == 0
        with django_capture_on_commit_callbacks(execute=True):
            monument_transition(monument=waiting, name="publish",
                                user=user_with_role(REVIEWER))
        assert client.get(API + "monuments/").json()["count"] == 1

    def test_a_curator_never_gets_the_kept_copy(self, client, reviewer):
        MonumentFactory(state=State.DRAFT)
        client.get(API + "monuments/")
        assert reviewer.get(API + "monuments/?state=draft").json()["count"] == 1
