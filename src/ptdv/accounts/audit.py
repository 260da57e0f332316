"""Writing the audit trail. Called by services inside their transaction."""

from datetime import date, datetime
from decimal import Decimal

from django.db import models
from django.utils import timezone

from ptdv.accounts.models import AuditEvent


def _plain(value):
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def snapshot(obj: models.Model, fields: list[str]) -> dict:
    """The named fields of `obj` as JSON-ready values (foreign keys as their ids)."""
    return {name: _plain(getattr(obj, name)) for name in fields}


def audit_record(
    *,
    actor,
    event: str,
    obj: models.Model,
    organization=None,
    old: dict | None = None,
    new: dict | None = None,
) -> AuditEvent:
    if old is not None and new is not None:
        changed = {k for k in set(old) | set(new) if old.get(k) != new.get(k)}
        old = {k: v for k, v in old.items() if k in changed}
        new = {k: v for k, v in new.items() if k in changed}
    actor_obj = actor if actor is not None and actor.is_authenticated else None
    return AuditEvent.objects.create(
        at=timezone.now(),
        actor=actor_obj,
        actor_name=str(actor_obj) if actor_obj else "hệ thống",
        event=event,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        object_repr=str(obj)[:255],
        organization=organization,
        old=old,
        new=new,
    )
