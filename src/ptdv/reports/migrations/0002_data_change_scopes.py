"""The change log records what each write touched (reports/cache.py): a row per transaction
and commune-level unit, from each statement's transition rows; a write in one commune no
longer empties the pages of the others."""

from importlib import import_module

from django.db import migrations

from ptdv.reports import cache

first = import_module("ptdv.reports.migrations.0001_data_change_triggers")


def rebuild(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        # The log of one row per transaction and its single statement trigger per table. The
        # new log starts with a change of everything (`cache.install`): no entry computed
        # before it is current.
        for table in first.TABLES:
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_data_changed ON {table}")
        schema_editor.execute("DROP FUNCTION IF EXISTS reports_data_changed()")
        schema_editor.execute("DROP TABLE IF EXISTS reports_datachange")
    cache.install(schema_editor, first.TABLES)


class Migration(migrations.Migration):
    dependencies = [("reports", "0001_data_change_triggers")]

    operations = [migrations.RunPython(rebuild, migrations.RunPython.noop, elidable=False)]
