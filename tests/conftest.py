"""Shared fixtures: a small tree and the personas who use it.

The tree (codes in brackets):

    Trung ương [TW]
    ├── Tỉnh Một [P1]                       officer_p1 (board officer), inspector_p1
    │   ├── Xã Hòa Bình [C1]                office_c1 (grassroots office)
    │   │   ├── Chi bộ thôn An Phú [A]      secretary_a (cell secretary)
    │   │   └── Chi bộ thôn Bình Minh [B]   secretary_b (cell secretary, sibling of A)
    │   ├── Xã Đồng Tâm [C2]                office_c2 (sibling commune)
    │   │   └── Chi bộ thôn Cây Đa [D]
    │   └── Xã Cũ [OLD] dissolved 30/06/2025, merged into C1
    │       └── Chi bộ thôn Cũ [OLDCELL]
    └── Tỉnh Hai [P2]                       officer_p2
        └── Xã Hướng Dương [C3]
            └── Chi bộ thôn Hải Đăng [E]
    admin: system administrator, sees everything.
"""

import copy
import os
import threading
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.db.backends.sqlite3.introspection import DatabaseIntrospection as SQLiteIntrospection

from ptdv.accounts import services as account_services
from ptdv.accounts.models import Role, User
from ptdv.organizations import services as org_services
from ptdv.organizations.models import Organization, OrganizationKind, Sector

PASSWORD = "Mat-khau-thu-nghiem-2025"


def make_unit(parent, code, name, kind="cell", sector=None, valid_from=None) -> Organization:
    return org_services.organization_create(
        acting_user=None,
        parent=parent,
        code=code,
        name=name,
        kind=OrganizationKind.objects.get(code=kind),
        sector=Sector.objects.get(code=sector) if sector else None,
        valid_from=valid_from,
    )


def make_user(username, role, unit) -> User:
    return account_services.user_create(
        acting_user=None,
        username=username,
        full_name=username,
        role=role,
        organization=unit,
        password=PASSWORD,
    )


@dataclass
class Tree:
    root: Organization
    p1: Organization
    p2: Organization
    c1: Organization
    c2: Organization
    c3: Organization
    a: Organization
    b: Organization
    d: Organization
    e: Organization
    old: Organization
    oldcell: Organization
    admin: User
    officer_p1: User
    officer_p2: User
    inspector_p1: User
    office_c1: User
    office_c2: User
    secretary_a: User
    secretary_b: User


@pytest.fixture
def reference_data(db):
    """Kinds, sectors and authority rules: a transactional test (the browser tests) flushes
    the tables that the data migration filled, so they are put back when missing."""
    from ptdv.core.calendar_data import ensure_installed as calendar_installed
    from ptdv.organizations.reference_data import ensure_installed

    ensure_installed()
    calendar_installed()


@pytest.fixture(autouse=True)
def _fresh_calendar(request):
    """The working-day calendar is cached: a test's rows must not leak to the next. A test
    with the database starts with it loaded (configuration, like the reference data), so
    that counting a page's queries does not depend on which test read it first."""
    from ptdv.core.calendar import clear_cache, load

    clear_cache()
    marker = request.node.get_closest_marker("django_db")
    if "transactional_db" in request.fixturenames or (marker and marker.kwargs.get("transaction")):
        pass  # the flushed tables are refilled by `reference_data`, read lazily
    elif "db" in request.fixturenames:
        request.getfixturevalue("db")
        load()
    elif marker:
        request.getfixturevalue("_django_db_helper")
        load()
    yield
    clear_cache()


