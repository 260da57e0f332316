"""Writes to targets. Each function checks the role, the scope and the rules before saving,
writes the audit row in the same transaction, and raises DomainError (Vietnamese)."""

from datetime import date
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone

from ptdv.accounts.audit import audit_created, audit_record, snapshot
from ptdv.accounts.models import register_event_labels
from ptdv.accounts.permissions import Action, user_can
from ptdv.core.errors import DomainError, RoleRefused
from ptdv.core.text import normalize
from ptdv.organizations.models import Organization
from ptdv.organizations.scope import in_scope
from ptdv.targets.models import (
    Oversight,
    OversightReport,
    Target,
    TargetKind,
    TargetMeasure,
)

AUDITED_FIELDS = [
    "organization",
    "kind",
    "measure",
    "period_start",
    "period_end",
    "min_value",
    "max_value",
    "document",
    "note",
]

register_event_labels(
    {
        "target_created": "Giao, đăng ký chỉ tiêu kết nạp",
        "target_updated": "Sửa chỉ tiêu kết nạp",
    }
)

DUPLICATE = (
    "«{unit}» đã có chỉ tiêu «{kind}» ({measure}) cho kỳ {period}. "
    "Hãy sửa chỉ tiêu đó thay vì tạo thêm."
)


def _require(acting_user, organization: Organization) -> None:
    if acting_user is None:
        return  # the demo builder and system jobs act without a user
    if not user_can(acting_user, Action.MANAGE_TARGETS):
        raise RoleRefused("Vai trò của bạn không được giao hoặc đăng ký chỉ tiêu.")
    if not in_scope(acting_user, organization.path):
        raise DomainError("Đơn vị này nằm ngoài phạm vi quản lý của bạn.", field="organization")


def _clean(
    *,
    organization: Organization,
    kind: str,
    measure: str,
    period_start: date,
    period_end: date,
    min_value,
    max_value,
    exclude_pk=None,
) -> tuple[Decimal, Decimal | None]:
    if kind not in TargetKind.values:
        raise DomainError("Loại chỉ tiêu không hợp lệ.", field="kind")
    if measure not in TargetMeasure.values:
        raise DomainError("Cách đo chỉ tiêu không hợp lệ.", field="measure")
    if period_start is None or period_end is None:
        raise DomainError("Phải nhập đủ ngày bắt đầu và ngày kết thúc của kỳ.", field="period_end")
    if period_end < period_start:
        raise DomainError(
            f"Kỳ chỉ tiêu kết thúc ({period_end:%d/%m/%Y}) trước khi bắt đầu "
            f"({period_start:%d/%m/%Y}).",
            field="period_end",
        )
    if min_value is None:
        raise DomainError("Phải nhập chỉ tiêu.", field="min_value")
    low = Decimal(str(min_value))
    high = Decimal(str(max_value)) if max_value not in (None, "") else None
    if low < 0 or (high is not None and high < 0):
        raise DomainError("Chỉ tiêu không được là số âm.", field="min_value")
    if high is not None and high < low:
        raise DomainError(
            f"Khoảng chỉ tiêu không hợp lệ: mức dưới ({low.normalize():f}) lớn hơn mức trên "
            f"({high.normalize():f}).",
            field="max_value",
        )
    if measure == TargetMeasure.COUNT and (low % 1 or (high is not None and high % 1)):
        raise DomainError("Chỉ tiêu số lượng phải là số nguyên.", field="min_value")
    if measure != TargetMeasure.COUNT and ((high or low) > 100):
        raise DomainError("Chỉ tiêu tỷ lệ không được quá 100%.", field="max_value")
    clash = (
        Target.objects.filter(
            organization=organization,
            kind=kind,
            measure=measure,
            period_start=period_start,
            period_end=period_end,
        )
        .exclude(pk=exclude_pk)
        .exists()
    )
    if clash:
        raise DomainError(_duplicate_message(organization, kind, measure, period_start, period_end))
    cents = Decimal("0.01")
    return low.quantize(cents), (high.quantize(cents) if high is not None else None)


def _duplicate_message(organization, kind, measure, period_start, period_end) -> str:
    probe = Target(period_start=period_start, period_end=period_end)
    return DUPLICATE.format(
        unit=organization.name,
        kind=TargetKind(kind).label,
        measure=TargetMeasure(measure).label.lower(),
        period=probe.period_text,
    )


def _write(
    target: Target,
    *,
    kind: str,
    period_start: date,
    period_end: date,
    min_value,
    max_value=None,
    measure: str = TargetMeasure.COUNT,
    document: str = "",
    note: str = "",
) -> Target:
    """The values of a target, checked (`_clean`) and saved: the one list of them that
    `target_create` and `target_update` take."""
    target.min_value, target.max_value = _clean(
        organization=target.organization,
        kind=kind,
        measure=measure,
        period_start=period_start,
        period_end=period_end,
        min_value=min_value,
        max_value=max_value,
        exclude_pk=target.pk,
    )
    target.kind, target.measure = kind, measure
    target.period_start, target.period_end = period_start, period_end
    target.document, target.note = normalize(document), normalize(note)
    try:
        with transaction.atomic():
            target.save()
    except IntegrityError as exc:  # a concurrent request wrote the same target
        raise DomainError(
            _duplicate_message(target.organization, kind, measure, period_start, period_end)
        ) from exc
    return target


