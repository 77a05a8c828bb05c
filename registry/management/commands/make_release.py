"""Make a dated, immutable release of the published data (registry/releases.py)."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from registry.releases import ReleaseError, release_folder, release_make


class Command(BaseCommand):
    help = "Write a dated release of the published records to RELEASES_ROOT/<version>/."

    def add_arguments(self, parser):
        parser.add_argument("--user", help="Username recorded as the maker of the release.")

    def handle(self, *args, user: str | None = None, **options):
        maker = None
        if user:
            maker = get_user_model().objects.filter(username=user).first()
            if maker is None:
                raise CommandError(f"No user {user!r}.")
        try:
            release = release_make(user=maker)
        except ReleaseError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(
            f"Release {release.version}: {release.monument_count} published records in "
            f"{release_folder(release)} (SHA256SUMS {release.manifest_sha256})."
        ))
