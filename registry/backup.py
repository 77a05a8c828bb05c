"""Backup and restore of the whole registry (`manage.py export_registry` / `import_registry`).

The format is documented in docs/backup-format.md: a folder with `manifest.json` and one JSON
Lines file per table, every row of every model of the registry app (records in all states,
their parts, actors, sources, datasets, releases' metadata, and every history table), the
regions they use, and the accounts they are attributed to (usernames, names, groups, flags:
never password hashes or tokens). Users and regions are referred to by username and ISO code,
everything else by its primary key, which the import keeps.

The output is deterministic: rows in primary-key order, keys sorted, no timestamps of the
export itself, so two exports of the same data are byte for byte the same.
"""

import datetime as dt
import decimal
import hashlib
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.management.color import no_style
from django.db import connection, models, transaction

from registry import search
from registry.models import Monument, Region
from registry.models.monuments import PUBLIC_ID_SEQUENCE, sync_public_id_sequence

FORMAT = "stalin-monument-registry-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
CHUNK_SIZE = 2000

#: Fields never written: derived indexes the import rebuilds (search.reindex).
EXCLUDED_FIELDS = {"registry.monument": {"search_vector", "search_text"}}

#: What an account carries in a backup: attribution only (no password, no e-mail, no token).
USER_FIELDS = ["username", "first_name", "last_name", "is_active", "is_staff", "is_superuser",
               "date_joined"]


class BackupError(Exception):
    """A backup that cannot be written or restored; the message says why."""


def registry_models() -> list[type[models.Model]]:
    """Every model of the registry app, history and many-to-many tables included, except
    regions (preloaded by a migration, referred to by code). Sorted by label, so the order of
    files and of the import is stable."""
    return sorted(
        (model for model in apps.get_app_config("registry").get_models(include_auto_created=True)
         if model is not Region),
        key=lambda model: model._meta.label_lower,
    )


def _user_model() -> type[models.Model]:
    return get_user_model()


def _fields(model: type[models.Model]) -> list[models.Field]:
    excluded = EXCLUDED_FIELDS.get(model._meta.label_lower, set())
    return [field for field in model._meta.concrete_fields if field.name not in excluded]


def _reference_kind(field: models.Field) -> str | None:
    """How a relation is written: "user" (username), "region" (code) or "id"."""
    if not field.is_relation:
        return None
    target = field.related_model
    if target is _user_model():
        return "user"
    if target is Region:
        return "region"
    if target._meta.app_label == "registry":
        return "id"
    raise BackupError(f"{field.model._meta.label}.{field.name} refers to {target._meta.label}, "
                      "which the backup format does not cover.")


def _encode(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).isoformat()
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return format(value, "f")
    return value


