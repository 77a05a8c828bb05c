"""The integration the API and the pages need for `as_of`, in the few lines docs/merge notes
give, exercised through HTTP with a stand-in list endpoint (the real ones live in api/ and
registry/views.py): a bad `as_of` is a 400 naming it, pages of a past day are that day's."""

import datetime as dt

import pytest
import time_machine
from django.urls import path
from rest_framework import generics, serializers
from rest_framework.pagination import PageNumberPagination
from rest_framework.permissions import AllowAny
from rest_framework.views import APIView

from registry import asof, stats
from registry.filters import MonumentFilterSet, filterset_class_for, filterset_for
from registry.models import Monument
from tests.factories import MonumentFactory, region

pytestmark = pytest.mark.django_db


class StandInSerializer(serializers.ModelSerializer):
    region = serializers.CharField(source="region.code")
    sponsors = serializers.SerializerMethodField()

    class Meta:
        model = Monument
        fields = ["public_id", "name_en", "region", "installed_year", "sponsors"]

    def get_sponsors(self, monument) -> list[str]:
        return [role.actor.name_en for role in monument.sponsor_roles]


class PagesOfTwo(PageNumberPagination):
    page_size = 2


class StandInMonumentList(generics.ListAPIView):
    serializer_class = StandInSerializer
    pagination_class = PagesOfTwo

    # The two lines a viewset needs for as_of:
    @property
    def filterset_class(self):
        request = getattr(self, "request", None)
        return filterset_class_for(request.query_params) if request else MonumentFilterSet

    def get_queryset(self):
        return asof.monuments_for(self.request.query_params)[0].for_list()


class StandInStats(APIView):
    permission_classes = [AllowAny]

    def get(self, request):
        from rest_framework.exceptions import ValidationError
        from rest_framework.response import Response

        filterset = filterset_for(request.query_params, request=request)
        if not filterset.is_valid():
            raise ValidationError(filterset.errors)
        return Response({"as_of": filterset.as_of_date,
                         "results": stats.count_by(filterset.qs, ["region"])})


urlpatterns = [
    path("monuments/", StandInMonumentList.as_view()),
    path("stats/", StandInStats.as_view()),
]


@pytest.fixture(autouse=True)
def _urls(settings):
    settings.ROOT_URLCONF = __name__


@pytest.fixture
def moved():
    with time_machine.travel(dt.datetime(2025, 1, 10, 12, tzinfo=dt.UTC), tick=False):
        monument = MonumentFactory(region=region("RU-VLG"))
        MonumentFactory(region=region("RU-VLG"))
        MonumentFactory(region=region("RU-VLG"))
    with time_machine.travel(dt.datetime(2025, 2, 10, 12, tzinfo=dt.UTC), tick=False):
        monument.region = region("RU-NVS")
        monument.save()
    return monument


def test_the_list_as_of_a_day_gives_that_days_records_and_values(client, moved):
    page = client.get("/monuments/", {"as_of": "2025-01-31", "region": "RU-VLG"}).json()
    assert page["count"] == 3
    assert len(page["results"]) == 2
    assert page["results"][0]["sponsors"]
    now = client.get("/monuments/", {"region": "RU-VLG"}).json()
    assert now["count"] == 2


def test_the_second_page_as_of_a_day_continues_the_first(client, moved):
    first = client.get("/monuments/", {"as_of": "2025-01-31"}).json()
    second = client.get(first["next"]).json()
    ids = [row["public_id"] for row in first["results"] + second["results"]]
    assert sorted(ids) == sorted(set(ids)) and len(ids) == 3


@pytest.mark.parametrize("value", ["2025-02-30", "soon", "2999-01-01"])
def test_a_bad_as_of_is_a_400_naming_it(client, value):
    for url in ("/monuments/", "/stats/"):
        response = client.get(url, {"as_of": value})
        assert response.status_code == 400
        assert list(response.json()) == ["as_of"]


def test_stats_as_of_a_day(client, moved):
    body = client.get("/stats/", {"as_of": "2025-01-31"}).json()
    assert body == {"as_of": "2025-01-31", "results": [{"region": "RU-VLG", "count": 3}]}
    body = client.get("/stats/").json()
    assert body["results"] == [{"region": "RU-NVS", "count": 1}, {"region": "RU-VLG", "count": 2}]
