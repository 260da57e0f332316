"""The civil-servant calendar of 2017–2026 (days off, make-up working days)."""

from django.db import migrations


def forwards(apps, schema_editor):
    from ptdv.core.calendar_data import install

    install(apps.get_model("core", "CalendarDay"))


class Migration(migrations.Migration):
    dependencies = [("core", "0001_i12_calendar")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