def _line(row: dict[str, Any]) -> str:
    return json.dumps(row, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n"


def _permission_names(permissions) -> list[str]:
    return sorted(f"{p.content_type.app_label}.{p.codename}" for p in permissions)


# ---------------------------------------------------------------------------------------------
# Export

def _group_rows() -> Iterator[dict[str, Any]]:
    for group in Group.objects.order_by("name").prefetch_related("permissions__content_type"):
        yield {"name": group.name, "permissions": _permission_names(group.permissions.all())}


def _user_rows() -> Iterator[dict[str, Any]]:
    users = _user_model().objects.order_by("username").prefetch_related(
        "groups", "user_permissions__content_type")
    for user in users:
        row = {name: _encode(getattr(user, name)) for name in USER_FIELDS}
        row["groups"] = sorted(group.name for group in user.groups.all())
        row["user_permissions"] = _permission_names(user.user_permissions.all())
        yield row


def _used_region_ids() -> set[int]:
    ids: set[int] = set()
    for model in registry_models():
        for field in _fields(model):
            if field.is_relation and field.related_model is Region:
                ids |= set(model.objects.exclude(**{f"{field.attname}__isnull": True})
                           .values_list(field.attname, flat=True).distinct())
    return ids


def _region_rows() -> Iterator[dict[str, Any]]:
    for region in Region.objects.filter(pk__in=_used_region_ids()).order_by("code"):
        yield {"code": region.code, "country": region.country, "name_en": region.name_en,
               "name_ru": region.name_ru}


def _model_rows(model: type[models.Model], usernames: dict[int, str],
                region_codes: dict[int, str]) -> Iterator[dict[str, Any]]:
    fields = _fields(model)
    kinds = {field.name: _reference_kind(field) for field in fields}
    pk = model._meta.pk.attname
    for obj in model.objects.order_by(pk).iterator(chunk_size=CHUNK_SIZE):
        row = {}
        for field in fields:
            value = getattr(obj, field.attname)
            kind = kinds[field.name]
            if kind == "user":
                # A user deleted since keeps no name to refer to: the reference is dropped.
                row[field.name] = usernames.get(value) if value is not None else None
            elif kind == "region":
                row[field.name] = region_codes.get(value) if value is not None else None
            else:
                row[field.attname] = _encode(value)
        yield row


def _tables() -> list[tuple[str, Any]]:
    usernames = dict(_user_model().objects.values_list("pk", "username"))
    region_codes = dict(Region.objects.values_list("pk", "code"))
    tables: list[tuple[str, Any]] = [
        ("auth.group", _group_rows), ("auth.user", _user_rows), ("registry.region", _region_rows),
    ]
    for model in registry_models():
        tables.append((model._meta.label_lower,
                       lambda model=model: _model_rows(model, usernames, region_codes)))
    return tables


def _applied_migrations() -> list[str]:
    from django.db.migrations.recorder import MigrationRecorder

    return sorted(MigrationRecorder(connection).migration_qs.filter(app="registry")
                  .values_list("name", flat=True))


def _sequence_value() -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT last_value FROM {PUBLIC_ID_SEQUENCE}")
        return cursor.fetchone()[0]


def registry_export(directory: Path) -> dict[str, Any]:
    """Write the whole registry to `directory` (new or empty); returns the manifest."""
    directory = Path(directory)
    if directory.exists() and any(directory.iterdir()):
        raise BackupError(f"{directory} is not empty; a backup is written to a new folder.")
    directory.mkdir(parents=True, exist_ok=True)
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        if outermost:
            # Every table from one snapshot, so references between them hold.
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        tables = []
        for name, rows in _tables():
            path = directory / f"{name}.jsonl"
            digest, count = hashlib.sha256(), 0
            with path.open("x", encoding="utf-8", newline="\n") as file:
                for row in rows():
                    line = _line(row)
                    file.write(line)
                    digest.update(line.encode("utf-8"))
                    count += 1
            tables.append({"name": name, "file": path.name, "rows": count,
                           "sha256": digest.hexdigest()})
        manifest = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "migrations": {"registry": _applied_migrations()},
            "sequences": {PUBLIC_ID_SEQUENCE: _sequence_value()},
            "references": {"user": "username", "region": "code"},
            "tables": tables,
        }
    with (directory / MANIFEST).open("x", encoding="utf-8", newline="\n") as file:
        file.write(json.dumps(manifest, ensure_ascii=False, sort_keys=True, indent=2) + "\n")
    return manifest


# ---------------------------------------------------------------------------------------------
# Import

def read_manifest(directory: Path) -> dict[str, Any]:
    path = Path(directory) / MANIFEST
    if not path.is_file():
        raise BackupError(f"{path} not found: not a registry backup.")
    manifest = json.loads(path.read_text(encoding="utf-8"))
    if manifest.get("format") != FORMAT:
        raise BackupError(f"{path} is not a registry backup (format {manifest.get('format')!r}).")
    if manifest.get("format_version") != FORMAT_VERSION:
        raise BackupError(f"Backup format version {manifest.get('format_version')} cannot be "
                          f"read; this registry reads version {FORMAT_VERSION}.")
    return manifest


def verify_backup(directory: Path, manifest: dict[str, Any]) -> None:
    for table in manifest["tables"]:
        path = Path(directory) / table["file"]
        if not path.is_file():
            raise BackupError(f"{table['file']} is missing from the backup.")
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        if digest != table["sha256"]:
            raise BackupError(f"{table['file']} does not match its checksum in the manifest.")


def _rows(directory: Path, table: dict[str, Any]) -> Iterator[tuple[int, dict[str, Any]]]:
    with (Path(directory) / table["file"]).open(encoding="utf-8") as file:
        for number, line in enumerate(file, start=1):
            try:
                yield number, json.loads(line)
            except json.JSONDecodeError as error:
                raise BackupError(f"{table['file']}, line {number}: {error}") from error


def _permission(name: str) -> Permission:
    app_label, codename = name.split(".", 1)
    try:
        return Permission.objects.get(content_type__app_label=app_label, codename=codename)
    except Permission.DoesNotExist:
        raise BackupError(f"Permission {name} does not exist here; run migrate first.") from None


def _is_empty() -> bool:
    return not any(model.objects.exists() for model in registry_models())


def _import_groups(directory: Path, table: dict[str, Any]) -> None:
    for _number, row in _rows(directory, table):
        group, _ = Group.objects.get_or_create(name=row["name"])
        group.permissions.set([_permission(name) for name in row["permissions"]])


