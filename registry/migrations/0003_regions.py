"""Preload the regions the registry needs, from registry/data/regions.csv.

Every federal subject of Russia and every region of Ukraine, plus the Georgian and Moldovan
regions that contain Abkhazia, South Ossetia and Transnistria, each with its ISO 3166-2 code
(the codes are checked against pycountry by tests/test_regions.py).
"""

import csv
from pathlib import Path

from django.db import migrations

REGIONS_CSV = Path(__file__).resolve().parent.parent / "data" / "regions.csv"


def load_regions(apps, schema_editor):
    Region = apps.get_model("registry", "Region")
    with REGIONS_CSV.open(encoding="utf-8") as file:
        for row in csv.DictReader(file):
            Region.objects.update_or_create(
                code=row["code"],
                defaults={"country": row["country"], "name_en": row["name_en"],
                          "name_ru": row["name_ru"]},
            )


def unload_regions(apps, schema_editor):
    Region = apps.get_model("registry", "Region")
    with REGIONS_CSV.open(encoding="utf-8") as file:
        codes = [row["code"] for row in csv.DictReader(file)]
    Region.objects.filter(code__in=codes, monuments__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("registry", "0002_initial")]

    operations = [migrations.RunPython(load_regions, unload_regions)]
