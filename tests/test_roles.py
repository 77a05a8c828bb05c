"""Roles and the publication workflow: who may do what, and what publishing requires."""

import pytest
from django.contrib.auth.models import Group

from registry.choices import State
from registry.workflow import (
    ADMINISTRATOR,
    CURATOR,
    REVIEWER,
    ROLE_PERMISSIONS,
    TransitionError,
    can_edit,
    monument_transition,
)
from tests.factories import MonumentFactory, UserFactory

pytestmark = pytest.mark.django_db


def user_with_role(role: str):
    user = UserFactory(username=role, is_staff=True)
    user.groups.add(Group.objects.get(name=role))
    return user


def test_the_role_groups_created_by_migration_match_the_workflow_rules():
    for role, expected in ROLE_PERMISSIONS.items():
        group = Group.objects.get(name=role)
        actual = {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()}
        assert actual == set(expected), role


@pytest.mark.parametrize(("role", "state", "allowed"), [
    (CURATOR, State.DRAFT, True),
    (CURATOR, State.IN_REVIEW, True),
    (CURATOR, State.PUBLISHED, False),
    (REVIEWER, State.PUBLISHED, True),
    (ADMINISTRATOR, State.RETIRED, True),
])
def test_who_may_edit_a_record_depends_on_its_state(role, state, allowed):
    assert can_edit(user_with_role(role), MonumentFactory(state=state)) is allowed


@pytest.mark.parametrize(("role", "step", "start", "end"), [
    (CURATOR, "submit", State.DRAFT, State.IN_REVIEW),
    (REVIEWER, "publish", State.IN_REVIEW, State.PUBLISHED),
    (REVIEWER, "send_back", State.IN_REVIEW, State.DRAFT),
    (REVIEWER, "retire", State.PUBLISHED, State.RETIRED),
    (REVIEWER, "restore", State.RETIRED, State.DRAFT),
])
def test_each_role_makes_its_own_steps(role, step, start, end):
    monument = MonumentFactory(state=start)
    monument_transition(monument=monument, name=step, user=user_with_role(role))
    monument.refresh_from_db()
    assert monument.state == end


@pytest.mark.parametrize("step", ["publish", "retire", "send_back"])
def test_a_curator_may_not_publish_retire_or_send_back(step):
    monument = MonumentFactory(state=State.IN_REVIEW)
    with pytest.raises(TransitionError, match="You may not"):
        monument_transition(monument=monument, name=step, user=user_with_role(CURATOR))


def test_a_step_from_the_wrong_state_is_refused():
    with pytest.raises(TransitionError, match="cannot be moved"):
        monument_transition(monument=MonumentFactory(state=State.DRAFT), name="publish",
                            user=user_with_role(REVIEWER))


@pytest.mark.parametrize(("factory_kwargs", "missing"), [
    ({"cited": False}, "citation"),
    ({"region": None}, "region"),
    ({"installed": False}, "first-installation event"),
    ({"sponsor": False}, "sponsor"),
])
def test_publishing_says_which_requirement_is_missing(factory_kwargs, missing):
    monument = MonumentFactory(state=State.IN_REVIEW, **factory_kwargs)
    with pytest.raises(TransitionError) as error:
        monument_transition(monument=monument, name="publish", user=user_with_role(REVIEWER))
    assert missing in str(error.value)
    monument.refresh_from_db()
    assert monument.state == State.IN_REVIEW


def test_sponsor_unknown_stands_in_for_a_sponsor_role():
    monument = MonumentFactory(state=State.IN_REVIEW, sponsor=False, sponsor_unknown=True)
    monument_transition(monument=monument, name="publish", user=user_with_role(REVIEWER))
    assert monument.state == State.PUBLISHED
