"""Who may do what through the API: exactly what they may do in the admin (registry/workflow.py).

- Anyone reads published records.
- Curators, reviewers and administrators (whoever may view monuments in the admin) also read
  drafts, records in review and retired ones: by public id, or in lists with `?state=`.
- Creating needs `add_monument`; changing a record needs `can_edit` (curators change drafts and
  records in review, reviewers also published ones); DELETE retires and needs
  `retire_monument`; workflow steps need the step's own permission.
"""

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.utils.translation import gettext as _
from rest_framework import permissions

from registry.models import Monument
from registry.workflow import can_edit

VIEW_ALL = "registry.view_monument"


def sees_unpublished(user: AbstractBaseUser | AnonymousUser | None) -> bool:
    """Whether this user may read records that are not published."""
    return bool(user and user.is_authenticated and user.has_perm(VIEW_ALL))


class MonumentPermission(permissions.BasePermission):
    """Reads for everyone (the queryset hides what a user may not see); writes by role."""

    def has_permission(self, request, view) -> bool:
        if request.method in permissions.SAFE_METHODS:
            return True
        if not (request.user and request.user.is_authenticated):
            return False
        if request.method == "POST" and getattr(view, "action", None) == "create":
            return request.user.has_perm("registry.add_monument")
        return request.user.has_perm("registry.change_monument") or request.user.has_perm(
            "registry.retire_monument")

    def has_object_permission(self, request, view, obj: Monument) -> bool:
        if request.method in permissions.SAFE_METHODS:
            return True
        if request.method == "DELETE":
            self.message = _("Retiring a record needs a reviewer or an administrator.")
            return request.user.has_perm("registry.retire_monument")
        if getattr(view, "action", None) == "transition":
            return True  # the step's own permission is checked by monument_transition
        self.message = _("Curators change drafts and records in review; a %(state)s record "
                         "needs a reviewer.") % {"state": obj.get_state_display().lower()}
        return can_edit(request.user, obj)
