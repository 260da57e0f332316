"""Reads of report pages on a PostgreSQL streaming replica (DATABASE_REPLICA_URL).

Only code that asks for it reads from the replica: `with replica_reads():` (the report views
do). Everything else, writes and the pages that show what the user just wrote, stays on the
primary, so a form never reads a stale copy of what it saved. Without a replica configured,
every read goes to the primary. docs/scaling.md says how to start one.
"""

from contextlib import contextmanager
from contextvars import ContextVar

from django.db import connections

REPLICA = "replica"
_reports = ContextVar("ptdv_replica_reads", default=False)


@contextmanager
def replica_reads():
    token = _reports.set(True)
    try:
        yield
    finally:
        _reports.reset(token)


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        if _reports.get() and REPLICA in connections.settings:
            return REPLICA
        return "default"

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the replica is a copy of the primary: same rows, same keys

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == "default"
