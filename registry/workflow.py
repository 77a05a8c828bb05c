"""The publication workflow: draft → in review → published → retired, and who may do what.

The admin and the API both call these functions, so a rule holds everywhere or nowhere.

Roles (groups created by migration 0005, permissions in `ROLE_PERMISSIONS`):
- curator: creates records and edits drafts and records in review, submits them for review;
- reviewer: everything a curator does, and publishes, sends back, retires and merges;
  edits published records;
- administrator: everything, including accounts.
"""

from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from registry.choices import FIRST_INSTALLATION_EVENTS, Role, State
from registry.models import Monument

CURATOR, REVIEWER, ADMINISTRATOR = "curator", "reviewer", "administrator"

_CURATED = ["monument", "event", "actorrole", "citation", "actor", "source", "photo"]

#: Each role's permissions, as `app_label.codename`; migration 0005 creates the groups
#: (a test checks that the two agree).
ROLE_PERMISSIONS: dict[str, list[str]] = {
    CURATOR: [f"registry.{action}_{model}" for model in _CURATED
              for action in ("view", "add", "change")]
    + [f"registry.delete_{model}" for model in ("event", "actorrole", "citation", "photo")]
    + ["registry.view_region"],
    REVIEWER: [],  # filled below: a reviewer can do all a curator can, and more
    ADMINISTRATOR: [],
}
ROLE_PERMISSIONS[REVIEWER] = ROLE_PERMISSIONS[CURATOR] + [
    "registry.publish_monument", "registry.retire_monument", "registry.merge_monument",
]
ROLE_PERMISSIONS[ADMINISTRATOR] = ROLE_PERMISSIONS[REVIEWER] + [
    "registry.add_region", "registry.change_region",
    "registry.delete_actor", "registry.delete_source",
    "auth.view_user", "auth.add_user", "auth.change_user", "auth.view_group",
]

# Published datasets (registry/models/datasets.py): every role records which records a study
# counts, and sees the releases (migration 0011 grants these).
DATASET_PERMISSIONS = [f"registry.{action}_{model}" for model in ("dataset", "datasetentry")
                       for action in ("view", "add", "change")
                       ] + ["registry.delete_datasetentry", "registry.view_release"]
for _permissions in ROLE_PERMISSIONS.values():
    _permissions += DATASET_PERMISSIONS


class TransitionError(Exception):
    """A transition that is not allowed; `reasons` says why, in words a curator understands."""

    def __init__(self, reasons: list[str]):
        self.reasons = reasons
        super().__init__(" ".join(reasons))


@dataclass(frozen=True)
class Transition:
    name: str
    label: str
    source: tuple[str, ...]
    target: str
    permission: str


TRANSITIONS: dict[str, Transition] = {
    transition.name: transition
    for transition in [
        Transition("submit", gettext_lazy("Submit for review"), (State.DRAFT,),
                   State.IN_REVIEW, "registry.change_monument"),
        Transition("send_back", gettext_lazy("Send back to draft"),
                   (State.IN_REVIEW, State.PUBLISHED), State.DRAFT,
                   "registry.publish_monument"),
        Transition("publish", gettext_lazy("Publish"), (State.IN_REVIEW,), State.PUBLISHED,
                   "registry.publish_monument"),
        Transition("retire", gettext_lazy("Retire"),
                   (State.DRAFT, State.IN_REVIEW, State.PUBLISHED), State.RETIRED,
                   "registry.retire_monument"),
        Transition("restore", gettext_lazy("Restore as draft"), (State.RETIRED,), State.DRAFT,
                   "registry.retire_monument"),
    ]
}


def publication_problems(monument: Monument) -> list[str]:
    """What a record lacks before it can be published (empty when it can)."""
    problems = []
    if not monument.citations.filter(source__isnull=False).exists():
        problems.append(_("It needs at least one citation with a source."))
    if monument.region_id is None:
        problems.append(_("It needs a region."))
    if not monument.events.filter(kind__in=FIRST_INSTALLATION_EVENTS).exists():
        problems.append(_("It needs a first-installation event (installed or unveiled)."))
    if not monument.sponsor_unknown and not monument.roles.filter(role=Role.SPONSOR).exists():
        problems.append(_("It needs a sponsor role, or “sponsor unknown” ticked."))
    if monument.duplicate_of_id is not None:
        problems.append(_("It is marked as a duplicate of another record."))
    return problems


def allowed_transitions(user: AbstractBaseUser | AnonymousUser,
                        monument: Monument) -> list[Transition]:
    """The transitions this user may attempt on this record now."""
    return [t for t in TRANSITIONS.values()
            if monument.state in t.source and user.has_perm(t.permission)]


def can_edit(user: AbstractBaseUser | AnonymousUser, monument: Monument | None = None) -> bool:
    """Curators edit drafts and records in review; published and retired ones need a reviewer."""
    if not user.has_perm("registry.change_monument"):
        return False
    if monument is None or monument.state in (State.DRAFT, State.IN_REVIEW):
        return True
    return user.has_perm("registry.publish_monument")


def monument_transition(*, monument: Monument, name: str,
                        user: AbstractBaseUser) -> Monument:
    """Move a record along the workflow, or raise TransitionError saying why not."""
    transition = TRANSITIONS.get(name)
    if transition is None:
        raise TransitionError([_("There is no “%(name)s” step.") % {"name": name}])
    if not user.has_perm(transition.permission):
        raise TransitionError([_("You may not %(step)s records.")
                               % {"step": str(transition.label).lower()}])
    if monument.state not in transition.source:
        raise TransitionError([
            _("A record that is %(state)s cannot be moved with “%(step)s”.")
            % {"state": monument.get_state_display().lower(), "step": transition.label}
        ])
    if transition.target == State.PUBLISHED:
        problems = publication_problems(monument)
        if problems:
            raise TransitionError([_("This record cannot be published yet."), *problems])
    with transaction.atomic():
        monument.state = transition.target
        monument.updated_by = user
        monument._change_reason = str(transition.label)
        monument.save()
    return monument
