"""Rebuild an empty registry from a backup made by export_registry (all or nothing)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from registry.backup import BackupError, registry_import


class Command(BaseCommand):
    help = ("Rebuild an empty, migrated database from a backup folder; refuses a database "
            "that already holds records. Restored accounts have no usable password.")

    def add_arguments(self, parser):
        parser.add_argument("directory", type=Path, help="A folder written by export_registry.")

    def handle(self, *args, directory: Path, **options):
        try:
            counts = registry_import(directory)
        except BackupError as error:
            raise CommandError(f"Nothing was imported: {error}") from error
        self.stdout.write(self.style.SUCCESS(
            f"Registry restored from {directory}: {sum(counts.values())} rows in "
            f"{len(counts)} tables. Restored accounts need a new password "
            f"(manage.py changepassword USERNAME)."
        ))
