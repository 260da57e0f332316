"""The report cache (reports/cache.py): a dashboard is computed once per state of the data and
never served after a write, whatever the path of the write, on both databases."""

import threading
import time
from datetime import date

import pytest
from django.db import connection, connections, transaction
from django.urls import reverse

from ptdv.reports import cache
from ptdv.reports.views import DashboardView
from tests.reports.factories import admit

QUERY = {"tu": "01/01/2023", "den": "31/12/2023"}


@pytest.fixture
def computed(monkeypatch):
    """How many times the dashboard's figures were computed (not served from the cache)."""
    calls = []
    original = DashboardView.figures

    def counting(self, *args):
        calls.append(self.unit.pk)
        return original(self, *args)

    monkeypatch.setattr(DashboardView, "figures", counting)
    return calls


def _admitted(client, unit) -> int:
    response = client.get(reverse("reports:dashboard", args=[unit.pk]), QUERY)
    assert response.status_code == 200
    return response.context["stats"]["admitted"]


@pytest.mark.django_db
def test_every_table_of_the_data_carries_the_trigger():
    covered = set(cache.covered_tables())
    assert {"people_member", "recruitment_dossier", "targets_target"} <= covered
    assert "accounts_auditevent" not in covered
    triggered = cache.triggered_tables()
    assert covered - triggered == set(), "a table without its trigger: add it in a migration"
    assert triggered - covered == set()


def test_every_table_tells_the_units_of_its_rows_or_counts_for_everything():
    """A table with a column naming a unit must say how its rows find their units; only
    the tree and the reference tables count for every page."""
    from django.apps import apps

    from ptdv.organizations.models import Organization

    covered = set(cache.covered_tables())
    assert covered == set(cache._UNITS) | cache._EVERYTHING
    assert not set(cache._UNITS) & cache._EVERYTHING
    for model in apps.get_models(include_auto_created=True):
        table = model._meta.db_table
        if table not in cache._UNITS:
            continue
        sources = " ".join(cache._UNITS[table])
        for field in model._meta.concrete_fields:
            if field.is_relation and field.related_model is Organization:
                assert f"r.{field.column}" in sources, f"{table}.{field.column} is not read"


@pytest.mark.django_db
def test_the_dashboard_is_computed_once_until_a_write(client, tree, computed):
    client.force_login(tree.officer_p1)
    first = _admitted(client, tree.p1)
    assert _admitted(client, tree.p1) == first
    assert computed == [tree.p1.pk], "the second opening is served from the cache"

    admit(tree.a, date(2023, 5, 1))
    assert _admitted(client, tree.p1) == first + 1
    assert computed == [tree.p1.pk, tree.p1.pk]

    # Another period, another unit, another scope: other entries.
    client.get(reverse("reports:dashboard", args=[tree.p1.pk]), {"den": "31/12/2022"})
    client.force_login(tree.office_c1)
    _admitted(client, tree.c1)
    client.force_login(tree.admin)
    _admitted(client, tree.p1)
    assert len(computed) == 5


@pytest.mark.django_db
@pytest.mark.parametrize(
    "write",
    [
        "update",  # a queryset update (no model save, no signal)
        "raw",  # raw SQL
        "delete",
        "target",  # another table than the members'
        "calendar",
    ],
)
def test_every_kind_of_write_empties_the_cache(client, tree, computed, write):
    from ptdv.core.models import CalendarDay, CalendarDayKind
    from ptdv.people.models import Member
    from ptdv.targets.models import Target, TargetKind

    member = admit(tree.a, date(2023, 5, 1))
    client.force_login(tree.officer_p1)
    _admitted(client, tree.p1)
    _admitted(client, tree.p1)
    assert len(computed) == 1
    if write == "update":
        Member.objects.filter(pk=member.pk).update(admission_decided_on=date(2022, 5, 1))
    elif write == "raw":
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE people_member SET admission_decided_on = %s WHERE id = %s",
                [date(2022, 5, 1), member.pk],
            )
    elif write == "delete":
        Member.objects.filter(pk=member.pk).delete()
    elif write == "target":
        Target.objects.create(
            organization=tree.p1,
            kind=TargetKind.ASSIGNED,
            period_start=date(2023, 1, 1),
            period_end=date(2023, 12, 31),
            min_value=9,
        )
    else:  # the working-day calendar (the worklist's deadlines)
        CalendarDay.objects.create(
            day=date(2023, 10, 17), kind=CalendarDayKind.DAY_OFF, note="Nghỉ bù"
        )
    after = _admitted(client, tree.p1)
    assert len(computed) == 2, write
    if write in ("update", "raw", "delete"):
        assert after == 0


