"""The cell of the admission day stored on the member (`people.admitted_in`): the column,
filled from the transfers in one statement, its index, and the triggers that keep it."""

import django.db.models.deletion
from django.db import migrations, models

from ptdv.people import admitted_in


def install(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        # The new foreign key checked row by row now, not at the commit: an index cannot be
        # built on a table with pending checks.
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    admitted_in.rebuild_admitted_in(schema_editor.connection.alias)
    admitted_in.install_triggers(schema_editor)


def uninstall(apps, schema_editor):
    admitted_in.drop_triggers(schema_editor)


class Migration(migrations.Migration):
    dependencies = [
        ("organizations", "0003_i13_reorganisation"),
        ("people", "0008_t11a_member_counters"),
    ]

    operations = [
        migrations.AddField(
            model_name="member",
            name="admitted_in",
            field=models.ForeignKey(
                blank=True,
                db_index=False,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="organizations.organization",
                verbose_name="chi bộ khi kết nạp",
            ),
        ),
        migrations.RunPython(install, uninstall),
        migrations.AddIndex(
            model_name="member",
            index=models.Index(
                fields=["admitted_in", "admission_decided_on"], name="member_admitted_in_idx"
            ),
        ),
    ]
