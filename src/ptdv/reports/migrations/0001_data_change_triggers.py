"""The state of the data for the report cache (reports/cache.py): the change log and its
statement triggers on PostgreSQL, the version row and its row triggers on SQLite."""

from django.db import migrations

from ptdv.reports import cache

# The covered tables when this migration was written; a later model's table gets its trigger
# from its own migration (`cache.install` is idempotent).
TABLES = [
    "core_calendarday",
    "organizations_authorityrule",
    "organizations_organization",
    "organizations_organizationkind",
    "organizations_parentperiod",
    "organizations_reorganisation",
    "organizations_sector",
    "people_admissioncount",
    "people_cellcount",
    "people_committeeseat",
    "people_lastadmission",
    "people_member",
    "people_memberexit",
    "people_membershipperiod",
    "people_membertransfer",
    "people_person",
    "recruitment_candidate",
    "recruitment_dossier",
    "recruitment_dossiertransition",
    "recruitment_mentorassignment",
    "recruitment_reviewnote",
    "recruitment_verificationrequest",
    "targets_oversight",
    "targets_oversightreport",
    "targets_target",
    "training_awarenessclass",
    "training_enrolment",
]


def install(apps, schema_editor):
    cache.install(schema_editor, TABLES)


def uninstall(apps, schema_editor):
    cache.uninstall(schema_editor, TABLES)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0002_i12_calendar_data"),
        ("organizations", "0004_twork_merged_idx"),
        ("people", "0013_tbulk_person_indexes"),
        ("training", "0003_tpool_enrolment_member_mark"),
        ("recruitment", "0004_i12_consents_transfers"),
        ("targets", "0002_add_oversight"),
    ]

    operations = [migrations.RunPython(install, uninstall, elidable=False)]
