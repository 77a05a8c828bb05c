"""The publication workflow in the admin: who may see, edit and move which records.

The matrix of roles and states is exercised through HTTP, the way a curator meets it: the
change form, its workflow buttons, and the bulk actions of the list.
"""

import pytest
from django.contrib.auth.models import Group

from registry.choices import State
from registry.models import Monument
from registry.workflow import ADMINISTRATOR, CURATOR, REVIEWER
from tests.factories import EventFactory, MonumentFactory, UserFactory, user_with_role
from tests.forms import form_data

pytestmark = pytest.mark.django_db


def change_url(monument) -> str:
    return f"/admin/registry/monument/{monument.pk}/change/"


def post_change(client, monument, **changes):
    """Submit the monument's change form as a browser would, with some fields changed."""
    page = client.get(change_url(monument))
    data = form_data(page.content.decode(), "monument_form")
    data.update(changes)
    return client.post(change_url(monument), data)


@pytest.fixture
def login(client):
    def log_in(role: str):
        client.force_login(user_with_role(role))
        return client

    return log_in


# --- The role matrix --------------------------------------------------------------------------

EDIT, VIEW = "edit", "view"


@pytest.mark.parametrize(("role", "state", "expected"), [
    (CURATOR, State.DRAFT, EDIT),
    (CURATOR, State.IN_REVIEW, EDIT),
    (CURATOR, State.PUBLISHED, VIEW),
    (CURATOR, State.RETIRED, VIEW),
    (REVIEWER, State.DRAFT, EDIT),
    (REVIEWER, State.IN_REVIEW, EDIT),
    (REVIEWER, State.PUBLISHED, EDIT),
    (REVIEWER, State.RETIRED, EDIT),
    (ADMINISTRATOR, State.PUBLISHED, EDIT),
    (ADMINISTRATOR, State.RETIRED, EDIT),
])
def test_who_may_edit_a_record_in_the_admin_depends_on_role_and_state(login, role, state,
                                                                      expected):
    monument = MonumentFactory(state=state, name_en="Before")
    client = login(role)
    page = client.get(change_url(monument))
    assert page.status_code == 200
    editable = 'name="name_en"' in page.content.decode()
    assert editable is (expected == EDIT)

    response = post_change(client, monument, name_en="After") if editable else client.post(
        change_url(monument), {"name_en": "After"})
    monument.refresh_from_db()
    if expected == EDIT:
        assert response.status_code == 302
        assert monument.name_en == "After"
    else:
        assert response.status_code == 403
        assert monument.name_en == "Before"


@pytest.mark.parametrize("role", [CURATOR, REVIEWER, ADMINISTRATOR, "superuser"])
def test_nobody_deletes_a_monument_in_the_admin(client, role):
    user = (UserFactory(username="root", is_staff=True, is_superuser=True) if role == "superuser"
            else user_with_role(role))
    client.force_login(user)
    monument = MonumentFactory(state=State.DRAFT)
    assert client.get(f"/admin/registry/monument/{monument.pk}/delete/").status_code == 403
    assert client.post(f"/admin/registry/monument/{monument.pk}/delete/",
                       {"post": "yes"}).status_code == 403
    changelist = client.get("/admin/registry/monument/").content.decode()
    assert "delete_selected" not in changelist
    assert Monument.objects.filter(pk=monument.pk).exists()


def test_curators_create_records_as_drafts_attributed_to_them(login):
    client = login(CURATOR)
    page = client.get("/admin/registry/monument/add/")
    data = form_data(page.content.decode(), "monument_form")
    data.update(name_en="A new bust", country="RU", state=State.PUBLISHED)
    response = client.post("/admin/registry/monument/add/", data)
    assert response.status_code == 302
    monument = Monument.objects.get(name_en="A new bust")
    assert monument.state == State.DRAFT  # the state field is not in the form at all
    assert monument.created_by.username == CURATOR


