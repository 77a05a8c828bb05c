"""Writing monuments through the API, validated like the admin and recorded like the admin.

Every part is checked with the model's own `full_clean()` (field rules, choices and the
database constraints), all inside one transaction: a request either changes everything it asks
for or nothing. The user is recorded in `created_by` / `updated_by` and in the change history
of every part (`_history_user`: token requests do not pass through the session middleware
that simple-history otherwise reads the user from).
"""

from collections.abc import Callable
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import DataError, IntegrityError, models, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from registry import derived
from registry.choices import State
from registry.dates import EDTFError, parse_date_range
from registry.models import ActorRole, Citation, Event, Monument
from registry.workflow import publication_problems

#: Which field a violated database constraint is about, for error messages.
CONSTRAINT_FIELDS = {
    "monument_latitude_range": ("latitude", _lazy("Latitude must be between -90 and 90.")),
    "monument_longitude_range": ("longitude",
                                 _lazy("Longitude must be between -180 and 180.")),
    "monument_coordinates_in_pairs": ("latitude",
                                      _lazy("Give both latitude and longitude, or neither.")),
    "monument_height_plausible": ("height_m", _lazy("Height must be above 0 and at most 100 m.")),
    "monument_country_is_iso_3166_1": ("country", _lazy("An ISO 3166-1 alpha-2 code.")),
    "monument_controlled_by_is_iso_3166_1": ("controlled_by",
                                             _lazy("An ISO 3166-1 alpha-2 code.")),
    "monument_published_has_region": ("region", _lazy("A published record needs a region.")),
    "monument_wikidata_id_format": ("wikidata_id", _lazy("A Wikidata item such as Q4115189.")),
    "monument_osm_id_format": ("osm_id", _lazy("node/123, way/456 or relation/789.")),
    "event_dates_plausible": ("date", _lazy("The date must fall between 1900 and 2100.")),
    "actor_role_unique_per_monument": ("role",
                                       _lazy("This actor already has this role on the record.")),
}

#: Fields the API never writes: derived, or set from the request. (The state is not excluded:
#: constraints that mention an excluded field would go unchecked.)
_NOT_WRITTEN = ["public_id", "installed_earliest", "installed_latest", "installed_precision",
                "installed_year", "sponsor_category", "is_synthetic", "created_by", "updated_by",
                "search_vector", "search_text"]

_NESTED = ("events", "roles", "citations")


class WriteError(Exception):
    """What is wrong with a write, as {field: [reasons]}; nested parts as lists aligned with
    the request (`{"events": [{}, {"date": ["…"]}]}`)."""

    def __init__(self, errors: dict[str, Any]):
        self.errors = errors
        super().__init__(str(errors))


def _messages(error: ValidationError) -> dict[str, list[str]]:
    if not hasattr(error, "error_dict"):
        return {NON_FIELD_ERRORS: error.messages}
    return {field: list(messages) for field, messages in error.message_dict.items()}


def _clean(instance: models.Model, exclude: list[str]) -> dict[str, list[str]]:
    """The model's own validation (`full_clean`), with each violated constraint reported on
    the field it is about (Django reports them for the record as a whole)."""
    errors: dict[str, list[str]] = {}
    try:
        instance.full_clean(exclude=exclude, validate_constraints=False)
    except ValidationError as error:
        errors = _messages(error)
    for constraint in instance._meta.constraints:
        try:
            constraint.validate(type(instance), instance, exclude=set(exclude))
        except ValidationError as error:
            field, message = CONSTRAINT_FIELDS.get(constraint.name, (NON_FIELD_ERRORS, None))
            errors.setdefault(field, []).extend([str(message)] if message else error.messages)
    return errors


def _stamp(instance: models.Model, user: AbstractBaseUser) -> None:
    instance._history_user = user


def monument_create(*, data: dict[str, Any], user: AbstractBaseUser) -> Monument:
    """A new draft from validated serializer data (state is always draft)."""
    monument = Monument(state=State.DRAFT, created_by=user)
    return _save(monument, data, user)


def monument_update(*, monument: Monument, data: dict[str, Any],
                    user: AbstractBaseUser) -> Monument:
    return _save(monument, data, user)


