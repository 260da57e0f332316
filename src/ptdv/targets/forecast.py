"""The forecast of a count target: the recent pace (`forecast_count`) and the pipeline of
dossiers and trained persons in hand (`pipelines_for`). docs/targets.md states the methods."""

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Case, Count, Exists, F, OuterRef, Q, When

from ptdv.core.calendar import add_months
from ptdv.core.formatting import format_date, format_number, format_percent
from ptdv.organizations.paths import AncestorPath
from ptdv.organizations.rollup import covering_keys, grouped, roll_up, rollup_depth
from ptdv.recruitment.models import Dossier
from ptdv.recruitment.services import decision_deadline
from ptdv.targets.config import conf
from ptdv.targets.counting import (
    HUNDRED,
    NOT_ADMITTED_STATES,
    PIPELINE_STATES,
    owners_of,
    under_any,
)
from ptdv.training.models import Enrolment, EnrolmentResult


@dataclass
class Pipeline:
    """What the unit already has in hand on the date of the figures (docs/targets.md):

    - `dossiers` past the cell resolution and not yet decided, of which `landing` have their
      R26 deadline (60 working days after the cell resolution, plus any extension) on or
      before the period's end; `dossier_rate` is the unit's share of admitted dossiers among
      those that reached a cell resolution in the last `months` months and have an outcome;
    - `trained`: persons with a valid certificate, not members, not in the pipeline above;
      `trained_rate` is the share of the persons certified in the last `months` months who
      have been admitted since; it is scaled by `time_share`, the days left in the period
      over the days of that window (at most 1).
    """

    months: int
    dossiers: int
    landing: int
    last_expected: date | None
    dossier_history: int
    dossier_admitted: int
    trained: int
    trained_history: int
    trained_admitted: int
    time_share: Decimal

    @property
    def dossier_rate(self) -> Decimal:
        if self.dossier_history:
            return Decimal(self.dossier_admitted) / self.dossier_history
        return Decimal(str(conf("DEFAULT_DOSSIER_RATE")))

    @property
    def trained_rate(self) -> Decimal:
        if self.trained_history:
            return Decimal(self.trained_admitted) / self.trained_history
        return Decimal(str(conf("DEFAULT_TRAINED_RATE")))

    @property
    def from_dossiers(self) -> Decimal:
        return self.landing * self.dossier_rate

    @property
    def from_trained(self) -> Decimal:
        return self.trained * self.trained_rate * self.time_share

    @property
    def expected(self) -> int:
        total = self.from_dossiers + self.from_trained
        return int(total.to_integral_value(ROUND_HALF_UP))

    @property
    def method(self) -> str:
        history = (
            f"{format_number(self.dossier_admitted)}/{format_number(self.dossier_history)} hồ sơ "
            f"có nghị quyết chi bộ trong {format_number(self.months)} tháng qua đã được kết nạp"
            if self.dossier_history
            else "chưa có hồ sơ nào có kết quả trong "
            f"{format_number(self.months)} tháng qua, dùng tỷ lệ mặc định"
        )
        trained = (
            f"{format_number(self.trained_admitted)}/{format_number(self.trained_history)} "
            f"người được cấp giấy chứng nhận trong {format_number(self.months)} tháng qua "
            "đã được kết nạp"
            if self.trained_history
            else f"chưa có ai được cấp giấy chứng nhận trong {format_number(self.months)} "
            "tháng qua, dùng tỷ lệ mặc định"
        )
        last = f", muộn nhất {format_date(self.last_expected)}" if self.last_expected else ""
        return (
            f"Nguồn đang có: {format_number(self.dossiers)} hồ sơ đã có nghị quyết chi bộ chờ "
            f"quyết định kết nạp, trong đó {format_number(self.landing)} hồ sơ có hạn quyết định "
            f"(60 ngày làm việc từ nghị quyết chi bộ, R26) trước cuối kỳ{last}, nhân với tỷ lệ "
            f"kết nạp của đơn vị {format_percent(self.dossier_rate * HUNDRED)} ({history}); "
            f"cộng {format_number(self.trained)} quần chúng có giấy chứng nhận còn hạn, chưa "
            f"vào Đảng, nhân với tỷ lệ {format_percent(self.trained_rate * HUNDRED)} ({trained}) "
            f"và với {format_percent(self.time_share * HUNDRED)} (số ngày còn lại của kỳ so với "
            f"{format_number(self.months)} tháng): dự kiến thêm {format_number(self.expected)}."
        )