@pytest.mark.django_db
def test_a_rolled_back_write_leaves_no_state_that_can_come_back(tree):
    """A savepoint rolled back returns the data and its mark to what they were; the next
    write gets a mark never used before (so an entry of the rolled-back state is never
    served)."""
    before = cache._state(connection)
    with transaction.atomic():
        admit(tree.a, date(2023, 5, 1))
        undone = cache._state(connection)
        assert undone != before
        transaction.set_rollback(True)
    assert cache._state(connection) == before
    admit(tree.b, date(2023, 6, 1))
    assert cache._state(connection) not in (before, undone)


@pytest.mark.django_db
def test_without_the_setting_every_page_is_computed(client, tree, computed, settings):
    settings.PTDV_REPORT_CACHE = False
    client.force_login(tree.officer_p1)
    _admitted(client, tree.p1)
    _admitted(client, tree.p1)
    assert len(computed) == 2


# --- PostgreSQL: committed writes of other connections, the log, one computation at a time --

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the change log is PostgreSQL's"
)


def _other_connection():
    """A second connection to the test database, outside Django's (another officer's
    transaction)."""
    import psycopg

    params = connection.get_connection_params()
    params.pop("cursor_factory", None)
    params.pop("context", None)
    return psycopg.connect(**params)


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_a_committed_write_of_another_connection_empties_the_cache_when_it_commits(
    client, tree, computed
):
    member = admit(tree.a, date(2023, 5, 1))
    client.force_login(tree.officer_p1)
    first = _admitted(client, tree.p1)
    with _other_connection() as other:
        with other.cursor() as cursor:
            cursor.execute(
                "UPDATE people_member SET admission_decided_on = '2022-04-01' WHERE id = %s",
                [member.pk],
            )
        # Not committed yet: the entry stays current, the page is not computed again.
        assert _admitted(client, tree.p1) == first
        assert len(computed) == 1
        other.commit()
    assert _admitted(client, tree.p1) == first - 1
    assert len(computed) == 2

    admit(tree.a, date(2023, 5, 1))  # autocommit: committed at once
    assert _admitted(client, tree.p1) == first
    assert _admitted(client, tree.p1) == first
    assert len(computed) == 3

    # A committed statement that changed no row changed nothing a page reads.
    with _other_connection() as other, other.cursor() as cursor:
        cursor.execute(
            "UPDATE people_member SET admission_decided_on = '2023-04-01' "
            "WHERE id IN (SELECT id FROM people_member LIMIT 0)"
        )
    assert _admitted(client, tree.p1) == first
    assert len(computed) == 3


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_a_write_empties_only_the_pages_whose_subtree_it_touched(client, tree, computed):
    """The log records the commune-level units a write touched: the pages of other communes
    and provinces stay current; the pages above it, and those of the units that absorbed
    its unit, follow it. The tree itself counts for every page."""
    from ptdv.people.models import Member, Person
    from ptdv.targets.models import Target, TargetKind

    pages = {
        "c1": (tree.office_c1, tree.c1),
        "c2": (tree.office_c2, tree.c2),
        "p1": (tree.officer_p1, tree.p1),
        "p2": (tree.officer_p2, tree.p2),
        "country": (tree.admin, tree.root),
    }

    def recomputed_after(write) -> set[str]:
        for user, unit in pages.values():
            client.force_login(user)
            _admitted(client, unit)
        computed.clear()
        write()
        for user, unit in pages.values():
            client.force_login(user)
            _admitted(client, unit)
        return {name for name, (_, unit) in pages.items() if unit.pk in computed}

    assert recomputed_after(lambda: admit(tree.e, date(2023, 5, 1))) == {"p2", "country"}
    assert recomputed_after(lambda: admit(tree.d, date(2023, 5, 1))) == {"c2", "p1", "country"}
    # A row of the province itself (its target): not read by the pages of its communes.
    assert recomputed_after(
        lambda: Target.objects.create(
            organization=tree.p1,
            kind=TargetKind.ASSIGNED,
            period_start=date(2023, 1, 1),
            period_end=date(2023, 12, 31),
            min_value=9,
        )
    ) == {"p1", "country"}
    # A cell of the commune merged into C1 counts for C1.
    assert recomputed_after(lambda: admit(tree.oldcell, date(2023, 5, 1))) == {
        "c1",
        "p1",
        "country",
    }
    # A member moved from A (C1) to E (P2): both sides.
    member = admit(tree.a, date(2023, 5, 1))
    assert recomputed_after(
        lambda: Member.objects.filter(pk=member.pk).update(organization=tree.e)
    ) == {"c1", "p1", "p2", "country"}
    # A person's details count where the person is a member (E) and where the person's
    # own unit is (D).
    person = Person.objects.get(pk=member.person_id)
    Person.objects.filter(pk=person.pk).update(organization=tree.d)
    assert recomputed_after(
        lambda: Person.objects.filter(pk=person.pk).update(full_name="Lê Thị Mới")
    ) == {"c2", "p1", "p2", "country"}
    # The tree: every page.
    assert recomputed_after(
        lambda: tree.c3.__class__.objects.filter(pk=tree.c3.pk).update(name="Xã Mới")
    ) == set(pages)