@transaction.atomic
def target_create(*, acting_user, organization: Organization, **values) -> Target:
    """Set a target of `organization`; `values` as `_write` takes them."""
    _require(acting_user, organization)
    target = _write(Target(organization=organization), **values)
    audit_created(
        target, AUDITED_FIELDS, actor=acting_user, event="target_created", organization=organization
    )
    return target


@transaction.atomic
def target_update(*, acting_user, target: Target, **values) -> Target:
    """Change a target; `values` as `_write` takes them."""
    target = Target.objects.select_for_update().select_related("organization").get(pk=target.pk)
    _require(acting_user, target.organization)
    old = snapshot(target, AUDITED_FIELDS)
    _write(target, **values)
    audit_record(
        actor=acting_user,
        event="target_updated",
        obj=target,
        organization=target.organization,
        old=old,
        new=snapshot(target, AUDITED_FIELDS),
    )
    return target


register_event_labels(
    {
        "oversight_created": "Phân công cấp ủy viên phụ trách",
        "oversight_report_filed": "Gửi phiếu báo cáo dự sinh hoạt",
    }
)
OVERSIGHT_FIELDS = [
    "organization",
    "follower_name",
    "follower_title",
    "follower_user",
    "starts_on",
    "ends_on",
    "document",
]


@transaction.atomic
def oversight_create(
    *,
    acting_user,
    organization: Organization,
    follower_name: str,
    starts_on: date,
    follower_title: str = "",
    follower_user=None,
    ends_on: date | None = None,
    document: str = "",
) -> Oversight:
    if acting_user is not None and not user_can(acting_user, Action.MANAGE_TARGETS):
        raise RoleRefused("Vai trò của bạn không được phân công cấp ủy viên phụ trách.")
    if acting_user is not None and not in_scope(acting_user, organization.path):
        raise DomainError("Đơn vị này nằm ngoài phạm vi quản lý của bạn.", field="organization")
    follower_name = normalize(follower_name)
    if not follower_name:
        raise DomainError("Phải nhập họ tên cấp ủy viên phụ trách.", field="follower_name")
    if starts_on is None:
        raise DomainError("Phải nhập ngày bắt đầu phụ trách.", field="starts_on")
    if ends_on is not None and ends_on < starts_on:
        raise DomainError(
            f"Ngày kết thúc phụ trách ({ends_on:%d/%m/%Y}) trước ngày bắt đầu "
            f"({starts_on:%d/%m/%Y}).",
            field="ends_on",
        )
    oversight = Oversight.objects.create(
        organization=organization,
        follower_name=follower_name,
        follower_title=normalize(follower_title),
        follower_user=follower_user,
        starts_on=starts_on,
        ends_on=ends_on,
        document=normalize(document),
    )
    audit_created(
        oversight,
        OVERSIGHT_FIELDS,
        actor=acting_user,
        event="oversight_created",
        organization=organization,
    )
    return oversight


@transaction.atomic
def oversight_report_file(
    *, acting_user, oversight: Oversight, meeting_on: date, summary: str, issues: str = ""
) -> OversightReport:
    """The follower (or an officer who manages targets in scope) files a meeting report."""
    if acting_user is not None:
        is_follower = oversight.follower_user_id == acting_user.pk
        if not is_follower and not user_can(acting_user, Action.MANAGE_TARGETS):
            raise DomainError(
                "Chỉ cấp ủy viên phụ trách hoặc cán bộ được giao mới gửi phiếu báo cáo."
            )
        if not is_follower and not in_scope(acting_user, oversight.organization.path):
            raise DomainError("Đơn vị này nằm ngoài phạm vi quản lý của bạn.")
    summary = (summary or "").strip()
    if not summary:
        raise DomainError("Phải nhập nội dung báo cáo.", field="summary")
    if meeting_on is None:
        raise DomainError("Phải nhập ngày sinh hoạt.", field="meeting_on")
    if meeting_on > timezone.localdate():
        raise DomainError("Ngày sinh hoạt không được ở tương lai.", field="meeting_on")
    if meeting_on < oversight.starts_on or (oversight.ends_on and meeting_on > oversight.ends_on):
        raise DomainError(
            "Ngày sinh hoạt nằm ngoài thời gian được phân công phụ trách.", field="meeting_on"
        )
    report = OversightReport.objects.create(
        oversight=oversight,
        meeting_on=meeting_on,
        summary=summary,
        issues=(issues or "").strip(),
        filed_by=acting_user if acting_user is not None and acting_user.is_authenticated else None,
    )
    audit_record(
        actor=acting_user,
        event="oversight_report_filed",
        obj=report,
        organization=oversight.organization,
        new={"meeting_on": meeting_on.isoformat(), "issues": report.issues},
    )
    return report