@dataclass
class Forecast:
    """Admissions expected by the period's end. Method: the admissions of the last
    `window_days` (up to the date of the figures) give a daily pace; the forecast adds that
    pace over the days left. `linear` is the plain extrapolation of the period's average,
    shown for comparison. With a `pipeline`, `with_pipeline` adds to what is achieved the
    larger of what the recent pace and what the pipeline expect (the two estimate the same
    future admissions, so they are not added together)."""

    value: int
    linear: int
    recent: int
    window_days: int
    remaining_days: int
    achieved: int = 0
    pipeline: Pipeline | None = None

    @property
    def with_pipeline(self) -> int | None:
        if self.pipeline is None:
            return None
        return self.achieved + max(self.value - self.achieved, self.pipeline.expected)

    @property
    def combined_method(self) -> str:
        if self.pipeline is None:
            return ""
        return (
            f"{self.pipeline.method} Dự báo theo nhịp và nguồn = số đã kết nạp "
            f"({format_number(self.achieved)}) cộng số lớn hơn giữa phần dự kiến theo nhịp "
            f"gần đây ({format_number(self.value - self.achieved)}) và phần dự kiến từ nguồn "
            f"({format_number(self.pipeline.expected)})."
        )

    @property
    def method(self) -> str:
        return (
            f"Dự báo theo nhịp gần đây: {format_number(self.recent)} đảng viên kết nạp trong "
            f"{format_number(self.window_days)} ngày gần nhất, nhân với "
            f"{format_number(self.remaining_days)} ngày còn lại của kỳ, cộng với số đã kết nạp. "
            f"Nếu giữ nhịp bình quân từ đầu kỳ thì được {format_number(self.linear)}."
        )


def forecast_count(
    *, achieved: int, recent: int, window_days: int, elapsed_days: int, remaining_days: int
) -> Forecast:
    window_days = max(min(window_days, elapsed_days), 0)
    per_day = Decimal(recent) / window_days if window_days else Decimal(0)
    value = Decimal(achieved) + per_day * remaining_days
    total = elapsed_days + remaining_days
    linear = Decimal(achieved) * total / elapsed_days if elapsed_days else Decimal(0)
    return Forecast(
        value=int(value.to_integral_value(ROUND_HALF_UP)),
        linear=int(linear.to_integral_value(ROUND_HALF_UP)),
        recent=recent,
        window_days=window_days,
        remaining_days=remaining_days,
        achieved=achieved,
    )


def pipelines_for(targets, *, prefixes, as_of: date) -> dict[int, Pipeline]:
    """The pipeline of each running count target on `as_of` (see `Pipeline`), in four
    queries whatever the number of targets and the size of the subtrees: the open dossiers
    grouped by cell-resolution date and extension (their R26 deadline is computed once per
    group), the dossiers' outcomes, the waiting persons' certificates and the certificates
    of the rate's window."""
    targets = list(targets)
    if not targets:
        return {}
    months = conf("CONVERSION_MONTHS")
    since = add_months(as_of, -months)
    by_target = {t.pk: prefixes[t.organization_id] for t in targets}
    every_prefix = [p for ps in by_target.values() for p in ps]
    # The open dossiers grouped by cell and by what fixes their R26 deadline.
    depth = rollup_depth(by_target)  # sums only: grouped by the units rolled up to
    waiting_rows = grouped(
        Dossier.objects.filter(state__in=PIPELINE_STATES),
        "organization__path",
        every_prefix,
        {"n": Count("pk")},
        by=("cell_resolution_date", "extension_working_days"),
        depth=depth,
    )
    resolved = Q(cell_resolution_date__range=(since, as_of))
    admitted = Q(decision_date__lte=as_of)
    # Only the dossiers resolved in the window have an outcome to count: the WHERE keeps
    # the others out of the join and the grouping.
    outcomes = roll_up(
        grouped(
            Dossier.objects.filter(resolved),
            "organization__path",
            every_prefix,
            {
                "h": Count("pk", filter=admitted | Q(state__in=NOT_ADMITTED_STATES)),
                "a": Count("pk", filter=admitted),
            },
            depth=depth,
        ),
        by_target,
    )
    trained = _trained_counts(by_target, every_prefix, since=since, as_of=as_of)
    window = Decimal(max((as_of - since).days, 1))
    targets_by_pk = {t.pk: t for t in targets}
    result = {}
    for target in targets:
        result[target.pk] = Pipeline(
            months=months,
            dossiers=0,
            landing=0,
            last_expected=None,
            dossier_history=outcomes[target.pk]["h"],
            dossier_admitted=outcomes[target.pk]["a"],
            trained=trained[target.pk]["w"],
            trained_history=trained[target.pk]["n"],
            trained_admitted=trained[target.pk]["a"],
            time_share=min(Decimal((target.period_end - as_of).days) / window, Decimal(1)),
        )
    owners = owners_of(by_target)
    deadlines = {}  # the R26 deadline, once per (cell resolution date, extension)
    for path, row in waiting_rows:
        key = (row["cell_resolution_date"], row["extension_working_days"])
        if key not in deadlines:
            deadlines[key] = key[0] and decision_deadline(
                Dossier(cell_resolution_date=key[0], extension_working_days=key[1])
            )
        expected = deadlines[key]
        for target_pk in covering_keys(owners, path):
            n = row["n"]
            target = targets_by_pk[target_pk]
            item = result[target_pk]
            item.dossiers += n
            if expected is not None and expected <= target.period_end:
                item.landing += n
                item.last_expected = max(item.last_expected or expected, expected)
    return result


