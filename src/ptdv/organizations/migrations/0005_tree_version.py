from django.db import migrations

from ptdv.organizations import tree_version


def install(apps, schema_editor):
    tree_version.install(schema_editor)


def drop(apps, schema_editor):
    tree_version.drop(schema_editor)


class Migration(migrations.Migration):
    """The tree's version: what is derived from the tree alone is kept while it holds."""

    dependencies = [("organizations", "0004_twork_merged_idx")]

    operations = [migrations.RunPython(install, drop, elidable=False)]