def build_tree() -> Tree:
    """The tree and its personas, written through the services."""
    root = make_unit(None, "TW", "Trung ương", "central")
    p1 = make_unit(root, "P1", "Đảng bộ tỉnh Một", "province")
    p2 = make_unit(root, "P2", "Đảng bộ tỉnh Hai", "province")
    c1 = make_unit(p1, "C1", "Đảng bộ xã Hòa Bình", "commune", "rural_residential")
    c2 = make_unit(p1, "C2", "Đảng bộ xã Đồng Tâm", "commune", "rural_residential")
    c3 = make_unit(p2, "C3", "Đảng bộ xã Hướng Dương", "commune", "rural_residential")
    a = make_unit(c1, "A", "Chi bộ thôn An Phú", sector="rural_residential")
    b = make_unit(c1, "B", "Chi bộ thôn Bình Minh", sector="rural_residential")
    d = make_unit(c2, "D", "Chi bộ thôn Cây Đa", sector="rural_residential")
    e = make_unit(c3, "E", "Chi bộ thôn Hải Đăng", sector="rural_residential")
    old = make_unit(p1, "OLD", "Đảng bộ xã Cũ", "grassroots_committee", "rural_residential")
    oldcell = make_unit(old, "OLDCELL", "Chi bộ thôn Cũ", sector="rural_residential")
    old = org_services.organization_dissolve(
        acting_user=None, organization=old, on=date(2025, 6, 30), merged_into=c1
    )
    return Tree(
        root=root,
        p1=p1,
        p2=p2,
        c1=c1,
        c2=c2,
        c3=c3,
        a=a,
        b=b,
        d=d,
        e=e,
        old=old,
        oldcell=oldcell,
        admin=make_user("admin", Role.ADMINISTRATOR, root),
        officer_p1=make_user("officer_p1", Role.BOARD_OFFICER, p1),
        officer_p2=make_user("officer_p2", Role.BOARD_OFFICER, p2),
        inspector_p1=make_user("inspector_p1", Role.INSPECTOR, p1),
        office_c1=make_user("office_c1", Role.GRASSROOTS_OFFICE, c1),
        office_c2=make_user("office_c2", Role.GRASSROOTS_OFFICE, c2),
        secretary_a=make_user("secretary_a", Role.CELL_SECRETARY, a),
        secretary_b=make_user("secretary_b", Role.CELL_SECRETARY, b),
    )


def _transactional(item) -> bool:
    """A test that commits (pytest-django's TransactionTestCase): the marker's
    transaction=True, or the fixtures that ask for it."""
    marker = item.get_closest_marker("django_db")
    if marker and (marker.kwargs.get("transaction") or (marker.args and marker.args[0])):
        return True
    names = getattr(item, "fixturenames", ())
    return "transactional_db" in names or "live_server" in names


def _shares_the_tree(item) -> bool:
    """The tests that read the tree built once (see `_shared_tree`): every test on the tree
    that runs in a rolled-back transaction, apart from those on the shared demo."""
    names = getattr(item, "fixturenames", ())
    return "tree" in names and "_demo_build" not in names and not _transactional(item)


def _close(connection) -> None:
    """Close the connection that a shared fixture opened, by the object it used: the
    browser tests' fixtures run the tests in another context, whose connections are other
    objects (Django keeps one per context), so a `connections.close_all()` from there, or
    the closing of the test database at the end of the run, would leave this one open
    ("database … is being accessed by other users" when PostgreSQL drops it)."""
    connection.close()


class _SharedTree:
    """The tree written once, inside a transaction that stays open while the tests that
    share it run (together, see `pytest_collection_modifyitems`) and is rolled back before
    the next test that does not; each test runs in a savepoint of it, as Django's
    `TestCase.setUpTestData` does, and receives its own copy of the objects."""

    current = None  # the test being set up (pytest_runtest_setup)
    blocker = None
    opened = None  # the connection of the shared transaction
    outer = None
    tree = None

    def open(self, blocker) -> None:
        from django.db import DEFAULT_DB_ALIAS, connections, transaction

        from ptdv.core.calendar_data import ensure_installed as calendar_installed
        from ptdv.organizations.reference_data import ensure_installed

        self.blocker = blocker
        with blocker.unblock():
            self.opened = connections[DEFAULT_DB_ALIAS]
            self.outer = transaction.atomic()
            self.outer._from_testcase = True  # as Django's own test transactions
            self.outer.__enter__()
            try:
                ensure_installed()
                calendar_installed()
                self.tree = build_tree()
            except BaseException:
                self.close()
                raise

    def close(self) -> None:
        from django.db import transaction

        if self.outer is None:
            return
        with self.blocker.unblock():
            transaction.set_rollback(True)
            outer, self.outer, self.tree = self.outer, None, None
            outer.__exit__(None, None, None)
            _close(self.opened)


_SHARED = _SharedTree()


@pytest.fixture
def nothing_remembered(monkeypatch):
    """Every subtree derived from the tree anew, none kept from an earlier request
    (`organizations.tree_version`): for the tests of what one request reads."""
    from ptdv.organizations import scope, tree_version

    monkeypatch.setattr(scope, "_remembered", tree_version.Remembered(size=0))


