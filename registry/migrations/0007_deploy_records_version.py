"""The records version that cached counts are keyed on (registry/cache.py)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("registry", "0006_deploy_indexes")]

    operations = [
        migrations.RunSQL(
            "CREATE SEQUENCE IF NOT EXISTS registry_records_version_seq START 1",
            reverse_sql="DROP SEQUENCE IF EXISTS registry_records_version_seq",
        ),
    ]
