"""Write a complete backup of the registry to a folder (docs/backup-format.md)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from registry.backup import BackupError, registry_export


class Command(BaseCommand):
    help = ("Write everything needed to rebuild the registry (all records in all states, "
            "history, users' attribution without passwords) to a new folder.")

    def add_arguments(self, parser):
        parser.add_argument("directory", type=Path, help="A new or empty folder.")

    def handle(self, *args, directory: Path, **options):
        try:
            manifest = registry_export(directory)
        except BackupError as error:
            raise CommandError(str(error)) from error
        rows = sum(table["rows"] for table in manifest["tables"])
        self.stdout.write(self.style.SUCCESS(
            f"Backup written to {directory}: {len(manifest['tables'])} tables, {rows} rows."
        ))