def _trained_counts(by_target: dict, every_prefix: list, *, since: date, as_of: date) -> dict:
    """For each target, the distinct persons `w` waiting with a valid certificate (not
    members, not in the pipeline), `n` certified in [since, as_of] and `a` of those admitted
    since their certificate: TWO queries (the waiting persons, the window's certificates)
    grouped by the cell that sent them, then rolled up.

    A person sent by one cell is counted in that cell's row (COUNT DISTINCT: two classes
    count once). A person the rows read send from two or more cells keeps a row of their own
    per cell (`shared` = the person), so that a unit covering both cells counts them once;
    such persons are few, the rows stay about one per cell."""
    valid = Q(
        result=EnrolmentResult.PASSED,
        certificate_date__lte=as_of,
        certificate_expires_on__gte=as_of,
    )
    certified = Q(result=EnrolmentResult.PASSED, certificate_date__range=(since, as_of))
    # Membership and the admission date are the marks the triggers keep on the enrolment
    # (`training.membership`), so no certificate probes the members, and each set is read
    # from its own covering index: the valid certificates of non-members
    # (`enrolment_pool_idx`), the certificates of the rate's window (`enrolment_certified_idx`).
    # One OR of both would read them from the table, i.e. at national level the whole table.
    in_pipeline = Dossier.objects.filter(
        candidate__person=OuterRef("person"), state__in=PIPELINE_STATES
    )
    admitted_since = Q(
        person_is_member=True,
        person_admitted_on__lte=as_of,
        person_admitted_on__gte=F("certificate_date"),
    )

    def by_cell(read: Q, **counts):
        rows = Enrolment.objects.filter(read).filter(under_any(every_prefix)).order_by()
        # The persons these rows send from two cells or more: one grouping of the range
        # read, hashed once, instead of a probe of each row's person.
        several = (
            rows.values("person")
            .annotate(cells=Count("organization", distinct=True))
            .filter(cells__gt=1)
            .values("person")
        )
        shared = Case(When(person__in=several, then=F("person")), default=None)
        return (
            rows.annotate(shared=shared, held_by=held_by)
            .values_list("held_by", "shared")
            .annotate(**counts)
        )

    # Grouped by the sending cell's ancestor at the depth of the deepest target (PostgreSQL;
    # the cell itself elsewhere): a person sent by one cell lies under one such unit, and
    # one sent by several keeps a row per unit and person (`shared`), counted once per
    # target below, so the distinct counts are those of the cells, from far fewer rows.
    depth = rollup_depth(by_target)
    held_by = (
        AncestorPath("organization__path", depth) if depth is not None else F("organization__path")
    )

    # The pipeline's probe is left to the count that needs it (in the WHERE it would be
    # built a second time).
    waiting = by_cell(
        valid & Q(person_is_member=False),
        w=Count("person", distinct=True, filter=~Q(Exists(in_pipeline))),
    )
    history = by_cell(
        certified,
        n=Count("person", distinct=True),
        a=Count("person", distinct=True, filter=admitted_since),
    )
    counts = {pk: {"w": 0, "n": 0, "a": 0} for pk in by_target}
    owners = owners_of(by_target)
    covering: dict[str, set] = {}
    for names, rows in ((("w",), waiting), (("n", "a"), history)):
        shared: dict = {pk: tuple(set() for _ in names) for pk in by_target}
        for path, person, *values in rows:
            keys = covering.get(path)
            if keys is None:
                keys = covering[path] = covering_keys(owners, path)
            for target_pk in keys:
                for index, value in enumerate(values):
                    if not value:
                        continue
                    if person is None:
                        counts[target_pk][names[index]] += value
                    else:
                        shared[target_pk][index].add(person)
        for pk, sets in shared.items():
            for index, persons in enumerate(sets):
                counts[pk][names[index]] += len(persons)
    return counts
