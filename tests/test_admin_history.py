"""Change history in the admin: every change recorded with who and what, and revert.

A curator's edits go through the change form (the monument and its inline events, roles and
citations in one POST), exactly as in the browser.
"""

import pytest

from registry.choices import Role, State
from registry.models import ActorRole, Citation, Event, Monument
from registry.workflow import CURATOR, REVIEWER
from tests.factories import ActorFactory, MonumentFactory, SourceFactory, user_with_role
from tests.forms import form_data

pytestmark = pytest.mark.django_db


def change_url(monument) -> str:
    return f"/admin/registry/monument/{monument.pk}/change/"


def edit(client, monument, changes: dict, new_parts: dict[str, list[dict]] | None = None):
    """Submit the change form with `changes`, adding rows to the inlines in `new_parts`."""
    data = form_data(client.get(change_url(monument)).content.decode(), "monument_form")
    data.update(changes)
    for prefix, rows in (new_parts or {}).items():
        start = int(data[f"{prefix}-TOTAL_FORMS"])
        for offset, row in enumerate(rows):
            for name, value in row.items():
                data[f"{prefix}-{start + offset}-{name}"] = value
        data[f"{prefix}-TOTAL_FORMS"] = str(start + len(rows))
    response = client.post(change_url(monument), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    return response


@pytest.fixture
def curator_client(client):
    client.force_login(user_with_role(CURATOR))
    return client


@pytest.fixture
def draft():
    return MonumentFactory(state=State.DRAFT, name_en="Stalin bust, Orlov", material="bronze")


def test_every_kind_of_change_is_recorded_with_who_made_it(curator_client, draft):
    source, actor = SourceFactory(), ActorFactory(name_en="Orlov residents")
    event = draft.events.get()
    role = draft.roles.get()
    edit(curator_client, draft,
         {"name_en": "Stalin bust, Orlov park", "events-0-date": "2023-10-24",
          "roles-0-DELETE": "on"},
         {"citations": [{"source": str(source.pk), "claim": "existence",
                         "quote": "Бюст открыли в парке."}],
          "roles": [{"actor": str(actor.pk), "role": Role.FUNDER, "position": "1"}]})

    monument_change = Monument.history.filter(id=draft.pk).first()
    assert monument_change.history_type == "~"
    assert monument_change.history_user.username == CURATOR
    delta = monument_change.diff_against(monument_change.prev_record)
    assert [(c.field, c.old, c.new) for c in delta.changes] == [
        ("name_en", "Stalin bust, Orlov", "Stalin bust, Orlov park")]

    event_change = Event.history.filter(id=event.pk).first()
    assert (event_change.history_type, event_change.date) == ("~", "2023-10-24")
    assert event_change.history_user.username == CURATOR

    role_deletion = ActorRole.history.filter(id=role.pk).first()
    assert role_deletion.history_type == "-"
    assert role_deletion.history_user.username == CURATOR

    added_role = ActorRole.history.filter(monument_id=draft.pk, actor_id=actor.pk).get()
    added_citation = Citation.history.filter(monument_id=draft.pk, source_id=source.pk).get()
    assert added_role.history_type == added_citation.history_type == "+"
    assert added_citation.history_user.username == CURATOR


def test_the_history_page_shows_field_level_differences_for_the_record_and_its_parts(
    curator_client, draft
):
    edit(curator_client, draft, {"name_en": "Renamed bust", "events-0-date": "2020-05"})
    html = curator_client.get(f"/admin/registry/monument/{draft.pk}/history/").content.decode()
    assert "<strong>Name (English):</strong>" in html
    assert "Stalin bust, Orlov" in html and "Renamed bust" in html
    part_history = html[html.index('id="part-history"'):]
    assert "Date (EDTF):</strong> 2019-05-09" in part_history
    assert "2020-05" in part_history
    assert CURATOR in part_history


def test_revert_brings_back_old_values_and_the_parts_as_they_were(curator_client, draft):
    first_version = Monument.history.filter(id=draft.pk).latest("history_date")
    original_event = draft.events.get()
    original_role = draft.roles.get()
    original_citation = draft.citations.get()
    new_source = SourceFactory()
    edit(curator_client, draft,
         {"name_en": "Wrong name", "material": "concrete", "events-0-date": "2001",
          "roles-0-DELETE": "on", "citations-0-quote": "Искажённая цитата."},
         {"citations": [{"source": str(new_source.pk), "claim": "date", "quote": "Лишнее."}]})
    assert draft.citations.count() == 2

    response = curator_client.post(
        f"/admin/registry/monument/{draft.pk}/history/{first_version.history_id}/", follow=True)
    assert "was reverted to the version of" in response.content.decode()

    draft.refresh_from_db()
    assert (draft.name_en, draft.material) == ("Stalin bust, Orlov", "bronze")
    assert list(draft.events.values_list("pk", "date")) == [(original_event.pk, "2019-05-09")]
    assert draft.installed_year == 2019  # derived fields follow the restored events
    assert list(draft.roles.values_list("pk", "actor_id")) == [
        (original_role.pk, original_role.actor_id)]
    assert list(draft.citations.values_list("pk", "quote")) == [
        (original_citation.pk, original_citation.quote)]
    revert = Monument.history.filter(id=draft.pk).first()
    assert revert.history_change_reason.startswith("Reverted to the version of")
    assert revert.history_user.username == CURATOR


def test_a_revert_can_itself_be_reverted(curator_client, draft):
    first = Monument.history.filter(id=draft.pk).latest("history_date")
    edit(curator_client, draft, {"name_en": "Second name"})
    second = Monument.history.filter(id=draft.pk).first()
    curator_client.post(f"/admin/registry/monument/{draft.pk}/history/{first.history_id}/")
    curator_client.post(f"/admin/registry/monument/{draft.pk}/history/{second.history_id}/")
    draft.refresh_from_db()
    assert draft.name_en == "Second name"


def test_revert_never_changes_the_publication_state(client, draft):
    first = Monument.history.filter(id=draft.pk).latest("history_date")
    reviewer = user_with_role(REVIEWER)
    client.force_login(reviewer)
    draft.state = State.PUBLISHED
    draft.save()
    client.post(f"/admin/registry/monument/{draft.pk}/history/{first.history_id}/")
    draft.refresh_from_db()
    assert draft.state == State.PUBLISHED


def test_a_curator_cannot_revert_a_published_record(curator_client):
    monument = MonumentFactory(state=State.PUBLISHED, name_en="Published name")
    version = Monument.history.filter(id=monument.pk).latest("history_date")
    monument.name_en = "Changed by a reviewer"
    monument.save()
    page = curator_client.get(f"/admin/registry/monument/{monument.pk}/history/"
                              f"{version.history_id}/")
    assert page.status_code == 200
    assert 'value="Revert"' not in page.content.decode()
    response = curator_client.post(f"/admin/registry/monument/{monument.pk}/history/"
                                   f"{version.history_id}/")
    assert response.status_code == 403
    monument.refresh_from_db()
    assert monument.name_en == "Changed by a reviewer"


def test_an_old_draft_version_does_not_let_a_curator_edit_a_published_record(curator_client):
    # The version is a draft; the record is published now: what counts is the record today.
    monument = MonumentFactory(state=State.DRAFT)
    version = Monument.history.filter(id=monument.pk).latest("history_date")
    monument.state = State.PUBLISHED
    monument.save()
    response = curator_client.post(f"/admin/registry/monument/{monument.pk}/history/"
                                   f"{version.history_id}/")
    assert response.status_code == 403


def test_the_revert_page_lists_the_parts_it_brings_back(curator_client, draft):
    version = Monument.history.filter(id=draft.pk).latest("history_date")
    html = curator_client.get(f"/admin/registry/monument/{draft.pk}/history/"
                              f"{version.history_id}/").content.decode()
    assert "Events in this version" in html
    assert "Unveiled 2019-05-09" in html
    assert "Памятник Сталину открыли." in html
    assert 'name="name_en"' not in html  # a version is reverted whole, not edited
