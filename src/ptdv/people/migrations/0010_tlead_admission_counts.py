import django.db.models.deletion
from django.db import migrations, models

from ptdv.people import admission_counts


def install(apps, schema_editor):
    admission_counts.install_triggers(schema_editor)
    admission_counts.rebuild_admission_counts(schema_editor.connection.alias)


def uninstall(apps, schema_editor):
    admission_counts.drop_triggers(schema_editor)


class Migration(migrations.Migration):
    dependencies = [
        ("organizations", "0004_twork_merged_idx"),
        ("people", "0009_tadm_member_admitted_in"),
    ]

    operations = [
        migrations.CreateModel(
            name="AdmissionCount",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("month", models.DateField()),
                ("dimension", models.CharField(max_length=12)),
                ("value", models.CharField(blank=True, max_length=120)),
                ("count", models.IntegerField(default=0)),
                (
                    "unit",
                    models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="organizations.organization",
                    ),
                ),
            ],
            options={
                "verbose_name": "số kết nạp theo tháng",
                "verbose_name_plural": "số kết nạp theo tháng",
                "constraints": [
                    models.UniqueConstraint(
                        fields=("unit", "month", "dimension", "value"), name="admissioncount_key"
                    )
                ],
            },
        ),
        migrations.RunPython(install, uninstall, elidable=False),
    ]
