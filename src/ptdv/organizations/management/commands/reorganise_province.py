"""A province-wide reorganisation, for trying the operations on a large tree (and timing
them): the current communes of a province merged by groups into the first of each group, or
the mergers recorded by hand completed (units still under a merged unit moved under its
successor). `--rollback` measures without keeping the changes.

    ptdv reorganise_province T42 --group 2 --rollback
    ptdv reorganise_province T42 --complete
"""

import time
from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from ptdv.organizations import reorganisation
from ptdv.organizations.models import Organization, ParentPeriod


class Rollback(Exception):
    pass


def reorganise_province(
    province: Organization, *, group: int = 2, complete: bool = False, decision=None
) -> dict:
    """Run the province-wide reorganisation in one transaction; returns the counts, the SQL
    statements sent and the seconds it took. Callable from the bench."""
    decision = decision or reorganisation.Decision(
        number="01-QĐ/TU", date=date(2026, 6, 1), issuing_body="Ban Thường vụ Tỉnh ủy",
        effective_on=date(2026, 7, 1),
    )  # fmt: skip
    started = time.perf_counter()
    periods_before = ParentPeriod.objects.count()
    statements = 0

    def counted(execute, sql, params, many, context):
        nonlocal statements
        statements += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(counted), transaction.atomic():
        if complete:
            moved = reorganisation.complete_mergers_under(
                acting_user=None, root=province, decision=decision
            )
            merges = None
        else:
            communes = list(
                Organization.objects.filter(parent=province, valid_to__isnull=True)
                .filter(kind__is_cell=False)
                .select_related("kind")
                .order_by("sort_key")
            )
            merges = 0
            for start in range(0, len(communes) - group + 1, group):
                into, *sources = communes[start : start + group]
                reorganisation.merge(
                    acting_user=None, sources=sources, into=into, decision=decision
                )
                merges += 1
            moved = None
    return {
        "merges": merges,
        "moved": moved,
        "places_recorded": ParentPeriod.objects.count() - periods_before,
        "statements": statements,
        "seconds": round(time.perf_counter() - started, 2),
    }


class Command(BaseCommand):
    help = "Sắp xếp toàn tỉnh: hợp nhất các đảng bộ xã theo nhóm hoặc hoàn tất các sáp nhập đã ghi."

    def add_arguments(self, parser):
        parser.add_argument("province", help="mã đảng bộ tỉnh (ví dụ T42)")
        parser.add_argument("--group", type=int, default=2, help="số đảng bộ xã mỗi nhóm")
        parser.add_argument("--complete", action="store_true", help="hoàn tất sáp nhập đã ghi")
        parser.add_argument("--rollback", action="store_true", help="đo rồi hoàn tác")

    def handle(self, *args, province, group, complete, rollback, **options):
        unit = Organization.objects.filter(code=province).first()
        if unit is None:
            raise CommandError(f"Không có tổ chức đảng mã «{province}».")
        if group < 2:
            raise CommandError("Mỗi nhóm cần ít nhất hai đảng bộ xã.")
        result = {}
        try:
            with transaction.atomic():
                result = reorganise_province(unit, group=group, complete=complete)
                if rollback:
                    raise Rollback
        except Rollback:
            pass
        self.stdout.write(
            f"{unit.name}: {result['merges'] or 0} lần hợp nhất, {result['moved'] or 0} đơn vị "
            f"chuyển, {result['places_recorded']} dòng lịch sử, "
            f"{result['statements']} câu lệnh SQL, {result['seconds']} giây"
            + (" (đã hoàn tác)" if rollback else "")
        )