def _import_users(directory: Path, table: dict[str, Any]) -> dict[str, int]:
    User = _user_model()
    for _number, row in _rows(directory, table):
        if User.objects.filter(username=row["username"]).exists():
            continue  # an account made before the restore (the admin who runs it) stays as is
        user = User(**{name: row[name] for name in USER_FIELDS if name != "date_joined"},
                    date_joined=User._meta.get_field("date_joined").to_python(row["date_joined"]))
        user.set_unusable_password()
        user.save()
        user.groups.set(Group.objects.filter(name__in=row["groups"]))
        user.user_permissions.set([_permission(name) for name in row["user_permissions"]])
    return dict(User.objects.values_list("username", "pk"))


def _import_regions(directory: Path, table: dict[str, Any]) -> dict[str, int]:
    for _number, row in _rows(directory, table):
        Region.objects.get_or_create(code=row["code"], defaults={
            "country": row["country"], "name_en": row["name_en"], "name_ru": row["name_ru"]})
    return dict(Region.objects.values_list("code", "pk"))


def _import_model(model: type[models.Model], directory: Path, table: dict[str, Any],
                  user_ids: dict[str, int], region_ids: dict[str, int]) -> None:
    fields = _fields(model)
    known = {field.name if _reference_kind(field) in {"user", "region"} else field.attname
             for field in fields}
    for number, row in _rows(directory, table):
        unknown = set(row) - known
        if unknown:
            raise BackupError(f"{table['file']}, line {number}: unknown field(s) "
                              f"{', '.join(sorted(unknown))}.")
        instance = model()
        for field in fields:
            kind = _reference_kind(field)
            key = field.name if kind in {"user", "region"} else field.attname
            if key not in row:
                continue  # written before the field existed: its default stands
            value = row[key]
            if kind in {"user", "region"} and value is not None:
                ids = user_ids if kind == "user" else region_ids
                if value not in ids:
                    raise BackupError(f"{table['file']}, line {number}: unknown {kind} "
                                      f"{value!r}.")
                value = ids[value]
            elif kind is None:
                value = field.to_python(value)
            setattr(instance, field.attname, value)
        # raw: a restore writes rows as they were; no derived refresh, no new history version.
        instance.save_base(raw=True, force_insert=True)


def _reset_sequences(manifest: dict[str, Any]) -> None:
    statements = connection.ops.sequence_reset_sql(no_style(), registry_models())
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)
        value = manifest.get("sequences", {}).get(PUBLIC_ID_SEQUENCE)
        if value:
            cursor.execute(f"SELECT setval('{PUBLIC_ID_SEQUENCE}', GREATEST(%s, "
                           f"(SELECT last_value FROM {PUBLIC_ID_SEQUENCE})))", [value])
        # Identifiers of records deleted before the backup live on in history: never reuse them.
        cursor.execute(f"SELECT setval('{PUBLIC_ID_SEQUENCE}', GREATEST("
                       f"(SELECT COALESCE(MAX(public_id), 0) FROM registry_historicalmonument), "
                       f"(SELECT last_value FROM {PUBLIC_ID_SEQUENCE}), 1))")
    sync_public_id_sequence()


def registry_import(directory: Path) -> dict[str, int]:
    """Rebuild an empty registry from the backup in `directory`, all or nothing.

    Returns the number of rows restored per table.
    """
    directory = Path(directory)
    manifest = read_manifest(directory)
    verify_backup(directory, manifest)
    missing = sorted(set(manifest["migrations"]["registry"]) - set(_applied_migrations()))
    if missing:
        raise BackupError("The backup was made by a newer registry; run migrate first "
                          f"(missing migrations: {', '.join(missing)}).")
    tables = {table["name"]: table for table in manifest["tables"]}
    expected = {"auth.group", "auth.user", "registry.region"} | {
        model._meta.label_lower for model in registry_models()}
    unknown = sorted(set(tables) - expected)
    if unknown:
        raise BackupError(f"The backup holds tables this registry does not have: "
                          f"{', '.join(unknown)}.")
    with transaction.atomic():
        if not _is_empty():
            raise BackupError("This database already holds registry records; a backup is "
                              "restored into an empty one (migrate a new database first).")
        _import_groups(directory, tables["auth.group"])
        user_ids = _import_users(directory, tables["auth.user"])
        region_ids = _import_regions(directory, tables["registry.region"])
        for model in registry_models():
            table = tables.get(model._meta.label_lower)
            if table is not None:
                _import_model(model, directory, table, user_ids, region_ids)
        _reset_sequences(manifest)
        search.reindex(Monument.objects.values_list("pk", flat=True))
    return {name: table["rows"] for name, table in tables.items()}
