"""Load the real, cited records from fixtures/ (idempotent)."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from registry.seed import SeedError, load_records


class Command(BaseCommand):
    help = "Load the registry's real records from fixtures/ (safe to run again)."

    def add_arguments(self, parser):
        parser.add_argument(
            "directory", nargs="?", type=Path, default=settings.BASE_DIR / "fixtures",
            help="Folder holding actors.yaml, sources.yaml and monuments.yaml.",
        )

    def handle(self, *args, directory: Path, **options):
        try:
            summary = load_records(directory)
        except SeedError as error:
            raise CommandError(f"Nothing was loaded: {error}") from error
        self.stdout.write(self.style.SUCCESS(f"Records loaded from {directory}: {summary}."))