def test_the_state_cannot_be_typed_into_the_change_form(login):
    monument = MonumentFactory(state=State.DRAFT)
    response = post_change(login(CURATOR), monument, state=State.PUBLISHED)
    assert response.status_code == 302
    monument.refresh_from_db()
    assert monument.state == State.DRAFT


def test_staff_without_a_role_see_no_records(client):
    client.force_login(UserFactory(username="nobody", is_staff=True))
    assert client.get("/admin/registry/monument/").status_code == 403


def test_the_role_groups_are_what_the_admin_checks():
    # The matrix above relies on the groups of migration 0005; guard against an empty group.
    for role in (CURATOR, REVIEWER, ADMINISTRATOR):
        assert Group.objects.get(name=role).permissions.filter(
            codename="change_monument").exists()


# --- Parts follow their monument --------------------------------------------------------------


def test_a_curator_cannot_change_an_event_of_a_published_record_on_its_own_page(login):
    event = EventFactory(monument=MonumentFactory(state=State.PUBLISHED), date="2020")
    client = login(CURATOR)
    assert client.post(f"/admin/registry/event/{event.pk}/change/",
                       {"monument": event.monument.pk, "kind": "installed",
                        "date": "2001"}).status_code == 403
    event.refresh_from_db()
    assert event.date == "2020"


def test_a_curator_cannot_attach_a_new_event_to_a_published_record(login):
    monument = MonumentFactory(state=State.PUBLISHED)
    response = login(CURATOR).post("/admin/registry/event/add/", {
        "monument": monument.pk, "kind": "vandalised", "date": "2024"})
    assert response.status_code == 200
    assert "only a reviewer may change it" in response.content.decode()
    assert not monument.events.filter(kind="vandalised").exists()


def test_inlines_of_a_published_record_are_read_only_for_a_curator(login):
    monument = MonumentFactory(state=State.PUBLISHED)
    html = login(CURATOR).get(change_url(monument)).content.decode()
    assert 'name="events-0-date"' not in html
    assert 'name="events-TOTAL_FORMS"' not in html or "events-__prefix__" not in html


# --- Workflow buttons on the change form ------------------------------------------------------


def press(client, monument, step: str):
    return client.post(f"/admin/registry/monument/{monument.pk}/transition/{step}/",
                       follow=True)


@pytest.mark.parametrize(("role", "step", "start", "end"), [
    (CURATOR, "submit", State.DRAFT, State.IN_REVIEW),
    (REVIEWER, "submit", State.DRAFT, State.IN_REVIEW),
    (REVIEWER, "publish", State.IN_REVIEW, State.PUBLISHED),
    (REVIEWER, "send_back", State.IN_REVIEW, State.DRAFT),
    (REVIEWER, "send_back", State.PUBLISHED, State.DRAFT),
    (REVIEWER, "retire", State.PUBLISHED, State.RETIRED),
    (REVIEWER, "retire", State.DRAFT, State.RETIRED),
    (REVIEWER, "restore", State.RETIRED, State.DRAFT),
    (ADMINISTRATOR, "publish", State.IN_REVIEW, State.PUBLISHED),
])
def test_each_workflow_button_moves_the_record(login, role, step, start, end):
    monument = MonumentFactory(state=start)
    response = press(login(role), monument, step)
    assert response.status_code == 200
    monument.refresh_from_db()
    assert monument.state == end
    assert f"is now {monument.get_state_display().lower()}" in response.content.decode()


@pytest.mark.parametrize(("role", "step", "start", "message"), [
    (CURATOR, "publish", State.IN_REVIEW, "You may not publish records."),
    (CURATOR, "retire", State.PUBLISHED, "You may not retire records."),
    (CURATOR, "send_back", State.IN_REVIEW, "You may not send back to draft records."),
    (CURATOR, "restore", State.RETIRED, "You may not restore as draft records."),
    (REVIEWER, "publish", State.DRAFT, "cannot be moved with"),
    (REVIEWER, "submit", State.PUBLISHED, "cannot be moved with"),
    (REVIEWER, "restore", State.PUBLISHED, "cannot be moved with"),
    (REVIEWER, "jump", State.DRAFT, "There is no “jump” step."),
])
def test_a_refused_step_says_why_and_changes_nothing(login, role, step, start, message):
    monument = MonumentFactory(state=start)
    response = press(login(role), monument, step)
    assert message in response.content.decode()
    monument.refresh_from_db()
    assert monument.state == start


