"""The emulation ranking of units of one level by the weighted criteria of the configuration."""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Count

from ptdv.organizations.models import Organization
from ptdv.organizations.rollup import grouped, roll_up
from ptdv.targets.config import conf
from ptdv.targets.counting import (
    ADMITTED,
    KIND_PREFERENCE,
    admissions_by_cell,
    admitted_between,
    cell_active_during,
    members_at_start,
    per_year,
    percent_of,
    subtree_prefixes,
)
from ptdv.targets.models import Target, TargetMeasure


@dataclass
class RankingRow:
    unit: Organization
    target: Target | None
    admitted: int
    members_at_start: int
    cells_total: int
    cells_admitting: int
    scores: dict = field(default_factory=dict)
    score: Decimal = Decimal(0)
    rank: int = 0

    @property
    def achievement(self) -> Decimal | None:
        return percent_of(self.admitted, self.target.min_value) if self.target else None

    @property
    def eligible(self) -> bool:
        """The seed rule: a unit (and the head of its committee) that did not meet the
        admission target is not eligible for an award."""
        return self.target is not None and self.admitted >= self.target.min_value

    @property
    def eligibility_text(self) -> str:
        if self.target is None:
            return "Chưa có chỉ tiêu kết nạp — chưa xét khen thưởng"
        if self.eligible:
            return "Đủ điều kiện xét khen thưởng"
        return "Không đủ điều kiện khen thưởng (không đạt chỉ tiêu kết nạp)"


CRITERIA_LABELS = {
    "achievement": "Hoàn thành chỉ tiêu kết nạp",
    "cell_coverage": "Tỷ lệ chi bộ kết nạp được đảng viên",
    "rate": "Tỷ lệ kết nạp so với số đảng viên đầu kỳ (so với mức Nghị quyết 21)",
}


def emulation_ranking(units, *, start: date, end: date, as_of: date) -> list[RankingRow]:
    """Rank units of one level over [start, end] by the weighted criteria of the
    configuration. Four queries plus the merger rounds, whatever the number of units."""
    units = list(units)
    if not units:
        return []
    prefixes = subtree_prefixes(units)
    counted_to = min(as_of, end)
    rank = {kind: i for i, kind in enumerate(KIND_PREFERENCE)}
    chosen: dict[int, Target] = {}
    for target in Target.objects.filter(
        organization__in=units, measure=TargetMeasure.COUNT, period_start=start, period_end=end
    ):
        current = chosen.get(target.organization_id)
        if current is None or rank[target.kind] < rank[current.kind]:
            chosen[target.organization_id] = target
    by_unit = {unit.pk: prefixes[unit.pk] for unit in units}
    every_prefix = [p for ps in by_unit.values() for p in ps]
    member_rows = admissions_by_cell(
        admitted_between(start, counted_to), every_prefix, {"a": Count(ADMITTED)}
    )
    # A cell admitting in the period counts once for coverage.
    counts = roll_up(
        [(path, values | {"c": 1 if values["a"] else 0}) for path, values in member_rows],
        by_unit,
    )
    cells = grouped(
        Organization.objects.filter(kind__is_cell=True),
        "path",
        every_prefix,
        {"n": Count("pk", filter=cell_active_during(start, end))},
    )
    for unit_id, values in roll_up(cells, by_unit).items():
        counts[unit_id].update(values)
    for unit_id, members in members_at_start(start, by_unit).items():
        counts[unit_id]["m"] = members
    criteria = conf("EMULATION_CRITERIA")
    cap = Decimal(conf("EMULATION_SCORE_CAP"))
    floor = Decimal(str(conf("NQ21_RATE_FLOOR")))
    rows = []
    for unit in units:
        row = RankingRow(
            unit=unit,
            target=chosen.get(unit.pk),
            admitted=counts[unit.pk]["a"],
            members_at_start=counts[unit.pk]["m"],
            cells_total=counts[unit.pk]["n"],
            cells_admitting=counts[unit.pk]["c"],
        )
        yearly = per_year(row.admitted, row.members_at_start, start, end)
        raw = {
            "achievement": row.achievement,
            "cell_coverage": percent_of(row.cells_admitting, row.cells_total),
            "rate": percent_of(yearly, floor) if yearly is not None else None,
        }
        total_weight = sum(Decimal(str(weight)) for _, weight in criteria) or Decimal(1)
        for name, weight in criteria:
            score = min(raw.get(name) or Decimal(0), cap)
            row.scores[name] = score
            row.score += score * Decimal(str(weight)) / total_weight
        rows.append(row)
    # Units without a target come last and are never ranked (rank 0): no score of theirs
    # may place them above a unit measured against its target.
    rows.sort(key=lambda r: (r.target is None, -r.score, r.unit.sort_key))
    for position, row in enumerate((r for r in rows if r.target is not None), start=1):
        row.rank = position
    return rows
