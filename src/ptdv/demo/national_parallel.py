"""The national generator's work spread over processes, and the PostgreSQL side of a load.

The provinces of `ptdv.demo.national` are built apart (each from its own random generator and
in its own block of ids), so any number of processes give the same rows. `Workers.map` runs a
step (a province, an index to build, a deadline batch, a reference check) in a pool of forked
processes, each with its own connection, or in this process when there is one job (SQLite,
tests inside a transaction).

During the load the processes' sessions skip the foreign-key triggers when the database user
may (`session_replication_role = replica`, a superuser's setting): each COPY would otherwise
check every row's references one by one and lock each referenced row. The references are then
checked once per foreign key over the whole table (`dangling`), and a generation with a
reference to no row stops with an error.
"""

import multiprocessing

from django.db import connection, connections

from ptdv.core.errors import DomainError

# The generator whose provinces the forked processes build (set before the pool forks).
_GENERATOR = None


def parallel_possible() -> bool:
    """Several processes need PostgreSQL and committed rows (not a test's transaction)."""
    return connection.vendor == "postgresql" and not connection.in_atomic_block


def skips_reference_checks() -> bool:
    """Whether the load sessions skip the foreign-key triggers (PostgreSQL, superuser)."""
    if connection.vendor != "postgresql":
        return False
    with connection.cursor() as cursor:
        cursor.execute("SHOW is_superuser")
        return cursor.fetchone()[0] == "on"


def start_load_session(skip_checks: bool) -> None:
    """The session settings of a loading connection: no per-row reference checks (when
    allowed), memory to sort the index builds, no statement timeout, no wait on the disk at
    each COPY's commit."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        if skip_checks:
            cursor.execute("SET session_replication_role = replica")
        cursor.execute("SET maintenance_work_mem = '256MB'")
        # The app's statement timeout is for pages: an index over millions of rows, or a
        # reference check over the whole table, takes longer.
        cursor.execute("SET statement_timeout = 0")
        cursor.execute("SET synchronous_commit = off")


def end_load_session() -> None:
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("RESET session_replication_role")
        cursor.execute("RESET maintenance_work_mem")
        cursor.execute("RESET statement_timeout")
        cursor.execute("RESET synchronous_commit")


def build_province(index: int):
    """Build the province `index` of the active generator's plan (a pool task)."""
    return _GENERATOR.build_province(_GENERATOR.plans[index])


class Workers:
    """`map(function, items)`: the results in the order they are done, from `jobs` forked
    processes (PostgreSQL outside a transaction) or from this process. The functions must
    be module-level (the processes receive their names)."""

    def __init__(self, generator, jobs: int, *, skip_checks: bool):
        self.generator = generator
        self.jobs = jobs
        self.skip_checks = skip_checks
        self.pool = None

    def __enter__(self):
        global _GENERATOR
        _GENERATOR = self.generator
        if self.jobs > 1:
            # Each process opens its own connection: none may inherit this one.
            connections.close_all()
            context = multiprocessing.get_context("fork")
            self.pool = context.Pool(
                self.jobs, initializer=start_load_session, initargs=(self.skip_checks,)
            )
        else:
            start_load_session(self.skip_checks)
        return self

    def map(self, function, items):
        items = list(items)
        if self.pool is None:
            return [function(item) for item in items]
        return self.pool.imap_unordered(function, items)

    def __exit__(self, *exc_info):
        global _GENERATOR
        _GENERATOR = None
        if self.pool is not None:
            self.pool.close()
            self.pool.join()
            self.pool = None
        elif exc_info[0] is None or not connection.in_atomic_block:
            end_load_session()
        return False


def create_index(definition: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute(definition)
    return definition


def foreign_keys(tables: list[str]) -> list[tuple[str, str, str, str]]:
    """(table, column, referenced table, referenced column) of every single-column foreign
    key of the tables (PostgreSQL)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.conrelid::regclass::text, a.attname, c.confrelid::regclass::text,"
            " af.attname FROM pg_constraint c"
            " JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]"
            " JOIN pg_attribute af ON af.attrelid = c.confrelid AND af.attnum = c.confkey[1]"
            " WHERE c.contype = 'f' AND cardinality(c.conkey) = 1"
            " AND c.conrelid = ANY(%s::text[]::regclass[]) ORDER BY 1, 2",
            [tables],
        )
        return cursor.fetchall()


def dangling(key: tuple[str, str, str, str]) -> tuple[tuple, int]:
    """The number of rows whose foreign key `key` points at no row (one anti-join)."""
    table, column, target, target_column = key
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT count(*) FROM {quote(table)} t WHERE t.{quote(column)} IS NOT NULL"
            f" AND NOT EXISTS (SELECT 1 FROM {quote(target)} r"
            f" WHERE r.{quote(target_column)} = t.{quote(column)})"
        )
        return key, cursor.fetchone()[0]


def check_references(workers: Workers, tables: list[str]) -> int:
    """Check every foreign key of the tables over the whole table; raise on a reference to
    no row. Returns the number of keys checked."""
    keys = foreign_keys(tables)
    broken = [(key, count) for key, count in workers.map(dangling, keys) if count]
    if broken:
        text = "; ".join(f"{k[0]}.{k[1]}: {count}" for k, count in sorted(broken))
        raise DomainError(f"Dữ liệu sinh ra tham chiếu tới dòng không tồn tại ({text}).")
    return len(keys)