@pytest.mark.parametrize(("factory_kwargs", "missing"), [
    ({"cited": False}, "It needs at least one citation with a source."),
    ({"region": None}, "It needs a region."),
    ({"installed": False}, "It needs a first-installation event (installed or unveiled)."),
    ({"sponsor": False}, "It needs a sponsor role, or “sponsor unknown” ticked."),
])
def test_publishing_an_incomplete_record_names_what_is_missing(login, factory_kwargs, missing):
    monument = MonumentFactory(state=State.IN_REVIEW, **factory_kwargs)
    response = press(login(REVIEWER), monument, "publish")
    html = response.content.decode()
    assert "This record cannot be published yet." in html
    assert missing in html
    monument.refresh_from_db()
    assert monument.state == State.IN_REVIEW


def test_the_change_form_lists_what_publishing_still_needs(login):
    monument = MonumentFactory(state=State.DRAFT, cited=False)
    html = login(CURATOR).get(change_url(monument)).content.decode()
    assert "Before it can be published, this record needs:" in html
    assert "It needs at least one citation with a source." in html


@pytest.mark.parametrize(("role", "state", "shown", "hidden"), [
    (CURATOR, State.DRAFT, ["Submit for review"], ["Publish", "Retire"]),
    (CURATOR, State.IN_REVIEW, [], ["Publish", "Send back to draft", "Submit for review"]),
    (REVIEWER, State.IN_REVIEW, ["Publish", "Send back to draft", "Retire"], ["Submit"]),
    (REVIEWER, State.RETIRED, ["Restore as draft"], ["Publish"]),
])
def test_the_change_form_offers_only_the_steps_the_user_may_take(login, role, state, shown,
                                                                 hidden):
    monument = MonumentFactory(state=state)
    html = login(role).get(change_url(monument)).content.decode()
    buttons = html[html.index('class="object-tools"'):html.index("</ul>",
                                                                  html.index("object-tools"))]
    for label in shown:
        assert f">{label}</button>" in buttons
    for label in hidden:
        assert f">{label}</button>" not in buttons


def test_a_workflow_step_needs_a_post(login):
    monument = MonumentFactory(state=State.DRAFT)
    response = login(CURATOR).get(f"/admin/registry/monument/{monument.pk}/transition/submit/")
    assert response.status_code == 405


# --- Bulk actions -----------------------------------------------------------------------------


def test_bulk_publish_publishes_complete_records_and_reports_the_others(login):
    ready = MonumentFactory(state=State.IN_REVIEW, name_en="Ready")
    uncited = MonumentFactory(state=State.IN_REVIEW, name_en="Uncited", cited=False)
    response = login(REVIEWER).post("/admin/registry/monument/", {
        "action": "transition_publish", "_selected_action": [ready.pk, uncited.pk]},
        follow=True)
    html = response.content.decode()
    assert "Publish: 1 record(s) done." in html
    assert "Uncited" in html and "It needs at least one citation with a source." in html
    ready.refresh_from_db()
    uncited.refresh_from_db()
    assert (ready.state, uncited.state) == (State.PUBLISHED, State.IN_REVIEW)


def test_a_curator_is_not_offered_the_reviewers_actions(login):
    MonumentFactory(state=State.DRAFT)
    html = login(CURATOR).get("/admin/registry/monument/").content.decode()
    assert 'value="transition_submit"' in html
    for action in ("transition_publish", "transition_retire", "transition_send_back",
                   "merge_selected"):
        assert f'value="{action}"' not in html
