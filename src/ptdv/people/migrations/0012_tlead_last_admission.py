import django.db.models.deletion
from django.db import migrations, models

from ptdv.people import last_admission


def install(apps, schema_editor):
    last_admission.install_triggers(schema_editor)
    last_admission.rebuild_last_admissions(schema_editor.connection.alias)


def uninstall(apps, schema_editor):
    last_admission.drop_triggers(schema_editor)


class Migration(migrations.Migration):
    dependencies = [
        ("organizations", "0004_twork_merged_idx"),
        ("people", "0011_tlead_member_ended_covering"),
    ]

    operations = [
        migrations.CreateModel(
            name="LastAdmission",
            fields=[
                (
                    "organization",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="latest_admission",
                        serialize=False,
                        to="organizations.organization",
                    ),
                ),
                ("admitted_on", models.DateField(null=True)),
            ],
            options={
                "verbose_name": "lần kết nạp gần nhất của chi bộ",
                "verbose_name_plural": "lần kết nạp gần nhất của chi bộ",
            },
        ),
        migrations.RunPython(install, uninstall, elidable=False),
    ]
