"""The national generator's organization tree: the plan of a unit and a commune, and the
stage that builds the provinces, communes, cells and dissolved historic units."""

from collections import defaultdict
from dataclasses import dataclass, field

from ptdv.demo.national_tables import (
    MEMBERS_PER_CELL,
    _org_keys,
)
from ptdv.demo.organizations import (
    DISSOLVED,
    OLD_PROVINCES,
    REFORM,
    SECTOR_BY_DIVISION,
    UNCHANGED_PROVINCES,
    _commune_name,
    _province_name,
)
from ptdv.organizations.models import Organization


@dataclass
class Unit:
    id: int
    path: str
    depth: int


@dataclass
class CommunePlan:
    unit: Unit
    province_code: int
    name: str
    residential_sector: str
    members: int
    cells: list = field(default_factory=list)  # (Unit, sector code, workplace, occupation)
    old_cells: list = field(default_factory=list)
    classes: list = field(default_factory=list)  # (id, starts_on, ends_on), by ends_on


class TreeMixin:
    # --- the tree ---

    def org(
        self,
        *,
        parent: Unit | None,
        code,
        name,
        kind,
        sector=None,
        valid_from=None,
        valid_to=None,
        merged_into=None,
    ) -> Unit:
        pk = self.out.new_id(Organization)
        path = f"{parent.path if parent else '/'}{pk}/"
        depth = parent.depth + 1 if parent else 0
        search, order = _org_keys(name)
        self.out.add(
            Organization,
            (
                pk,
                code,
                name,
                self.kinds[kind],
                self.sectors.get(sector),
                parent.id if parent else None,
                path,
                depth,
                valid_from,
                valid_to,
                merged_into.id if merged_into else None,
                search,
                order,
                self.now,
                self.now,
            ),
        )
        return Unit(pk, path, depth)

    def build_tree(self) -> tuple[Unit, dict[int, Unit], list[CommunePlan]]:
        from vietnam_provinces import Province, Ward

        rng = self.rng
        root = self.org(
            parent=None, code="TW", name="Ban Chấp hành Trung ương Đảng", kind="central"
        )
        provinces: dict[int, Unit] = {}
        communes: list[CommunePlan] = []
        wards_by_province = {}
        for province in sorted(Province.iter_all(), key=lambda p: int(p.code)):
            code = int(province.code)
            if self.only_provinces and code not in self.only_provinces:
                continue
            provinces[code] = self.org(
                parent=root,
                code=f"T{code:02d}",
                name=_province_name(province),
                kind="province",
                valid_from=None if code in UNCHANGED_PROVINCES else REFORM,
            )
            wards = sorted(Ward.iter_by_province(province.code), key=lambda w: int(w.code))
            wards_by_province[code] = wards
            for ward in wards:
                division = ward.division_type.value
                sector = SECTOR_BY_DIVISION.get(division, "other")
                name = _commune_name(ward)
                unit = self.org(
                    parent=provinces[code],
                    code=f"X{int(ward.code):05d}",
                    name=name,
                    kind="commune",
                    sector=sector,
                    valid_from=REFORM,
                )
                weight = rng.lognormvariate(0, 0.5) * (1.5 if division == "phường" else 1.0)
                communes.append(CommunePlan(unit, code, name, sector, members=0))
                communes[-1].weight = weight
        # Members per commune in proportion to the weights (remainders to the largest).
        total_weight = sum(c.weight for c in communes)
        for commune in communes:
            commune.members = int(self.total * commune.weight / total_weight)
        rest = self.total - sum(c.members for c in communes)
        for commune in sorted(communes, key=lambda c: -c.weight)[:rest]:
            commune.members += 1
        self.say(f"{len(provinces)} tỉnh, thành phố; {len(communes)} xã, phường, đặc khu")

        # Historic units: the old provinces merged away, the district committees and the old
        # communes (about three per new commune), dissolved on 30/06/2025 into their successors.
        for old_code, name, new_code in OLD_PROVINCES:
            if new_code not in provinces:
                continue
            self.org(
                parent=root,
                code=f"TC{old_code}",
                name=name,
                kind="province",
                valid_to=DISSOLVED,
                merged_into=provinces[new_code],
            )
        by_province = defaultdict(list)
        for commune in communes:
            by_province[commune.province_code].append(commune)
        districts = old_communes = 0
        for code, items in by_province.items():
            for start in range(0, len(items), 5):
                group = items[start : start + 5]
                districts += 1
                district = self.org(
                    parent=provinces[code],
                    code=f"H{code:02d}.{start // 5 + 1:03d}",
                    name=f"Đảng bộ huyện {group[0].name.split(' ', 3)[-1]} (cũ)",
                    kind="district",
                    valid_to=DISSOLVED,
                    merged_into=provinces[code],
                )
                for commune in group:
                    for k in range(1, 4):
                        old_communes += 1
                        old = self.org(
                            parent=district,
                            code=f"C{commune.unit.id}.{k}",
                            name=f"Đảng bộ {commune.name.split(' ', 2)[-1]} {k} (cũ)",
                            kind="grassroots_committee",
                            sector=commune.residential_sector,
                            valid_to=DISSOLVED,
                            merged_into=commune.unit,
                        )
                        cell_name = f"Chi bộ thôn {k} (cũ)"
                        cell = self.org(
                            parent=old,
                            code=f"C{commune.unit.id}.{k}.1",
                            name=cell_name,
                            kind="cell",
                            sector=commune.residential_sector,
                            valid_to=DISSOLVED,
                        )
                        commune.old_cells.append(cell)
        self.say(f"{districts} đảng bộ huyện và {old_communes} đảng bộ xã cũ đã giải thể")

        # Today's cells: residential cells under the commune, grassroots committees of
        # schools, agencies and enterprises with their cells, grassroots cells.
        cells = grassroots = 0
        for commune in communes:
            count = max(1, round(commune.members / MEMBERS_PER_CELL))
            residential = max(1, round(count * 0.55))
            unit = commune.unit
            village = "tổ dân phố" if "urban" in commune.residential_sector else "thôn"
            for i in range(1, residential + 1):
                cell = self.org(
                    parent=unit,
                    code=f"{unit.id}.{i}",
                    name=f"Chi bộ {village} {i}",
                    kind="cell",
                    sector=commune.residential_sector,
                    valid_from=REFORM,
                )
                commune.cells.append((cell, None))
            left, serial = count - residential, residential
            while left > 0:
                work = self.pick_work()
                size = min(left, rng.choice((1, 1, 2, 3, 4, 6)))
                serial += 1
                label = {
                    "school": "Trường",
                    "state_agency": "Cơ quan",
                    "public_service": "Trung tâm",
                    "private_enterprise": "Công ty",
                    "state_enterprise": "Công ty",
                    "armed_forces": "Ban Chỉ huy Quân sự",
                }.get(work[1], "Cơ quan")
                grassroots += 1
                if size == 1:
                    cell = self.org(
                        parent=unit,
                        code=f"{unit.id}.{serial}",
                        name=f"Chi bộ {label} số {serial}",
                        kind="grassroots_cell",
                        sector=work[0],
                        valid_from=REFORM,
                    )
                    commune.cells.append((cell, work))
                else:
                    committee = self.org(
                        parent=unit,
                        code=f"{unit.id}.{serial}",
                        name=f"Đảng bộ {label} số {serial}",
                        kind="grassroots_committee",
                        sector=work[0],
                        valid_from=REFORM,
                    )
                    for j in range(1, size + 1):
                        cell = self.org(
                            parent=committee,
                            code=f"{unit.id}.{serial}.{j}",
                            name=f"Chi bộ {j}",
                            kind="cell",
                            sector=work[0],
                            valid_from=REFORM,
                        )
                        commune.cells.append((cell, work))
                left -= size
            cells += len(commune.cells)
            self.maybe_flush()
        self.out.flush()
        self.say(f"{grassroots} tổ chức cơ sở đảng, {cells} chi bộ")
        return root, provinces, communes
