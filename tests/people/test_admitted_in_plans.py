"""On PostgreSQL: a unit's admissions of a period are read through the index on the cell of
the admission day and the admission date (read from EXPLAIN): per cell of the unit, only the
admissions of the period, never every member of the country."""

from datetime import date

import pytest
from django.db import connection
from django.db.models import Count

from ptdv.organizations.rollup import covering_prefixes
from ptdv.organizations.scope import subtree_prefixes
from ptdv.people.models import ADMITTED_IN_PATH, Member
from ptdv.targets.counting import admitted_between
from tests.factories import MemberFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="EXPLAIN of PostgreSQL"),
]


def crowd_elsewhere(unit, n=5000, cells=1000):
    """A country around the commune: `cells` more cells under `unit` (of another commune) and
    `n` members admitted in 2024 spread over them, with fresh statistics, so that reading
    the period's admissions by their date and keeping the commune's would look as cheap as
    probing the commune's cells only if the index on the cell were missing."""
    member = MemberFactory(organization=unit, admission_decided_on=date(2024, 6, 1))
    person = member.person
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO organizations_organization (code, name, path, depth, valid_from,"
            " valid_to, search_key, sort_key, created_at, updated_at, merged_into_id,"
            " parent_id, kind_id, sector_id)"
            " SELECT code || '-' || g, name, path || (900000 + g) || '/', depth + 1,"
            " valid_from, valid_to, search_key, sort_key, created_at, updated_at, NULL,"
            " id, kind_id, sector_id FROM organizations_organization,"
            " generate_series(1, %s) g WHERE id = %s",
            [cells, unit.pk],
        )
        cursor.execute("SELECT MAX(id) FROM people_person")
        [first] = cursor.fetchone()
        columns = [
            f.column
            for f in type(person)._meta.concrete_fields
            if f.column not in ("id", "citizen_id")
        ]
        listed = ", ".join(f'"{c}"' for c in columns)
        cursor.execute(
            f"INSERT INTO people_person ({listed}, citizen_id) SELECT {listed},"
            " (900000000000 + g)::text FROM people_person, generate_series(1, %s) g"
            " WHERE id = %s",
            [n, person.pk],
        )
        columns = [
            f.column
            for f in type(member)._meta.concrete_fields
            if f.column not in ("id", "person_id", "organization_id", "admitted_in_id")
        ]
        targets = ", ".join(f'"{c}"' for c in columns)
        listed = ", ".join(f'm."{c}"' for c in columns)
        cursor.execute(
            f"INSERT INTO people_member ({targets}, person_id, organization_id)"
            f" SELECT {listed}, p.id, c.id FROM people_member m,"
            " people_person p JOIN organizations_organization c"
            " ON c.parent_id = %s AND c.code = %s || '-' || (1 + p.id %% %s)"
            " WHERE m.id = %s AND p.id > %s",
            [unit.pk, unit.code, cells, member.pk, first],
        )
        cursor.execute("ANALYZE people_member")
        cursor.execute("ANALYZE organizations_organization")
    return Member.objects.filter(organization__parent=unit).count()


def test_a_communes_admissions_of_a_period_probe_the_admitted_in_index(tree):
    assert crowd_elsewhere(tree.d) == 5000
    # With sequential scans and hash joins priced out, the plan shows which index serves
    # each cell's probe.
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_hashjoin = off")
        cursor.execute("SET LOCAL enable_mergejoin = off")
    prefixes = covering_prefixes(subtree_prefixes(tree.c1))
    rows = (
        Member.objects.filter(admitted_between(date(2024, 1, 1), date(2024, 12, 31)))
        .admitted_under(prefixes)
        .order_by()
        .values(ADMITTED_IN_PATH)
        .annotate(n=Count("pk"))
    )
    plan = rows.explain()
    assert "member_admitted_in_idx" in plan, plan
    probe = plan[plan.index("member_admitted_in_idx") :]
    assert "admitted_in_id = " in probe and "admission_decided_on >=" in probe, plan
    assert "org_path_idx" in plan, plan
