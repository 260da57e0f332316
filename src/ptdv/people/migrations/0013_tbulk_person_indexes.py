from django.db import migrations, models

# The names Django gave the `db_index` indexes of the three fields (the same on every
# database; the pattern-matching twins, "_like", exist on PostgreSQL only).
CITIZEN_INDEX = "people_person_citizen_id_57dc7179"
SEARCH_INDEX = "people_person_search_key_ef703490"
SORT_INDEX = "people_person_sort_key_816129ed"
NEW_SORT_INDEX = "person_sort_key_idx"


def field_indexes_dropped(apps, schema_editor):
    """The CCCD's and the name key's own indexes and every pattern-matching twin dropped by
    name (`AlterField` would also drop the partial unique index of the CCCD); the sort
    key's plain index kept under its new name (no rebuild of 5,6 M rows)."""
    run = schema_editor.execute
    for name in (CITIZEN_INDEX, SEARCH_INDEX, SORT_INDEX):
        run(f'DROP INDEX IF EXISTS "{name}_like"')
    run(f'DROP INDEX "{CITIZEN_INDEX}"')
    run(f'DROP INDEX "{SEARCH_INDEX}"')
    if schema_editor.connection.vendor == "postgresql":
        run(f'ALTER INDEX "{SORT_INDEX}" RENAME TO "{NEW_SORT_INDEX}"')
    else:
        run(f'DROP INDEX "{SORT_INDEX}"')
        run(f'CREATE INDEX "{NEW_SORT_INDEX}" ON "people_person" ("sort_key")')


def field_indexes_restored(apps, schema_editor):
    run = schema_editor.execute
    postgresql = schema_editor.connection.vendor == "postgresql"
    if postgresql:
        run(f'ALTER INDEX "{NEW_SORT_INDEX}" RENAME TO "{SORT_INDEX}"')
    else:
        run(f'DROP INDEX "{NEW_SORT_INDEX}"')
        run(f'CREATE INDEX "{SORT_INDEX}" ON "people_person" ("sort_key")')
    for name, column in ((CITIZEN_INDEX, "citizen_id"), (SEARCH_INDEX, "search_key")):
        run(f'CREATE INDEX "{name}" ON "people_person" ("{column}")')
    if postgresql:
        for name, column in (
            (CITIZEN_INDEX, "citizen_id"),
            (SEARCH_INDEX, "search_key"),
            (SORT_INDEX, "sort_key"),
        ):
            run(f'CREATE INDEX "{name}_like" ON "people_person" ("{column}" varchar_pattern_ops)')


class Migration(migrations.Migration):
    """The person table's indexes, each one a query uses, and the party card's.

    - The duplicate lookup (name key and birth date; the import's for a whole file) by
      `person_name_birth_idx`, which replaces the name key's own index and its
      pattern-matching twin: the name is searched word by word (LIKE '%…%'), which neither
      served.
    - The CCCD by the unique index alone (`person_citizen_id_unique`): every lookup names a
      CCCD, never the empty one, so the partial index serves it; the field's own index and
      its pattern-matching twin duplicated it.
    - The sort key keeps one plain index; its pattern-matching twin goes.
    - A party card number already used was a scan of every member (5,6 M rows at national
      size, for each new member with a card and each import): `member_card_idx`.

    Every person inserted paid for the four indexes that go (20.000 per import of 20.000
    members)."""

    dependencies = [
        ("organizations", "0004_twork_merged_idx"),
        ("people", "0012_tlead_last_admission"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="person",
            index=models.Index(fields=["search_key", "birth_date"], name="person_name_birth_idx"),
        ),
        migrations.AddIndex(
            model_name="member",
            index=models.Index(
                condition=models.Q(("party_card_number", ""), _negated=True),
                fields=["party_card_number"],
                name="member_card_idx",
            ),
        ),
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="person",
                    name="search_key",
                    field=models.CharField(default="", editable=False, max_length=150),
                ),
                migrations.AlterField(
                    model_name="person",
                    name="citizen_id",
                    field=models.CharField(
                        blank=True,
                        help_text="12 chữ số; hiển thị có kiểm soát và được ghi nhật ký.",
                        max_length=12,
                        verbose_name="số CCCD",
                    ),
                ),
                migrations.AlterField(
                    model_name="person",
                    name="sort_key",
                    field=models.CharField(default="", editable=False, max_length=255),
                ),
                migrations.AddIndex(
                    model_name="person",
                    index=models.Index(fields=["sort_key"], name=NEW_SORT_INDEX),
                ),
            ],
            database_operations=[
                migrations.RunPython(field_indexes_dropped, field_indexes_restored),
            ],
        ),
    ]
