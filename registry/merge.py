"""Merging two records of the same monument.

`monument_merge(keep=…, drop=…, user=…)` moves the dropped record's events, actor roles,
citations, photos and identifiers to the kept one, and retires the dropped record as
"duplicate of" the kept one. Nothing is deleted but exact repeats (a role or citation the kept
record already has); every move is a saved change with its history.

The public URL of a merged-away record stays valid: `merged_redirect_url()` says where it goes.
The contract for the public monument page (registry/views.py):

    monument = Monument.objects.filter(public_id=…).first()      # in any state
    if url := merged_redirect_url(monument):
        return HttpResponsePermanentRedirect(url)                 # 301 to the kept record
    if monument is None or not monument.is_public:
        raise Http404
"""

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from registry import derived
from registry.choices import Role, State
from registry.history import delete_as, save_as
from registry.models import Monument

#: Links to other databases; they move to the kept record where it has none.
IDENTIFIER_FIELDS = ("wikidata_id", "osm_id", "commons_category", "wikipedia_en", "wikipedia_ru")


class MergeError(Exception):
    """A merge that is not allowed; `reasons` says why."""

    def __init__(self, reasons: list[str]):
        self.reasons = reasons
        super().__init__(" ".join(reasons))


def canonical(monument: Monument) -> Monument:
    """The record a merged-away record ended up in (itself when it was never merged)."""
    seen = {monument.pk}
    while monument.duplicate_of_id is not None and monument.duplicate_of_id not in seen:
        monument = Monument.objects.get(pk=monument.duplicate_of_id)
        seen.add(monument.pk)
    return monument


def merged_redirect_url(monument: Monument | None) -> str | None:
    """Where the public page of a merged-away record redirects (301), or None.

    Only to a published record: a visitor is never sent to a page that would not show.
    """
    if monument is None or monument.duplicate_of_id is None:
        return None
    target = canonical(monument)
    if target.state != State.PUBLISHED:
        return None
    return target.get_absolute_url()


def merge_problems(*, keep: Monument, drop: Monument, user: AbstractBaseUser) -> list[str]:
    """Why these two records cannot be merged by this user (empty when they can)."""
    problems = []
    if not user.has_perm("registry.merge_monument"):
        problems.append(_("You may not merge records."))
    if keep.pk == drop.pk:
        problems.append(_("A record cannot be merged with itself."))
    for monument in (keep, drop):
        if monument.duplicate_of_id is not None:
            problems.append(_("#%(id)s is already merged into another record.")
                            % {"id": monument.public_id})
    if keep.state == State.RETIRED:
        problems.append(_("The record to keep is retired; restore it first."))
    if drop.state == State.PUBLISHED and keep.state != State.PUBLISHED:
        problems.append(_("#%(drop)s is published and #%(keep)s is not: keep the published "
                          "record, or publish the other first, so the public URL keeps working.")
                        % {"drop": drop.public_id, "keep": keep.public_id})
    return problems


def monument_merge(*, keep: Monument, drop: Monument, user: AbstractBaseUser) -> Monument:
    """Merge `drop` into `keep`, or raise MergeError saying why not."""
    problems = merge_problems(keep=keep, drop=drop, user=user)
    if problems:
        raise MergeError(problems)
    into_keep = _("Merged #%(drop)s into this record") % {"drop": drop.public_id}
    with transaction.atomic(), derived.refreshing_later():
        # Lock both rows so two reviewers cannot merge the same records at once.
        list(Monument.objects.select_for_update().filter(pk__in=[keep.pk, drop.pk]))

        # Both records are saved first and their parts moved after, as the admin saves a
        # record before its inlines: a record's version then ends where the merge begins,
        # so reverting the dropped record to it brings its parts back (registry/history.py).
        notes = []
        for name in IDENTIFIER_FIELDS:
            value = getattr(drop, name)
            if not value:
                continue
            if not getattr(keep, name):
                setattr(keep, name, value)
            elif getattr(keep, name) != value:
                notes.append(_("Merged #%(drop)s had %(field)s “%(value)s”, not kept.")
                             % {"drop": drop.public_id, "value": value,
                                "field": Monument._meta.get_field(name).verbose_name})
            setattr(drop, name, "")
        if keep.latitude is None and drop.latitude is not None:
            keep.latitude, keep.longitude = drop.latitude, drop.longitude
            keep.coordinate_precision = drop.coordinate_precision
        if keep.sponsor_unknown and drop.roles.filter(role=Role.SPONSOR).exists():
            keep.sponsor_unknown = False
        if notes:
            keep.curator_notes = "\n".join(filter(None, [keep.curator_notes, *notes]))
        keep.updated_by = drop.updated_by = user
        drop.duplicate_of, drop.state = keep, State.RETIRED
        save_as(drop, user, _("Merged into #%(keep)s") % {"keep": keep.public_id})
        save_as(keep, user, into_keep)

        for part in [*drop.events.all(), *drop.photos.all()]:
            part.monument = keep
            save_as(part, user, into_keep)
        # A study that counted the dropped record counted the kept one; where it listed both
        # (it counted a duplicate too), its row for the dropped record stays there, visible.
        counted_in = set(keep.dataset_entries.values_list("dataset_id", flat=True))
        for entry in drop.dataset_entries.exclude(dataset_id__in=counted_in):
            entry.monument = keep
            save_as(entry, user, into_keep)
        roles = _move_roles(keep, drop, user, into_keep)
        _move_citations(keep, drop, roles, user, into_keep)
        for role in drop.roles.all():  # exact repeats of the kept record's roles
            delete_as(role, user, into_keep)

        for earlier in Monument.objects.filter(duplicate_of=drop):
            earlier.duplicate_of = keep
            save_as(earlier, user, into_keep)
        derived.refresh([keep.pk, drop.pk])
    keep.refresh_from_db()
    return keep


def _move_roles(keep: Monument, drop: Monument, user, reason: str) -> dict[int, int]:
    """Move the dropped record's roles after the kept ones; returns old role → kept role."""
    kept = {(role.actor_id, role.role): role.pk for role in keep.roles.all()}
    last = keep.roles.aggregate(last=Max("position"))["last"]
    position = 0 if last is None else last + 1
    mapping = {}
    for role in drop.roles.order_by("position", "pk"):
        if (role.actor_id, role.role) in kept:
            mapping[role.pk] = kept[(role.actor_id, role.role)]
            continue
        role.monument, role.position = keep, position
        position += 1
        save_as(role, user, reason)
        mapping[role.pk] = role.pk
    return mapping


def _move_citations(keep: Monument, drop: Monument, roles: dict[int, int], user,
                    reason: str) -> None:
    def key(citation):
        return (citation.source_id, citation.claim, " ".join(citation.quote.split()),
                citation.event_id, citation.role_id)

    kept = {key(citation) for citation in keep.citations.all()}
    for citation in drop.citations.all():
        citation.role_id = roles.get(citation.role_id) if citation.role_id else None
        if key(citation) in kept:
            delete_as(citation, user, reason)
            continue
        citation.monument = keep
        save_as(citation, user, reason)
        kept.add(key(citation))

