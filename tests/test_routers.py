"""Reads go to a read replica, writes and reads after a write to the primary."""

import pytest
from django.db import connections
from django.http import HttpResponse
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from registry.models import Monument
from registry.routers import (
    PIN_COOKIE,
    PinPrimaryMiddleware,
    PrimaryReplicaRouter,
    request_scope,
)
from tests.factories import MonumentFactory

# The routing is what is tested: the replica alias is a second connection to the test
# database, so the queries below need no rows (rows of the test's transaction would not be
# visible to it).
pytestmark = pytest.mark.django_db


@pytest.fixture
def replica(settings):
    """A `replica1` alias that mirrors the test database, as DATABASE_REPLICA_URLS would add."""
    config = {**connections["default"].settings_dict, "TEST": {"MIRROR": "default"}}
    connections.settings["replica1"] = config
    # The test case was set up before this alias existed and refuses to open connections it
    # was not told about; an open connection is used as it is.
    connections["replica1"].connect()
    settings.REPLICA_PIN_SECONDS = 15
    yield "replica1"
    connections["replica1"].close()
    del connections["replica1"]
    del connections.settings["replica1"]


def test_without_replicas_everything_goes_to_the_primary():
    with request_scope():
        assert PrimaryReplicaRouter().db_for_read(Monument) == "default"
        assert Monument.objects.all().db == "default"


def test_reads_go_to_the_replica_and_writes_to_the_primary(replica):
    with request_scope():
        assert Monument.objects.all().db == replica
        assert PrimaryReplicaRouter().db_for_write(Monument) == "default"


def test_a_read_really_runs_on_the_replica(replica):
    with request_scope(), CaptureQueriesContext(connections[replica]) as on_replica, \
            CaptureQueriesContext(connections["default"]) as on_primary:
        assert not Monument.objects.filter(pk=-1).exists()
    assert len(on_replica.captured_queries) == 1
    assert not on_primary.captured_queries


def test_after_a_write_the_rest_of_the_request_reads_the_primary(replica):
    monument = MonumentFactory()
    with request_scope():
        assert Monument.objects.all().db == replica
        monument.name_en = "Renamed"
        monument.save()
        assert Monument.objects.all().db == "default"
        assert Monument.objects.get(pk=monument.pk).name_en == "Renamed"
    with request_scope():  # the next request starts unpinned
        assert Monument.objects.all().db == replica


def test_unsafe_requests_read_the_primary_from_the_start(replica):
    seen = {}

    def view(request):
        seen["db"] = Monument.objects.all().db
        return HttpResponse()

    middleware = PinPrimaryMiddleware(view)
    middleware(RequestFactory().get("/"))
    assert seen["db"] == replica
    middleware(RequestFactory().post("/"))
    assert seen["db"] == "default"


def test_a_writer_is_pinned_to_the_primary_for_the_next_requests(replica):
    monument = MonumentFactory()
    seen = {}

    def writing_view(request):
        monument.save()
        return HttpResponse()

    def reading_view(request):
        seen["db"] = Monument.objects.all().db
        return HttpResponse()

    response = PinPrimaryMiddleware(writing_view)(RequestFactory().post("/"))
    assert response.cookies[PIN_COOKIE]["max-age"] == 15
    follow_up = RequestFactory().get("/")
    follow_up.COOKIES[PIN_COOKIE] = "1"
    PinPrimaryMiddleware(reading_view)(follow_up)
    assert seen["db"] == "default"


def test_replicas_are_never_migrated():
    router = PrimaryReplicaRouter()
    assert router.allow_migrate("replica1", "registry") is False
    assert router.allow_migrate("default", "registry") is None
