from django.db import migrations, models


class Migration(migrations.Migration):
    """The merged units under a successor, with their paths: each round of the
    merged-predecessor closure probes it from the successors found by path."""

    dependencies = [
        ("organizations", "0003_i13_reorganisation"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="organization",
            index=models.Index(
                condition=models.Q(("merged_into__isnull", False)),
                fields=["merged_into", "path"],
                name="org_merged_idx",
            ),
        ),
    ]
