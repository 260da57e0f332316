"""Writes to the organisation tree. Each function checks scope and rules, writes the
audit row in the same transaction, and raises DomainError (Vietnamese) when it refuses."""

from datetime import date

from django.db import IntegrityError, transaction
from django.db.models import F, Value
from django.db.models.functions import Concat, Substr

from ptdv.accounts.audit import audit_created, audit_record, snapshot
from ptdv.accounts.permissions import Action, user_can
from ptdv.core.errors import DomainError, RoleRefused
from ptdv.core.text import fold, normalize, sort_key
from ptdv.organizations.models import Organization, OrganizationKind, Sector
from ptdv.organizations.scope import in_scope

AUDITED_FIELDS = [
    "code",
    "name",
    "kind",
    "sector",
    "parent",
    "valid_from",
    "valid_to",
    "merged_into",
]


def _require_manage(acting_user, organization: Organization | None) -> None:
    if acting_user is None:
        return  # system jobs and the demo builder act without a user
    if not user_can(acting_user, Action.MANAGE_ORGANIZATIONS):
        raise RoleRefused("Vai trò của bạn không được thay đổi cây tổ chức đảng.")
    if organization is not None and not in_scope(acting_user, organization.path):
        raise DomainError("Tổ chức này nằm ngoài phạm vi quản lý của bạn.")


def _clean_fields(*, code: str, name: str, kind, parent, valid_from, valid_to, exclude_pk=None):
    code = normalize(code).upper()
    name = normalize(name)
    if not name:
        raise DomainError("Tên tổ chức không được để trống.", field="name")
    if not code:
        raise DomainError("Mã tổ chức không được để trống.", field="code")
    clash = Organization.objects.filter(code=code).exclude(pk=exclude_pk).first()
    if clash is not None:
        raise DomainError(f"Mã tổ chức «{code}» đã được dùng cho «{clash.name}».", field="code")
    if parent is not None and parent.kind.is_cell:
        raise DomainError(
            f"«{parent.name}» là chi bộ, không thể có tổ chức đảng trực thuộc.", field="parent"
        )
    if parent is not None and kind.rank <= parent.kind.rank:
        raise DomainError(
            f"{kind.name} không thể trực thuộc {parent.kind.name.lower()}.", field="kind"
        )
    if valid_from and valid_to and valid_to < valid_from:
        raise DomainError("Ngày giải thể không được trước ngày thành lập.", field="valid_to")
    return code, name


def _named(name: str) -> dict:
    """The name and the two keys derived from it (search without accents, Vietnamese order)."""
    return {"name": name, "search_key": fold(name), "sort_key": sort_key(name)}


@transaction.atomic
def organization_create(
    *,
    acting_user,
    parent: Organization | None,
    code: str,
    name: str,
    kind: OrganizationKind,
    sector: Sector | None = None,
    valid_from: date | None = None,
) -> Organization:
    if parent is None and acting_user is not None and not acting_user.has_global_scope:
        raise DomainError("Chỉ quản trị hệ thống được tạo tổ chức cấp cao nhất.")
    _require_manage(acting_user, parent)
    code, name = _clean_fields(
        code=code, name=name, kind=kind, parent=parent, valid_from=valid_from, valid_to=None
    )
    organization = Organization(
        code=code,
        kind=kind,
        sector=sector,
        parent=parent,
        valid_from=valid_from,
        depth=(parent.depth + 1) if parent else 0,
        **_named(name),
    )
    try:
        with transaction.atomic():
            organization.save()
    except IntegrityError as exc:
        raise DomainError(f"Mã tổ chức «{code}» đã được dùng.", field="code") from exc
    # The path is built from the primary key, known only after the insert.
    organization.path = f"{parent.path if parent else '/'}{organization.pk}/"
    Organization.objects.filter(pk=organization.pk).update(path=organization.path)
    audit_created(
        organization,
        AUDITED_FIELDS,
        actor=acting_user,
        event="organization_created",
        organization=organization,
    )
    return organization


@transaction.atomic
def organization_update(
    *,
    acting_user,
    organization: Organization,
    code: str,
    name: str,
    kind: OrganizationKind,
    sector: Sector | None,
    valid_from: date | None,
    valid_to: date | None,
    parent: Organization | None,
) -> Organization:
    # Lock the row: two officers editing the same unit must not interleave.
    organization = Organization.objects.select_for_update().get(pk=organization.pk)
    _require_manage(acting_user, organization)
    old = snapshot(organization, AUDITED_FIELDS)
    _refuse_cycle(organization, parent)
    code, name = _clean_fields(
        code=code,
        name=name,
        kind=kind,
        parent=parent,
        valid_from=valid_from,
        valid_to=valid_to,
        exclude_pk=organization.pk,
    )
    changes = dict(code=code, kind=kind, sector=sector, valid_from=valid_from, valid_to=valid_to)
    for field, value in (changes | _named(name)).items():
        setattr(organization, field, value)
    organization.save()
    if parent != organization.parent:
        organization = _move(acting_user=acting_user, organization=organization, new_parent=parent)
    audit_record(
        actor=acting_user,
        event="organization_updated",
        obj=organization,
        organization=organization,
        old=old,
        new=snapshot(organization, AUDITED_FIELDS),
    )
    return organization


