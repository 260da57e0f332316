"""The provinces' member counters (people.0014) are covered by the change log (going back,
the table leaves with its triggers)."""

from django.db import migrations

from ptdv.reports import cache

TABLES = ["people_provincecount"]


def install(apps, schema_editor):
    cache.install(schema_editor, TABLES)


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0002_data_change_scopes"),
        ("people", "0014_province_counts"),
    ]

    operations = [migrations.RunPython(install, migrations.RunPython.noop, elidable=False)]