def _save(monument: Monument, data: dict[str, Any], user: AbstractBaseUser) -> Monument:
    nested = {name: data.pop(name) for name in _NESTED if name in data}
    try:
        with transaction.atomic(), derived.refreshing_later():
            for field, value in data.items():
                setattr(monument, field, value)
            monument.updated_by = user
            _stamp(monument, user)
            errors = _clean(monument, exclude=_NOT_WRITTEN)
            if errors:
                raise WriteError(errors)
            monument.save()
            nested_errors: dict[str, Any] = {}
            if "events" in nested:
                _sync(monument, nested_errors, "events", nested["events"], monument.events.all(),
                      lambda: Event(monument=monument), _apply_event, user)
            if "roles" in nested:
                _sync(monument, nested_errors, "roles", nested["roles"], monument.roles.all(),
                      lambda: ActorRole(monument=monument), _apply_plain, user)
            if "citations" in nested:
                _check_citation_targets(monument, nested["citations"], nested_errors)
                if "citations" not in nested_errors:
                    _sync(monument, nested_errors, "citations", nested["citations"],
                          monument.citations.all(), lambda: Citation(monument=monument),
                          _apply_citation, user)
            if nested_errors:
                raise WriteError(nested_errors)
            if monument.state == State.PUBLISHED:
                problems = publication_problems(monument)
                if problems:
                    raise WriteError({NON_FIELD_ERRORS: [
                        _("A published record must stay publishable:"), *problems]})
    except (IntegrityError, DataError) as error:
        # The checks above mirror the constraints; this is the last line, never a 500.
        raise WriteError({NON_FIELD_ERRORS: [
            _("The database refused the change: %(reason)s")
            % {"reason": str(error).splitlines()[0]}]}) from error
    return monument


def _sync(monument: Monument, errors: dict[str, Any], name: str, items: list[dict[str, Any]],
          existing_qs, new: Callable[[], models.Model],
          apply: Callable[[models.Model, dict[str, Any]], dict[str, list[str]]],
          user: AbstractBaseUser) -> None:
    """Make a record's events, roles or citations exactly `items` (see MonumentWriteSerializer).
    """
    existing = {obj.pk: obj for obj in existing_qs}
    listed = [item.get("id") for item in items if item.get("id") is not None]
    item_errors: list[dict[str, Any]] = [{} for _item in items]
    for index, item in enumerate(items):
        if item.get("id") is not None and item["id"] not in existing:
            item_errors[index]["id"] = [_("This record has no such part (id %(id)s).")
                                        % {"id": item["id"]}]
        elif item.get("id") is not None and listed.count(item["id"]) > 1:
            item_errors[index]["id"] = [_("Listed twice.")]
    if any(item_errors):
        errors[name] = item_errors
        return
    for pk, obj in existing.items():
        if pk not in listed:
            _stamp(obj, user)
            obj.delete()
    for index, item in enumerate(items):
        obj = existing[item["id"]] if item.get("id") is not None else new()
        problems = apply(obj, {key: value for key, value in item.items() if key != "id"})
        if not problems:
            _stamp(obj, user)
            problems = _clean(obj, exclude=[])
        if problems:
            item_errors[index] = problems
            continue
        obj.save()
        if isinstance(obj, Event) and "actors" in item:
            obj.actors.set(item["actors"])
    if any(item_errors):
        errors[name] = item_errors


def _apply_plain(obj: models.Model, values: dict[str, Any]) -> dict[str, list[str]]:
    for field, value in values.items():
        setattr(obj, field, value)
    return {}


def _apply_event(event: Event, values: dict[str, Any]) -> dict[str, list[str]]:
    values.pop("actors", None)  # set after the event is saved
    _apply_plain(event, values)
    # The range is derived on save; derive it now so the plausibility constraint is checked
    # by full_clean() rather than by the database.
    try:
        span = parse_date_range(event.date)
    except EDTFError as error:
        return {"date": [str(error)]}
    event.date_earliest, event.date_latest, event.date_precision = span
    return {}


def _check_citation_targets(monument: Monument, items: list[dict[str, Any]],
                            errors: dict[str, Any]) -> None:
    """A citation may support an event or role of this same record, and no other."""
    events = set(monument.events.values_list("pk", flat=True))
    roles = set(monument.roles.values_list("pk", flat=True))
    item_errors: list[dict[str, Any]] = []
    for item in items:
        problems: dict[str, list[str]] = {}
        if item.get("event") is not None and item["event"] not in events:
            problems["event"] = [_("This record has no event with id %(id)s.")
                                 % {"id": item["event"]}]
        if item.get("role") is not None and item["role"] not in roles:
            problems["role"] = [_("This record has no actor role with id %(id)s.")
                                % {"id": item["role"]}]
        item_errors.append(problems)
    if any(item_errors):
        errors["citations"] = item_errors


def _apply_citation(citation: Citation, values: dict[str, Any]) -> dict[str, list[str]]:
    if "event" in values:
        citation.event_id = values.pop("event")
    if "role" in values:
        citation.role_id = values.pop("role")
    return _apply_plain(citation, values)
