from django.db import migrations, models


class Migration(migrations.Migration):
    """The worklist reads the open dossiers by deadline from one index."""

    dependencies = [
        ("recruitment", "0004_i12_consents_transfers"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="dossier",
            index=models.Index(
                condition=models.Q(
                    ("state__in", ["official", "rejected", "dropped", "struck_off"]), _negated=True
                ),
                fields=["due_on"],
                include=("id", "due_rule", "state", "state_changed_on", "organization"),
                name="dossier_open_due_idx",
            ),
        ),
    ]
