"""Install the reference data of the tree (see ptdv/organizations/reference_data.py)."""

from django.db import migrations

from ptdv.organizations.reference_data import install


def forwards(apps, schema_editor):
    install(
        apps.get_model("organizations", "OrganizationKind"),
        apps.get_model("organizations", "Sector"),
        apps.get_model("organizations", "AuthorityRule"),
    )


class Migration(migrations.Migration):
    dependencies = [("organizations", "0001_initial")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
