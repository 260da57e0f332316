"""The national generator's targets (each province and commune, yearly and for the term)
and its user accounts."""

from collections import defaultdict
from datetime import date

from django.contrib.auth.hashers import make_password

from ptdv.accounts.models import Role, User
from ptdv.demo.national_tables import (
    ADMISSION_RATE,
    FIRST_RECENT_YEAR,
    TERM,
)
from ptdv.demo.national_tree import (
    CommunePlan,
    Unit,
)
from ptdv.demo.users import DEMO_PASSWORD
from ptdv.targets.models import Target, TargetKind, TargetMeasure


class TargetsMixin:
    # --- targets and users ---

    def build_targets(self, provinces: dict[int, Unit], communes: list[CommunePlan]) -> int:
        rng = self.rng
        count = 0
        province_year = defaultdict(int)
        province_members = defaultdict(int)
        for commune in communes:
            province_members[commune.province_code] += self.members_by_commune[commune.unit.id]
            for year in range(FIRST_RECENT_YEAR, self.today.year + 1):
                province_year[(commune.province_code, year)] += self.admitted_by_commune_year[
                    (commune.unit.id, year)
                ]

        def add(unit_id, kind, start, end, value, document, measure=TargetMeasure.COUNT):
            nonlocal count
            count += 1
            self.out.add(
                Target,
                (
                    self.out.new_id(Target),
                    unit_id,
                    kind,
                    measure,
                    start,
                    end,
                    value,
                    None,
                    document,
                    "",
                    self.now,
                    self.now,
                ),
            )

        def yearly(unit_id, done, year, members):
            expected = done if year < self.today.year else round(members * ADMISSION_RATE)
            value = max(1, round(expected * rng.uniform(0.85, 1.15)))
            add(
                unit_id,
                TargetKind.ASSIGNED,
                date(year, 1, 1),
                date(year, 12, 31),
                value,
                "Cấp trên giao",
            )

        for code, unit in provinces.items():
            for year in range(FIRST_RECENT_YEAR, self.today.year + 1):
                yearly(unit.id, province_year[(code, year)], year, province_members[code])
            members = province_members[code]
            add(
                unit.id,
                TargetKind.RESOLUTION,
                *TERM,
                max(1, round(members * 0.15)),
                "Nghị quyết Đại hội nhiệm kỳ 2025–2030",
            )
            add(
                unit.id,
                TargetKind.RESOLUTION,
                *TERM,
                3,
                "Nghị quyết Đại hội nhiệm kỳ 2025–2030",
                TargetMeasure.RATE,
            )
            add(
                unit.id,
                TargetKind.RESOLUTION,
                *TERM,
                80,
                "Nghị quyết Đại hội nhiệm kỳ 2025–2030",
                TargetMeasure.COVERAGE,
            )
        for commune in communes:
            members = self.members_by_commune[commune.unit.id]
            for year in range(FIRST_RECENT_YEAR, self.today.year + 1):
                done = self.admitted_by_commune_year[(commune.unit.id, year)]
                yearly(commune.unit.id, done, year, members)
            add(
                commune.unit.id,
                TargetKind.RESOLUTION,
                *TERM,
                max(1, round(members * 0.15)),
                "Nghị quyết Đại hội nhiệm kỳ 2025–2030",
            )
            self.maybe_flush()
        self.out.flush()
        return count

    def build_users(self, root: Unit, provinces, communes) -> int:
        password = make_password(DEMO_PASSWORD)
        rows = [("quantri.quocgia", "Quản trị hệ thống", root.id, Role.ADMINISTRATOR)]
        rows += [
            (f"btc.t{code:02d}", f"Ban Tổ chức T{code:02d}", unit.id, Role.BOARD_OFFICER)
            for code, unit in provinces.items()
        ]
        rows += [
            (f"vp.{c.unit.id}", f"Văn phòng {c.name}", c.unit.id, Role.GRASSROOTS_OFFICE)
            for c in communes
        ]
        for username, name, unit_id, role in rows:
            self.out.add(
                User,
                (
                    self.out.new_id(User),
                    password,
                    None,
                    False,
                    username,
                    "",
                    "",
                    "",
                    False,
                    True,
                    self.now,
                    name,
                    unit_id,
                    role,
                ),
            )
        self.out.flush()
        return len(rows)
