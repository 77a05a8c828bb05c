"""Reverting a monument to an earlier version, with its events, roles, citations and photos.

django-simple-history keeps a row per change of every monument, event, actor role and citation.
A *version* of a monument is one of its history rows; it stands for the record as it was from
that save until the next save of the monument (the admin saves the monument first and its
inline events, roles and citations just after, so they belong to the same version).

`monument_revert()` brings back, as of that moment:

- the monument's own fields, except its publication state, public identifier, slug (its URL
  must not change) and who created it: reverting never publishes or unpublishes;
- its events (with their actors), actor roles, citations and photos: parts added since are
  deleted, parts deleted since are re-created with their old identifiers, changed parts get
  their old values back; a part moved to another record since (by a merge) comes back.

Actors and sources are shared by many records and are not reverted (they have their own
history). A revert is itself a change, recorded like any other, so it can be undone.
Photo files are never deleted from storage, so a photo brought back shows its image again.

Undoing a merge (registry/merge.py): revert the dropped record to its version before the
merge: its parts, identifiers and empty "duplicate of" come back (it stays retired until a
reviewer restores it); revert the kept record too to take back the identifiers it received.
"""

import datetime as dt

from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from registry import derived
from registry.models import ActorRole, Citation, Event, Monument, Photo

#: Monument fields a revert leaves as they are now.
KEPT_ON_REVERT = {"id", "public_id", "slug", "state", "created_at", "created_by",
                  "updated_at", "updated_by", "is_synthetic", "search_vector", "search_text",
                  "installed_earliest", "installed_latest", "installed_precision",
                  "installed_year", "sponsor_category"}


class RevertError(Exception):
    """A version that cannot be brought back (for example, a source it cites was deleted)."""


def version_end(version) -> dt.datetime | None:
    """The moment just before the monument's next save after `version` (None: still current)."""
    following = (Monument.history.filter(id=version.id, history_date__gt=version.history_date)
                 .order_by("history_date").values_list("history_date", flat=True).first())
    return None if following is None else following - dt.timedelta(microseconds=1)


def parts_as_of(model, monument_id: int, moment: dt.datetime | None):
    """Historical rows of `model` (Event, ActorRole, Citation) that belonged to the monument
    at `moment` (None: now), newest row per part."""
    history = model.history.all()
    if moment is not None:
        history = history.filter(history_date__lte=moment)
    ids = history.filter(monument_id=monument_id).values_list("id", flat=True).distinct()
    latest = history.filter(id__in=list(ids)).latest_of_each()
    return [row for row in latest if row.history_type != "-" and row.monument_id == monument_id]


def monument_revert(*, monument: Monument, version, user: AbstractBaseUser) -> Monument:
    """Bring `monument` back to `version` (a row of Monument.history), parts included."""
    if version.id != monument.pk:
        raise RevertError(_("That version belongs to another record."))
    moment = version_end(version)
    reason = _("Reverted to the version of %(date)s") % {
        "date": version.history_date.strftime("%Y-%m-%d %H:%M:%S")}
    try:
        with transaction.atomic(), derived.refreshing_later():
            old = version.instance
            for field in Monument._meta.concrete_fields:
                if field.name not in KEPT_ON_REVERT:
                    setattr(monument, field.attname, getattr(old, field.attname))
            monument.updated_by = user
            save_as(monument, user, reason)

            wanted = {model: parts_as_of(model, monument.pk, moment)
                      for model in (Event, ActorRole, Citation, Photo)}
            # Delete first (citations before what they cite) so restored parts never clash
            # with newer ones, e.g. on the one-role-per-actor constraint.
            for model in (Photo, Citation, ActorRole, Event):
                keep = {row.id for row in wanted[model]}
                for part in model.objects.filter(monument=monument).exclude(pk__in=keep):
                    delete_as(part, user, reason)
            for model in (Event, ActorRole, Citation, Photo):
                current = model.objects.in_bulk([row.id for row in wanted[model]])
                for row in wanted[model]:
                    part = row.instance
                    if _same(current.get(row.id), part):
                        part = current[row.id]
                    else:
                        save_as(part, user, reason)
                    if model is Event:
                        _restore_actors(part, row)
    except IntegrityError as error:
        raise RevertError(
            _("This version cannot be brought back: it refers to an actor or source that has "
              "since been deleted.")) from error
    monument.refresh_from_db()
    return monument


def _same(current, old) -> bool:
    if current is None:
        return False
    return all(getattr(current, f.attname) == getattr(old, f.attname)
               for f in type(old)._meta.concrete_fields)


def _restore_actors(event: Event, row) -> None:
    actor_ids = {link.actor_id for link in row.actors.all()}
    if set(event.actors.values_list("pk", flat=True)) != actor_ids:
        event.actors.set(actor_ids)


def save_as(instance, user, reason: str) -> None:
    """Save `instance`, its history version naming `user` and `reason`."""
    instance._history_user = user
    instance._change_reason = reason
    instance.save()


def delete_as(instance, user, reason: str) -> None:
    """Delete `instance`, its history naming `user` and `reason`."""
    instance._history_user = user
    instance._change_reason = reason
    instance.delete()
