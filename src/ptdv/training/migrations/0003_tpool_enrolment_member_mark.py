"""Whether the person of an enrolment is a member, stored on the enrolment
(`training.membership`): the columns, filled from the member rows in one statement, the
triggers that keep them, the partial index of the certificates of non-members, and the
index of the certificates by date (the forecast's window)."""

from django.db import migrations, models

from ptdv.training import membership


def install(apps, schema_editor):
    membership.rebuild_pool_marks(schema_editor.connection.alias)
    membership.install_triggers(schema_editor)


def uninstall(apps, schema_editor):
    membership.drop_triggers(schema_editor)


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0009_tadm_member_admitted_in"),
        ("training", "0002_twork_enrolment_valid_idx"),
    ]

    operations = [
        migrations.AddField(
            model_name="enrolment",
            name="person_admitted_on",
            field=models.DateField(
                blank=True,
                editable=False,
                null=True,
                verbose_name="ngày quyết định kết nạp người học",
            ),
        ),
        migrations.AddField(
            model_name="enrolment",
            name="person_is_member",
            field=models.BooleanField(
                db_default=False,
                default=False,
                editable=False,
                verbose_name="người học đã là đảng viên",
            ),
        ),
        migrations.RunPython(install, uninstall),
        migrations.AddIndex(
            model_name="enrolment",
            index=models.Index(
                condition=models.Q(("person_is_member", False), ("result", "passed")),
                fields=["organization", "certificate_expires_on", "certificate_date", "person"],
                name="enrolment_pool_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="enrolment",
            index=models.Index(
                condition=models.Q(("result", "passed")),
                fields=[
                    "certificate_date",
                    "organization",
                    "person",
                    "person_is_member",
                    "person_admitted_on",
                ],
                name="enrolment_certified_idx",
            ),
        ),
    ]
