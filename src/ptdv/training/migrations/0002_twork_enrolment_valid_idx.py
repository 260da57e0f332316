from django.db import migrations, models


class Migration(migrations.Migration):
    """The certificates valid on a day, read from each cell of a subtree (an index-only scan
    on PostgreSQL): the trained pool and the cells without a source."""

    dependencies = [
        ("training", "0001_awareness_classes"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="enrolment",
            index=models.Index(
                condition=models.Q(("result", "passed")),
                fields=["organization", "certificate_expires_on", "certificate_date", "person"],
                name="enrolment_valid_idx",
            ),
        ),
    ]