@pytest.fixture(scope="session")
def _shared_tree(django_db_setup, django_db_blocker):
    """Set up before the test's own transaction (a session fixture comes first): opens the
    shared tree's transaction when the first test that shares it starts."""
    if _SHARED.current is not None and _shares_the_tree(_SHARED.current):
        _SHARED.open(django_db_blocker)
    yield _SHARED
    _SHARED.close()


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    """Before a test's fixtures: a test that does not share the tree starts without it."""
    _SHARED.current = item
    if _SHARED.outer is not None and not _shares_the_tree(item):
        _SHARED.close()


@pytest.fixture
def tree(request, _shared_tree, db, reference_data) -> Tree:
    """The tree of this module's docstring. Built once for the tests that run in a
    rolled-back transaction (each gets a fresh copy of the objects, its writes are undone
    after it); built anew for a test that commits (browser, live server, other processes)."""
    if _SHARED.tree is not None and _shares_the_tree(request.node):
        return copy.deepcopy(_SHARED.tree)
    return build_tree()


def totp_code(username: str) -> str:
    """A code that the user's authenticator app would show now (enrolled if not yet), one
    that the device has not accepted before (codes are single use)."""
    import time

    from ptdv.accounts import twofactor

    device = twofactor.enrol_confirmed(User.objects.get(username=username))
    device.refresh_from_db()
    # Counted in the device's steps, drift included (as the server counts them): the first
    # step after the last accepted one, waited for when it lies beyond the server's
    # tolerance (a persona logging in several times within a minute).
    now = time.time()
    current = int((now - device.t0) // device.step) + device.drift
    wanted = max(current, device.last_t + 1)
    opens = (wanted - device.drift - device.tolerance) * device.step + device.t0
    if opens > now:
        time.sleep(opens - now + 0.05)
    return twofactor.current_code(device, at=(wanted - device.drift) * device.step + device.t0)


def pass_second_factor(page, username: str) -> None:
    """Browser tests: after the password, the privileged personas give their code."""
    page.wait_for_url(lambda url: "/dang-nhap/" not in url)
    if "/xac-thuc-hai-lop/dang-ky/" in page.url:  # the persona's app: enrolled here
        totp_code(username)
        page.reload()
        page.wait_for_url(lambda url: "/dang-ky/" not in url)
    if "/xac-thuc-hai-lop/" in page.url:
        page.get_by_label("Mã xác thực").fill(totp_code(username))
        page.get_by_role("button", name="Xác nhận").click()
        page.wait_for_url(lambda url: "/xac-thuc-hai-lop/" not in url)


@pytest.fixture(autouse=True)
def _privileged_personas_are_enrolled(monkeypatch):
    """The test client's force_login also gives the second factor for the privileged roles
    (board officers, administrators): the two-factor flow itself is tested in
    tests/accounts/test_two_factor.py; every other test logs these personas in directly."""
    from django.test import Client

    real = Client.force_login

    def force_login(self, user, backend=None):
        real(self, user, backend)
        from django_otp import DEVICE_ID_SESSION_KEY

        from ptdv.accounts import twofactor

        if twofactor.required_for(user):
            session = self.session
            session[DEVICE_ID_SESSION_KEY] = twofactor.enrol_confirmed(user).persistent_id
            session.save()

    monkeypatch.setattr(Client, "force_login", force_login)


@pytest.fixture
def login(client):
    """login(user) → the Django test client logged in as that user."""

    def _login(user):
        client.force_login(user)
        return client

    return _login


@pytest.fixture
def api(db):
    """api(user) → a DRF client authenticated with the user's token."""
    from rest_framework.authtoken.models import Token
    from rest_framework.test import APIClient

    def _api(user=None):
        client = APIClient()
        if user is not None:
            token, _ = Token.objects.get_or_create(user=user)
            client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
        return client

    return _api


@dataclass
class Demo:
    units: dict
    output: str


@pytest.fixture(scope="session")
def _demo_build(django_db_setup, django_db_blocker):
    """`ptdv demo --quick`, built once for the whole run inside a transaction that is rolled
    back at the end. The tests that use it run last (see `pytest_collection_modifyitems`):
    each runs in a savepoint of that transaction, so what one of them writes is undone
    before the next, and the tests before them never see the demo."""
    from django.db import DEFAULT_DB_ALIAS, connections, transaction

    from ptdv.core.calendar_data import ensure_installed as calendar_installed
    from ptdv.demo.builder import build_demo
    from ptdv.organizations.reference_data import ensure_installed

    with django_db_blocker.unblock():
        opened = connections[DEFAULT_DB_ALIAS]
        outer = transaction.atomic()
        outer.__enter__()
        try:
            ensure_installed()
            calendar_installed()
            lines = []
            units = build_demo(quick=True, log=lambda *parts: lines.append(" ".join(parts)))
            if opened.vendor == "postgresql":
                # The demo's deferred foreign key checks, run here once outside any savepoint:
                # PostgreSQL then forgets them, instead of going over them again at the end of
                # every test on the demo (Django checks the constraints before each rollback).
                opened.check_constraints()
            yield Demo(units=units, output="\n".join(lines))
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            _close(opened)


@pytest.fixture
def demo(_demo_build, db) -> Demo:
    """The demo (units by key and what the command printed), shared by every test that
    reads it; a test's own writes are rolled back after it."""
    return _demo_build


def pytest_collection_modifyitems(items):
    """Groups, each in pytest-django's order: the tests on the database without the tree;
    those that share the tree built once (`_shared_tree`); the tests that commit; the tests
    without the database; last the tests on the shared demo, which stays in the database
    from the first of them to the end of the run."""

    def group(item) -> int:
        names = getattr(item, "fixturenames", ())
        if "_demo_build" in names:
            return 4
        if _transactional(item):
            return 2
        if _shares_the_tree(item):
            return 1
        if item.get_closest_marker("django_db") or "db" in names:
            return 0
        return 3

    items.sort(key=group)


@pytest.fixture
def frozen_today(monkeypatch):
    """frozen_today(day): `timezone.localdate()` answers `day` for the rest of the test."""
    from django.utils import timezone

    def _freeze(day: date) -> date:
        monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: day)
        return day

    return _freeze