def _refuse_cycle(organization: Organization, new_parent: Organization | None) -> None:
    if new_parent is not None and new_parent.path.startswith(organization.path):
        raise DomainError(
            f"Không thể đặt «{organization.name}» trực thuộc «{new_parent.name}»: "
            "một tổ chức không thể là cấp trên của chính nó.",
            field="parent",
        )


def _move(*, acting_user, organization: Organization, new_parent: Organization | None):
    if new_parent is None:
        raise DomainError("Phải chọn cấp trên trực tiếp.", field="parent")
    _refuse_cycle(organization, new_parent)
    _require_manage(acting_user, new_parent)
    old_path = organization.path
    new_path = f"{new_parent.path}{organization.pk}/"
    depth_change = new_parent.depth + 1 - organization.depth
    # One statement rewrites the whole subtree's paths.
    Organization.objects.filter(path__under=old_path).update(
        path=Concat(Value(new_path), Substr("path", len(old_path) + 1)),
        depth=F("depth") + depth_change,
    )
    Organization.objects.filter(pk=organization.pk).update(parent=new_parent)
    organization.refresh_from_db()
    return organization


@transaction.atomic
def organization_dissolve(
    *,
    acting_user,
    organization: Organization,
    on: date,
    merged_into: Organization | None = None,
) -> Organization:
    """Dissolve a unit, optionally into a successor. Its subtree and history stay where they
    are; whoever sees the successor sees them too."""
    organization = Organization.objects.select_for_update().get(pk=organization.pk)
    _require_manage(acting_user, organization)
    if organization.valid_to is not None:
        raise DomainError(f"«{organization.name}» đã giải thể từ {organization.valid_to:%d/%m/%Y}.")
    if organization.valid_from and on < organization.valid_from:
        raise DomainError("Ngày giải thể không được trước ngày thành lập.", field="valid_to")
    if merged_into is not None:
        if merged_into.pk == organization.pk or merged_into.path.startswith(organization.path):
            raise DomainError("Không thể hợp nhất một tổ chức vào chính nó hoặc đơn vị trực thuộc.")
        if merged_into.valid_to is not None:
            raise DomainError(f"«{merged_into.name}» đã giải thể, không thể tiếp nhận.")
        _require_manage(acting_user, merged_into)
    old = snapshot(organization, AUDITED_FIELDS)
    organization.valid_to = on
    organization.merged_into = merged_into
    organization.save(update_fields=["valid_to", "merged_into", "updated_at"])
    audit_record(
        actor=acting_user,
        event="organization_dissolved",
        obj=organization,
        organization=organization,
        old=old,
        new=snapshot(organization, AUDITED_FIELDS),
    )
    return organization


@transaction.atomic
def organization_bulk_create(
    *, acting_user, parent: Organization, rows: list[dict]
) -> list[Organization]:
    """Create many units under one parent in a few statements (the national tree has 3.321
    communes). `rows` hold code, name, kind, sector, valid_from. All or nothing."""
    _require_manage(acting_user, parent)
    codes = [normalize(row["code"]).upper() for row in rows]
    duplicates = {code for code in codes if codes.count(code) > 1}
    if duplicates:
        raise DomainError(f"Mã tổ chức bị trùng trong danh sách: {', '.join(sorted(duplicates))}.")
    taken = set(Organization.objects.filter(code__in=codes).values_list("code", flat=True))
    if taken:
        raise DomainError(f"Mã tổ chức đã được dùng: {', '.join(sorted(taken))}.")
    units = []
    for row, code in zip(rows, codes, strict=True):
        name = normalize(row["name"])
        if not name:
            raise DomainError(f"Tên tổ chức mã {code} không được để trống.")
        _clean_fields(
            code=code,
            name=name,
            kind=row["kind"],
            parent=parent,
            valid_from=row.get("valid_from"),
            valid_to=None,
        )
        units.append(
            Organization(
                code=code,
                kind=row["kind"],
                sector=row.get("sector"),
                parent=parent,
                valid_from=row.get("valid_from"),
                depth=parent.depth + 1,
                **_named(name),
            )
        )
    created = Organization.objects.bulk_create(units, batch_size=500)
    for unit in created:
        unit.path = f"{parent.path}{unit.pk}/"
    Organization.objects.bulk_update(created, ["path"], batch_size=500)
    from ptdv.accounts.models import AuditEvent

    AuditEvent.objects.bulk_create(
        [
            _audit_row(acting_user, "organization_created", unit, snapshot(unit, AUDITED_FIELDS))
            for unit in created
        ],
        batch_size=500,
    )
    return created


def _audit_row(actor, event, unit, new):
    from django.utils import timezone

    from ptdv.accounts.models import AuditEvent

    return AuditEvent(
        at=timezone.now(),
        actor=actor if actor and actor.is_authenticated else None,
        actor_name=str(actor) if actor else "hệ thống",
        event=event,
        object_type=unit._meta.label_lower,
        object_id=str(unit.pk),
        object_repr=str(unit)[:255],
        organization=unit,
        new=new,
    )
