"""The minimal home page and the curators' admin, through HTTP."""

import pytest

from registry.choices import State
from registry.models import Monument
from tests.factories import MonumentFactory

pytestmark = pytest.mark.django_db


def test_root_redirects_to_a_language(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="ru")
    assert response.status_code == 302
    assert response["Location"] == "/ru/"


def test_home_shows_how_many_published_records_there_are(client):
    MonumentFactory.create_batch(3)
    MonumentFactory(state=State.DRAFT)
    response = client.get("/en/")
    assert response.status_code == 200
    assert "3 published records" in response.content.decode()


def test_anonymous_visitors_are_sent_to_the_admin_login(client):
    response = client.get("/admin/registry/monument/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_every_real_record_opens_in_the_admin_with_its_source_quote_and_actor(
    admin_client, real_records
):
    changelist = admin_client.get("/admin/registry/monument/")
    assert changelist.status_code == 200
    for monument in Monument.objects.prefetch_related("citations__source", "roles__actor"):
        page = admin_client.get(f"/admin/registry/monument/{monument.pk}/change/")
        assert page.status_code == 200
        html = page.content.decode()
        for citation in monument.citations.all():
            assert str(citation.source.pk) in html
        for role in monument.roles.all():
            assert str(role.actor.pk) in html


@pytest.mark.parametrize("model", ["region", "actor", "source", "event", "actorrole", "citation"])
def test_every_model_has_an_admin_list(admin_client, real_records, model):
    assert admin_client.get(f"/admin/registry/{model}/").status_code == 200


def test_admin_autocomplete_finds_regions_by_russian_name(admin_client):
    response = admin_client.get(
        "/admin/autocomplete/",
        {"term": "Вологод", "app_label": "registry", "model_name": "monument",
         "field_name": "region"},
    )
    assert response.status_code == 200
    assert "RU-VLG" in response.content.decode()