SCREENSHOTS = Path(__file__).resolve().parents[1] / "docs" / "screenshots"


@pytest.fixture
def shots(tmp_path) -> Path:
    """The folder a test saves its pictures in: the committed docs/screenshots/ only when
    PTDV_SCREENSHOTS=1, otherwise a temporary folder, so that a test run leaves the tree
    clean."""
    folder = SCREENSHOTS if os.environ.get("PTDV_SCREENSHOTS") == "1" else tmp_path / "shots"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


# --- The live server's requests end before the database is emptied ------------------------
# On SQLite in memory the live server shares the test's connection: a request still running
# when a test ends (a page the browser was loading) could write while the flush deletes, and
# the flush's COMMIT then fails on a foreign key. Each request is counted while it runs; a
# test on the live server waits for none to be running before its database is emptied.

_requests_running = threading.Condition()
_running = [0]


def _counted(call):
    def counted_call(self, environ, start_response):
        with _requests_running:
            _running[0] += 1
        try:
            return call(self, environ, start_response)
        finally:
            with _requests_running:
                _running[0] -= 1
                _requests_running.notify_all()

    return counted_call


WSGIHandler.__call__ = _counted(WSGIHandler.__call__)


def _flushed_last(introspection_class):
    """A test's flush on SQLite empties the tables one `DELETE` at a time, in the order of a
    set (it changes with the hash seed), and the data's row triggers run: deleting members
    while their cells still exist writes the admission counters and the cells' latest
    admissions again, and if those tables were emptied before, their new rows point at
    units deleted later, so the flush fails at its commit. The tables that the triggers
    write are emptied last."""
    table_names = introspection_class.django_table_names

    def django_table_names(self, *args, **kwargs):
        tables = table_names(self, *args, **kwargs)
        return sorted(tables, key=lambda table: (table in _KEPT_BY_TRIGGERS, table))

    introspection_class.django_table_names = django_table_names


_KEPT_BY_TRIGGERS = {
    "people_admissioncount",
    "people_cellcount",
    "people_lastadmission",
    "people_provincecount",
}
_flushed_last(SQLiteIntrospection)


@pytest.fixture(autouse=True)
def _live_requests_ended(request):
    if "live_server" not in request.fixturenames:
        yield
        return
    # Set up before this fixture, so emptied after it.
    request.getfixturevalue("transactional_db")
    yield
    with _requests_running:
        _requests_running.wait_for(lambda: _running[0] == 0, timeout=30)
