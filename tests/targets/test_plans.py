"""On PostgreSQL: the target reads of the dashboards read only the rows their figures need,
by an index (read from EXPLAIN on the statements they send)."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ptdv.recruitment.selectors import worklist_sections
from ptdv.targets.achievement import achievements
from ptdv.targets.models import TargetKind
from tests.conftest import make_unit
from tests.targets.helpers import admit, spread, target

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="EXPLAIN of PostgreSQL"),
]
YEAR = (date(2024, 1, 1), date(2024, 12, 31))


def plan_of(sql: str, params, *, by_unit_first: bool = True, index_only: bool = False) -> str:
    with connection.cursor() as cursor:
        # Tiny test tables would be scanned whatever the indexes: with sequential scans
        # priced out, the plan shows whether an index can serve the statement at all.
        cursor.execute("SET LOCAL enable_seqscan = off")
        if index_only:
            # Only index-only scans priced in: the plan shows whether the statement can be
            # answered from an index alone (on tiny tables in an open transaction, whose
            # pages are never all-visible, the planner would otherwise pick as it likes).
            cursor.execute("SET LOCAL enable_indexscan = off")
            cursor.execute("SET LOCAL enable_bitmapscan = off")
        if not by_unit_first:
            # Without a loop from each unit of the (tiny) subtree into its rows, the plan
            # shows how the rows themselves are found.
            cursor.execute("SET LOCAL enable_nestloop = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        return "\n".join(row[0] for row in cursor.fetchall())


def captured(run) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        run()
    return [query["sql"] for query in queries.captured_queries]


def test_the_admissions_of_count_targets_are_read_by_the_admission_date_index(reference_data):
    province = make_unit(None, "PX", "Đảng bộ tỉnh thử", "province")
    commune = make_unit(province, "PX-1", "Đảng bộ xã thử", "commune")
    cell = make_unit(commune, "PX-1-C", "Chi bộ thôn thử")
    admit(cell, spread(5, *YEAR))
    plans = [target(province, TargetKind.RESOLUTION, *YEAR, 10)]
    for plan in plans:
        plan.organization  # noqa: B018 — loaded before the capture

    statements = captured(lambda: achievements(plans, as_of=YEAR[1]))

    [members] = [sql for sql in statements if 'FROM "people_member"' in sql]
    # Only members admitted in one of the targets' periods are read, not every member of the
    # subtree: the WHERE carries the periods, the index finds them.
    plan = plan_of(members, None)
    conditions = [line for line in plan.splitlines() if "Index Cond" in line]
    assert any("admission_decided_on" in line for line in conditions), plan


@pytest.mark.parametrize("who", ["officer_p1", "admin"])
def test_the_dashboards_worklist_reads_its_rows_from_the_open_dossiers_deadline_index(tree, who):
    today = date(2026, 12, 1)
    user = getattr(tree, who)
    unit = tree.p1 if who == "officer_p1" else tree.root

    statements = captured(lambda: worklist_sections(user, unit, today, limit=8, waiting=False))

    # One statement numbers and counts the rows of both sections (no dossier to load here),
    # from the index of the open dossiers by deadline alone: every column it reads is there
    # (the country's 70.000 dossiers due by the horizon, no heap page read for them).
    [sections] = [sql for sql in statements if 'FROM "recruitment_dossier"' in sql]
    with connection.cursor() as cursor:
        # The plan shows whether the statement can be answered from the index alone: a bitmap
        # scan (which always reads the heap) priced out, and the general deadline index,
        # which the planner may prefer on tiny tables whose pages are never all-visible,
        # dropped (inside the test's transaction, rolled back with it).
        cursor.execute("SET LOCAL enable_bitmapscan = off")
        cursor.execute("DROP INDEX dossier_due_idx")
        plan = plan_of(sections, None, by_unit_first=False)
    assert "Index Only Scan using dossier_open_due_idx" in plan, plan
    # The compact list reads no waiting section: only the dossiers due by the horizon.
    assert "THEN 3" not in sections


def test_the_running_targets_of_a_unit_and_its_children_are_read_by_their_indexes(tree):
    from ptdv.targets.watchlist import running_count_targets

    target(tree.p1, TargetKind.RESOLUTION, *YEAR, 10)
    target(tree.c1, TargetKind.RESOLUTION, *YEAR, 4)
    target(tree.c3, TargetKind.RESOLUTION, *YEAR, 4)  # another province's commune

    statements = captured(
        lambda: [t.organization_id for t in running_count_targets(tree.p1, as_of=YEAR[1])]
    )

    plans = [plan_of(sql, None) for sql in statements]
    for plan in plans:
        assert "Seq Scan" not in plan, plan
    # The children by the parent index; the targets by their unit's index, not a walk of
    # every unit of the country by its primary key testing the parent.
    assert any("org_children_idx" in plan for plan in plans), plans
    [targets] = [p for sql, p in zip(statements, plans, strict=True) if "targets_target" in sql]
    assert "Index Cond: ((organization_id = ANY (" in targets, targets


@pytest.mark.parametrize("communes", [1, 2])
def test_the_admissions_are_counted_from_the_admission_cell_index_alone(reference_data, communes):
    """One unit's targets (its page: one row) or several units' (grouped by cell)."""
    province = make_unit(None, "PY", "Đảng bộ tỉnh thử", "province")
    plans = []
    for i in range(communes):
        commune = make_unit(province, f"PY-{i}", f"Đảng bộ xã thử {i}", "commune")
        cell = make_unit(commune, f"PY-{i}-C", f"Chi bộ thôn thử {i}")
        admit(cell, spread(5, *YEAR))
        plans.append(target(commune, TargetKind.ASSIGNED, *YEAR, 3))
    for plan in plans:
        plan.organization  # noqa: B018 — loaded before the capture

    statements = captured(lambda: achievements(plans, as_of=YEAR[1]))

    [members] = [sql for sql in statements if 'FROM "people_member"' in sql]
    # Each cell's admissions of the periods counted by the date in the index on (cell of the
    # admission day, date): no member row is read (COUNT of the id read each one).
    plan = plan_of(members, None, index_only=True)
    assert "Index Only Scan using member_admitted_in_idx" in plan, plan
