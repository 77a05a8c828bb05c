"""Rebuild every search document: the Latin spelling of names and places now sits in the
full-text vector, and the trigram key holds names and places only (registry/search.py)."""

from django.db import migrations


def reindex_all(apps, schema_editor):
    from registry import search

    Monument = apps.get_model("registry", "Monument")
    ids = list(Monument.objects.using(schema_editor.connection.alias)
               .values_list("pk", flat=True))
    for start in range(0, len(ids), 5000):
        search.reindex(ids[start:start + 5000], using=schema_editor.connection.alias)


class Migration(migrations.Migration):
    dependencies = [("registry", "0007_deploy_records_version")]

    operations = [migrations.RunPython(reindex_all, migrations.RunPython.noop)]