class _Openings:
    """Openings of one entry whose computation takes `seconds`, each in its own connection:
    what was computed and what each opening was served."""

    def __init__(self, seconds: float):
        self.seconds = seconds
        self.computed, self.results = [], []

    def compute(self):
        self.computed.append(1)
        time.sleep(self.seconds)
        return len(self.computed)

    def open(self):
        try:
            self.results.append(cache.cached("test", ("same",), self.compute))
        finally:
            connections.close_all()


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_concurrent_openings_compute_the_page_once(tree):
    """Officers opening the same missing entry at once: one computes, the others wait for it
    and are served what it computed."""
    page = _Openings(seconds=0.5)
    threads = [threading.Thread(target=page.open) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert page.computed == [1]
    assert page.results == [1, 1, 1]


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_a_request_that_waited_is_served_what_was_current_when_it_came(tree):
    """While one process computes the entry, a write commits: the requests that came before
    the write and waited are served what was computed (it holds every write committed when
    they came); a request that comes after the write computes the page again."""
    page = _Openings(seconds=0.6)
    person = admit(tree.a, date(2023, 5, 1)).person_id
    first = threading.Thread(target=page.open)
    first.start()
    time.sleep(0.15)  # the first computes; the others come and wait
    waiting = [threading.Thread(target=page.open) for _ in range(2)]
    for thread in waiting:
        thread.start()
    time.sleep(0.15)
    with _other_connection() as other, other.cursor() as cursor:  # committed on leaving
        cursor.execute("UPDATE people_person SET phone = phone WHERE id = %s", [person])
    for thread in [first, *waiting]:
        thread.join()
    assert page.computed == [1]
    assert page.results == [1, 1, 1]
    page.open()  # after the write: the entry does not hold it
    assert page.computed == [1, 1]
    assert page.results[-1] == 2


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_the_log_keeps_a_row_until_no_entry_can_miss_it(tree):
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM reports_datachange")
        with transaction.atomic():  # one transaction: a row per scope it wrote
            admit(tree.a, date(2023, 5, 1))
            # Not marked by its own transaction: not committed yet.
            cursor.execute("SELECT reports_datachange_prune()")
            cursor.execute("SELECT array_agg(scope), count(seen_at) FROM reports_datachange")
            scopes, seen = cursor.fetchone()
            # The cell's commune; not the counters the members' triggers keep (the commune's
            # record covers every page they feed).
            assert (scopes, seen) == ([tree.c1.path], 0)
        cursor.execute("SELECT reports_datachange_prune()")
        cursor.execute("SELECT count(*), count(seen_at) FROM reports_datachange")
        counts = cursor.fetchone()
        assert counts == (1, 1), "seen committed, kept"
        cursor.execute(
            "UPDATE reports_datachange SET seen_at = seen_at - make_interval(secs => %s)",
            [2 * cache.LIFETIME - 60],
        )
        cursor.execute("SELECT reports_datachange_prune()")
        cursor.execute("SELECT count(*) FROM reports_datachange")
        assert cursor.fetchone() == (1,), "an entry computed before it may still live"
        cursor.execute("UPDATE reports_datachange SET seen_at = seen_at - interval '2 minutes'")
        cursor.execute("SELECT reports_datachange_prune()")
        cursor.execute("SELECT count(*) FROM reports_datachange")
        assert cursor.fetchone() == (0,)


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_a_computation_that_fails_inside_a_transaction_does_not_keep_the_lock(tree):
    """The computation's error aborts the surrounding transaction: the lock on its key is
    released with the session, and another process can compute the page."""
    from django.db import DataError

    def failing():
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 / 0")

    with pytest.raises(DataError), transaction.atomic():
        cache.cached("test", ("failing",), failing)
    computed = []

    def compute_elsewhere():
        try:
            computed.append(cache.cached("test", ("failing",), lambda: "tính lại"))
        finally:
            connections.close_all()

    other = threading.Thread(target=compute_elsewhere)
    other.start()
    other.join(timeout=10)
    assert computed == ["tính lại"], "another process waited on the lock"


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_a_counter_written_directly_is_recorded(tree):
    """The counters record nothing when the members' triggers write them (the member's own
    record covers them), but a direct write, such as a rebuild, is recorded."""
    admit(tree.a, date(2023, 5, 1))
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM reports_datachange")
        cursor.execute(
            "UPDATE people_cellcount SET members = members WHERE organization_id = %s",
            [tree.a.pk],
        )
        cursor.execute("SELECT array_agg(scope) FROM reports_datachange")
        assert cursor.fetchone()[0] == [tree.c1.path]
