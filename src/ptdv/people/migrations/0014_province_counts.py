import django.db.models.deletion
from django.db import migrations, models

from ptdv.people import counters


def install(apps, schema_editor):
    counters.install_province_triggers(schema_editor)
    counters.rebuild_province_counts(schema_editor.connection.alias)


def drop(apps, schema_editor):
    counters.drop_province_triggers(schema_editor)


class Migration(migrations.Migration):
    """The members under each province, kept by triggers beside the cells' counters."""

    dependencies = [
        ("organizations", "0005_tree_version"),
        ("people", "0013_tbulk_person_indexes"),
    ]

    operations = [
        migrations.CreateModel(
            name="ProvinceCount",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("stripe", models.SmallIntegerField(default=0)),
                ("members", models.IntegerField(default=0)),
                ("official", models.IntegerField(default=0)),
                ("religious", models.IntegerField(default=0)),
                (
                    "unit",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="organizations.organization",
                    ),
                ),
            ],
            options={
                "verbose_name": "số đảng viên của tỉnh",
                "verbose_name_plural": "số đảng viên của tỉnh",
                "constraints": [
                    models.UniqueConstraint(
                        fields=("unit", "stripe"), name="provincecount_unit_stripe"
                    )
                ],
            },
        ),
        migrations.RunPython(install, drop, elidable=False),
    ]
