"""Who may do what through the API: the admin's roles, exactly (registry/workflow.py).

The matrix: anonymous, curator, reviewer, administrator × read a draft, read a published
record, create, update (a draft, a published record), retire.
"""

import pytest
from django.test import Client

from registry.choices import State
from registry.models import Monument
from tests.api_support import API, api_settings, token_client, user_with_role  # noqa: F401
from tests.factories import MonumentFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("api_settings")]

ROLES = [None, "curator", "reviewer", "administrator"]


def client_for(role: str | None) -> Client:
    return Client() if role is None else token_client(user_with_role(role))


def json_patch(client: Client, url: str, data: dict):
    return client.patch(url, data, content_type="application/json")


MATRIX = {
    # action:            anonymous, curator, reviewer, administrator
    "read draft":        (404, 200, 200, 200),
    "list drafts":       (403, 200, 200, 200),
    "read published":    (200, 200, 200, 200),
    "create":            (401, 201, 201, 201),
    "update draft":      (401, 200, 200, 200),
    "update published":  (401, 403, 200, 200),
    "retire":            (401, 403, 200, 200),
}


def perform(action: str, client: Client) -> int:
    draft = MonumentFactory(state=State.DRAFT)
    published = MonumentFactory()
    if action == "read draft":
        return client.get(API + f"monuments/{draft.public_id}/").status_code
    if action == "list drafts":
        response = client.get(API + "monuments/", {"state": "draft"})
        if response.status_code == 200:
            assert [row["public_id"] for row in response.json()["results"]] == [draft.public_id]
        return response.status_code
    if action == "read published":
        return client.get(API + f"monuments/{published.public_id}/").status_code
    if action == "create":
        return client.post(API + "monuments/", {"name_en": "New bust"},
                           content_type="application/json").status_code
    if action == "update draft":
        return json_patch(client, API + f"monuments/{draft.public_id}/",
                          {"material": "bronze"}).status_code
    if action == "update published":
        return json_patch(client, API + f"monuments/{published.public_id}/",
                          {"material": "bronze"}).status_code
    if action == "retire":
        status = client.delete(API + f"monuments/{published.public_id}/").status_code
        published.refresh_from_db()
        assert (published.state == State.RETIRED) == (status == 200)
        return status
    raise ValueError(action)


@pytest.mark.parametrize("action", list(MATRIX))
@pytest.mark.parametrize("role", ROLES, ids=[role or "anonymous" for role in ROLES])
def test_permission_matrix(role, action):
    expected = MATRIX[action][ROLES.index(role)]
    assert perform(action, client_for(role)) == expected


def test_retiring_keeps_the_record_and_its_history():
    published = MonumentFactory()
    response = client_for("reviewer").delete(API + f"monuments/{published.public_id}/")
    assert response.json()["state"] == State.RETIRED
    assert Monument.objects.filter(pk=published.pk).exists()
    assert published.history.first().state == State.RETIRED


def test_retiring_a_retired_record_is_a_409():
    retired = MonumentFactory(state=State.RETIRED)
    response = client_for("reviewer").delete(API + f"monuments/{retired.public_id}/")
    assert response.status_code == 409
    assert response.json()["errors"][0]["field"] == "state"


def test_an_account_without_a_role_reads_like_the_public_and_writes_nothing():
    plain = token_client(UserFactory(username="reader"))
    draft = MonumentFactory(state=State.DRAFT)
    assert plain.get(API + f"monuments/{draft.public_id}/").status_code == 404
    assert plain.get(API + "monuments/?state=draft").status_code == 403
    assert plain.post(API + "monuments/", {"name_en": "x"},
                      content_type="application/json").status_code == 403


def test_staff_see_curator_notes_and_the_public_does_not():
    draft = MonumentFactory(state=State.DRAFT, curator_notes="Check the date with the author.")
    published = MonumentFactory(curator_notes="Internal.")
    staff = client_for("curator").get(API + f"monuments/{draft.public_id}/").json()
    assert staff["curator_notes"] == "Check the date with the author."
    public = Client().get(API + f"monuments/{published.public_id}/").json()
    assert "curator_notes" not in public


def test_a_session_works_like_a_token_and_needs_the_csrf_token():
    curator = user_with_role("curator")
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(curator)
    refused = browser.post(API + "monuments/", {"name_en": "x"}, content_type="application/json")
    assert refused.status_code == 403
    assert "CSRF" in refused.json()["detail"]
    browser.get("/admin/")  # sets the CSRF cookie
    token = browser.cookies["csrftoken"].value
    created = browser.post(API + "monuments/", {"name_en": "x"},
                           content_type="application/json", HTTP_X_CSRFTOKEN=token)
    assert created.status_code == 201


def test_lists_stay_published_only_for_staff_unless_they_ask():
    MonumentFactory(state=State.DRAFT)
    published = MonumentFactory()
    curator = client_for("curator")
    listed = curator.get(API + "monuments/").json()["results"]
    assert [row["public_id"] for row in listed] == [published.public_id]
    everything = curator.get(API + "monuments/?state=draft,published").json()
    assert everything["count"] == 2


@pytest.mark.parametrize(("role", "step", "start", "status", "end"), [
    ("curator", "submit", State.DRAFT, 200, State.IN_REVIEW),
    ("curator", "publish", State.IN_REVIEW, 403, State.IN_REVIEW),
    ("reviewer", "publish", State.IN_REVIEW, 200, State.PUBLISHED),
    ("reviewer", "send_back", State.PUBLISHED, 200, State.DRAFT),
    ("reviewer", "restore", State.RETIRED, 200, State.DRAFT),
    ("reviewer", "publish", State.DRAFT, 409, State.DRAFT),
    ("administrator", "retire", State.IN_REVIEW, 200, State.RETIRED),
])
def test_workflow_steps_through_the_api_follow_the_roles(role, step, start, status, end):
    monument = MonumentFactory(state=start)
    response = client_for(role).post(API + f"monuments/{monument.public_id}/transition/",
                                     {"transition": step}, content_type="application/json")
    assert response.status_code == status, response.content
    monument.refresh_from_db()
    assert monument.state == end


def test_publishing_an_incomplete_record_says_what_is_missing():
    monument = MonumentFactory(state=State.IN_REVIEW, cited=False)
    response = client_for("reviewer").post(API + f"monuments/{monument.public_id}/transition/",
                                           {"transition": "publish"},
                                           content_type="application/json")
    assert response.status_code == 409
    assert "citation" in response.json()["detail"]
