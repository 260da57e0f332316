"""Every kind of import, one module each. A kind module declares `KINDS` (each `spec.Kind`:
its code, title, sheet and columns), `plan(kind, table, user, *, job, progress)` (check and
decide every row, writing nothing) and `apply(plan, user, *, kind, progress)` (write, through
the domain services, inside the transaction of `engine.apply_rows`). A new kind is a module
with these three names, added to `MODULES`."""

from ptdv.core.errors import DomainError
from ptdv.imports import members, reform, results, target_rows
from ptdv.imports.spec import Kind

MODULES = (members, results, target_rows, reform)
KINDS: dict[str, Kind] = {kind.code: kind for module in MODULES for kind in module.KINDS}
HANDLERS = {kind.code: module for module in MODULES for kind in module.KINDS}


def kind_of(code: str) -> Kind:
    try:
        return KINDS[code]
    except KeyError:
        raise DomainError(f"Không có loại dữ liệu nhập «{code}».", field="kind") from None


def plan(job, table, user, progress=None):
    """Check and decide every row of the job's file (nothing written)."""
    kind = kind_of(job.kind)
    return HANDLERS[kind.code].plan(kind, table, user, job=job, progress=progress)


def apply(job, plan, user, progress=None) -> dict[str, int]:
    """Write a plan (the caller holds the transaction)."""
    kind = kind_of(job.kind)
    return HANDLERS[kind.code].apply(plan, user, kind=kind, progress=progress)
