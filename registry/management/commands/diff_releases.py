"""What changed between two releases: records added, changed (which fields), removed."""

import json

from django.core.management.base import BaseCommand, CommandError

from registry.releases import ReleaseError, diff_releases


class Command(BaseCommand):
    help = "List records added, changed and no longer published between releases A and B."

    def add_arguments(self, parser):
        parser.add_argument("a", help="The older release: a version (2026-11-27) or a folder.")
        parser.add_argument("b", help="The newer release: a version or a folder.")
        parser.add_argument("--json", action="store_true", help="Print the diff as JSON.")

    def handle(self, *args, a: str, b: str, json: bool = False, **options):
        try:
            diff = diff_releases(a, b)
        except ReleaseError as error:
            raise CommandError(str(error)) from error
        if json:
            self.stdout.write(_dumps(diff.as_dict()))
            return
        self.stdout.write(f"From {a} to {b}: {len(diff.added)} added, {len(diff.changed)} "
                          f"changed, {len(diff.removed)} no longer published.")
        for record in diff.added:
            self.stdout.write(f"+ {record['public_id']} {record['name_en']}")
        for record in diff.changed:
            self.stdout.write(f"~ {record['public_id']} {record['name_en']}: "
                              f"{', '.join(record['fields'])}")
        for record in diff.removed:
            self.stdout.write(f"- {record['public_id']} {record['name_en']} "
                              f"(now {record['state_now']})")


def _dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2)
