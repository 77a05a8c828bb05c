"""Import monuments from a CSV or XLSX file (docs/import.md), all or nothing."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from registry.imports import CHANGE, CREATE, ImportFileError, monument_import, read_rows


class Command(BaseCommand):
    help = ("Import monuments from a CSV or XLSX file in the layout of the import template. "
            "A file with any error changes nothing; --dry-run checks and reports only.")

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="The .csv or .xlsx file.")
        parser.add_argument("--dry-run", action="store_true",
                            help="Check the file and report what would happen; write nothing.")
        parser.add_argument("--user", default="",
                            help="Username of the curator the records are attributed to. They "
                                 "must be allowed to change every record the file changes.")
        parser.add_argument("--details", action="store_true",
                            help="List what happens to every row, not only the summary.")

    def handle(self, *args, file: Path, dry_run: bool, user: str, details: bool, **options):
        importer = None
        if user:
            try:
                importer = get_user_model().objects.get(username=user)
            except get_user_model().DoesNotExist:
                raise CommandError(f"There is no user “{user}”.") from None
        try:
            with file.open("rb") as handle:
                rows = read_rows(handle, file.name)
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error}") from error
        except ImportFileError as error:
            raise CommandError(f"{file.name} cannot be imported: {error}") from error

        quiet = options.get("verbosity", 1) < 1
        result = monument_import(
            rows=rows, user=importer, dry_run=dry_run, filename=file.name,
            progress=lambda items: tqdm(items, desc="Importing", unit="row",
                                        disable=quiet or None, file=self.stderr._out),
        )
        if details:
            for outcome in result.rows:
                label = f"#{outcome.public_id}" if outcome.action != CREATE else "new"
                self.stdout.write(f"row {outcome.row}: {outcome.action} {label} {outcome.name}")
                for line in outcome.changes if outcome.action in (CREATE, CHANGE) else []:
                    self.stdout.write(f"    {line}")
                for line in outcome.notes:
                    self.stdout.write(f"    note: {line}")
                for _pk, public_id, name, reason in outcome.duplicates:
                    self.stdout.write(f"    possible duplicate of #{public_id} {name} ({reason})")
        for error in result.errors:
            self.stderr.write(str(error))
        if result.errors:
            raise CommandError(f"Nothing was imported. {result.summary()}.")
        verb = "Dry run, nothing written" if dry_run else "Imported"
        self.stdout.write(self.style.SUCCESS(f"{verb}: {result.summary()}."))
