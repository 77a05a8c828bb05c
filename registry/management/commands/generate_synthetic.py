"""Fill a separate database with synthetic records for benchmarks (never registry content)."""

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from registry.synthetic import RealRecordsPresent, generate


class Command(BaseCommand):
    help = (
        "Generate synthetic, realistic-looking monuments (flagged is_synthetic) for measuring "
        "the registry at scale. Refuses to run on a database that holds real records."
    )

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, default=1000,
                            help="How many monuments to generate (default 1000).")
        parser.add_argument("--seed", type=int, default=1995,
                            help="Random seed: the same seed on an empty database gives the "
                                 "same records.")

    def handle(self, *args, count: int, seed: int, **options):
        if count < 1:
            raise CommandError("--count must be at least 1.")
        self.stdout.write(f"Generating {count} synthetic monuments into database "
                          f"{connection.settings_dict['NAME']!r}…")
        try:
            summary = generate(count, seed=seed,
                               progress=lambda step: self.stdout.write(f"  {step}"))
        except RealRecordsPresent as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(f"Generated {summary}."))
