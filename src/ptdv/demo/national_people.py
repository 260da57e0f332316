"""The national generator's people stage: persons, a commune's members and candidates,
admissions, exits and transfers."""

from bisect import bisect
from collections import defaultdict
from datetime import date

from ptdv.core.calendar import add_months
from ptdv.demo.national_tables import (
    ADMISSION_RATE,
    CEREMONY_AFTER,
    CLOSED_DOSSIER_SHARE,
    EXITED_SHARE,
    FIRST_RECENT_YEAR,
    GIVEN,
    MIDDLE,
    OPEN_DOSSIER_SHARE,
    S,
    _days,
    _introducers,
    _keys,
    _share,
)
from ptdv.demo.national_tree import CommunePlan
from ptdv.demo.organizations import DISSOLVED
from ptdv.people.models import (
    CommitteeRole,
    ExitReason,
    Member,
    MemberExit,
    MemberStatus,
    MemberTransfer,
    Person,
    Sex,
    TransferState,
)


class PeopleMixin:
    # --- persons ---

    def person(self, *, cell_id, commune: CommunePlan, birth: date, sex, work, young: bool):
        rng = self.rng
        self.person_serial += 1
        full_name = f"{self.pick_family()} {rng.choice(MIDDLE[sex])} {rng.choice(GIVEN[sex])}"
        search, order = _keys(full_name)
        minority = rng.random() < 0.14
        _sector_code, workplace, occupation = work
        # CCCD: place code, century and sex, year of birth, serial (unique below a million).
        century_sex = (0 if sex == Sex.MALE else 1) + (2 if birth.year >= 2000 else 0)
        citizen = (
            f"{commune.province_code:03d}{century_sex}"
            f"{birth.year % 100:02d}{self.person_serial % 1_000_000:06d}"
        )
        pk = self.out.new_id(Person)
        self.out.add(
            Person,
            (
                pk,
                full_name,
                birth,
                sex,
                self.pick_minority() if minority else "Kinh",
                self.pick_religion(),
                self.pick_education(),
                self.pick_profession() if workplace not in ("", "agriculture") else "none",
                occupation,
                workplace,
                citizen if self.person_serial < 1_000_000 else "",
                young and rng.random() < 0.7,
                sex == Sex.FEMALE and rng.random() < 0.5,
                "",
                commune.name.removeprefix("Đảng bộ "),
                commune.name.removeprefix("Đảng bộ "),
                cell_id,
                search,
                order,
                self.now,
                self.now,
            ),
        )
        return pk

    # --- members, candidates, dossiers ---

    def build_commune(self, commune: CommunePlan, counters) -> None:
        rng, today = self.rng, self.today
        self.build_classes(commune)
        n = commune.members
        cells = commune.cells
        weights = [rng.random() + 0.5 for _ in cells]
        cum = []
        total = 0.0
        for w in weights:
            total += w
            cum.append(total)
        recent_share = ADMISSION_RATE * ((today - date(FIRST_RECENT_YEAR, 1, 1)).days / 365.25)
        officials_by_cell = defaultdict(list)
        recent = []  # (member id, person id, cell, D, ended, reason)
        first_of_cell = {}
        span_recent = (today - date(FIRST_RECENT_YEAR, 1, 1)).days
        last_cell = len(cells) - 1
        for _ in range(n):
            index = bisect(cum, rng.random() * total, 0, last_cell)  # rng.choices' draw
            cell, work = cells[index]
            sex = Sex.FEMALE if rng.random() < 0.36 else Sex.MALE
            is_recent = rng.random() < recent_share
            if is_recent:
                decided = date(FIRST_RECENT_YEAR, 1, 1) + _days(rng.randrange(span_recent))
                chance = rng.random()
                if chance < 0.01:  # decided, the ceremony still to come
                    decided = today - _days(rng.randrange(CEREMONY_AFTER))
                elif chance < 0.02:  # probation over, the recognition under way
                    decided = add_months(today - _days(rng.randrange(7, 21)), -12) - _days(
                        CEREMONY_AFTER
                    )
                age = 18 + int(rng.expovariate(1 / 9))
                age = min(age, 59)
            else:
                decided = date(1955, 1, 1) + _days(
                    int((1 - rng.random() ** 1.6) * (date(2015, 12, 31) - date(1955, 1, 1)).days)
                )
                age = 19 + int(rng.expovariate(1 / 8))
                age = min(age, 55)
            birth = decided - _days(age * 365 + rng.randrange(365))
            ended_on = reason = None
            if rng.random() < EXITED_SHARE:
                first = max(decided + _days(30), date(FIRST_RECENT_YEAR, 1, 1))
                if first < today:
                    ended_on = first + _days(rng.randrange(max((today - first).days, 1)))
                    reason = self.pick_exit()
                    if reason == ExitReason.STRUCK_OFF and is_recent and rng.random() < 0.5:
                        ended_on = min(first + _days(rng.randrange(300)), today)
                    if ended_on < DISSOLVED and commune.old_cells and rng.random() < 0.5:
                        cell = rng.choice(commune.old_cells)  # left before the reform
            person_work = work or ("", *self.pick_residential())
            person_id = self.person(
                cell_id=cell.id,
                commune=commune,
                birth=birth,
                sex=sex,
                work=person_work,
                young=is_recent and age <= 30,
            )
            ceremony = decided + _days(CEREMONY_AFTER)
            probation_end = add_months(ceremony, 12)
            recognized = probation_end + _days(21)
            official = recognized <= (ended_on or today)
            if ceremony > today:
                ceremony = probation_end = recognized = None
            member_id = self.out.new_id(Member)
            # The cell of the admission day (`Member.admitted_in`), written with the member:
            # the cell a confirmed transfer moved them from, else their cell.
            admitted_in = cell.id
            if ended_on is None and rng.random() < 0.02:
                moved_from = self.transfer(
                    member_id, cell.id, cells, decided, confirmed=rng.random() < 0.9
                )
                admitted_in = moved_from or cell.id
            role = ""
            if ended_on is None and official and cell.id not in first_of_cell:
                first_of_cell[cell.id] = member_id
                role = CommitteeRole.SECRETARY
            self.out.add(
                Member,
                (
                    member_id,
                    person_id,
                    cell.id,
                    MemberStatus.OFFICIAL if official else MemberStatus.PROBATIONARY,
                    decided,
                    ceremony,
                    probation_end,
                    recognized if official else None,
                    probation_end if official else None,
                    f"{member_id:09d}",
                    ended_on,
                    role,
                    admitted_in,
                ),
            )
            if ended_on is None and official:
                officials_by_cell[cell.id].append((member_id, decided))
            if ended_on is not None:
                counters["exited"] += 1
                self.exit(member_id, cell.id, reason, ended_on)
            if decided >= date(FIRST_RECENT_YEAR, 1, 1):
                self.admitted_by_commune_year[(commune.unit.id, decided.year)] += 1
                recent.append((member_id, person_id, cell, decided, ended_on, reason, birth))
            if ended_on is None:
                self.members_by_commune[commune.unit.id] += 1
            self.maybe_flush()
        counters["members"] += n
        # The longest-standing members of the commune, for cells with too few of their own.
        everyone = sorted(
            (m for ms in officials_by_cell.values() for m in ms), key=lambda m: (m[1], m[0])
        )[:5]
        for member_id, person_id, cell, decided, ended_on, reason, _birth in recent:
            state = self.admitted_state(decided, ended_on, reason)
            officials = officials_by_cell[cell.id]
            if len(_introducers(officials, decided)) < 2:
                officials = officials + everyone  # introducers from the commune
            self.dossier(
                commune,
                cell,
                officials,
                person_id=person_id,
                decided=decided,
                state=state,
                member_id=member_id,
                closed_on=ended_on if state == S.STRUCK_OFF else None,
            )
            counters["dossiers"] += 1
        # Open and closed dossiers of persons not (yet) members.
        for _ in range(_share(rng, n * OPEN_DOSSIER_SHARE)):
            self.candidate_dossier(commune, officials_by_cell, counters, closed=False)
        for _ in range(_share(rng, n * CLOSED_DOSSIER_SHARE)):
            self.candidate_dossier(commune, officials_by_cell, counters, closed=True)
        self.maybe_flush()

    def admitted_state(self, decided, ended_on, reason):
        today = self.today
        if ended_on is not None and reason == ExitReason.STRUCK_OFF:
            probation_end = add_months(decided + _days(CEREMONY_AFTER), 12)
            if ended_on <= probation_end + _days(21):
                return S.STRUCK_OFF
        if decided + _days(CEREMONY_AFTER) > today:
            return S.ADMISSION_DECIDED
        probation_end = add_months(decided + _days(CEREMONY_AFTER), 12)
        if probation_end + _days(21) <= today:
            return S.OFFICIAL
        if probation_end + _days(7) <= today:
            return S.RECOGNITION_PROPOSED
        return S.PROBATIONARY

    def exit(self, member_id, cell_id, reason, on):
        document = "" if reason == ExitReason.DECEASED else f"{member_id}-QĐ"
        self.out.add(
            MemberExit,
            (
                self.out.new_id(MemberExit),
                member_id,
                cell_id,
                reason,
                on,
                document,
                on if document else None,
                "",
                None,
            ),
        )

    def transfer(self, member_id, cell_id, cells, decided, *, confirmed: bool):
        """A transfer from another cell of the commune (confirmed: the member sits in the
        receiving cell) or one waiting for the receiving side (the member stays). Returns the
        cell a confirmed transfer moved the member from (None: not moved)."""
        other = self.rng.choice(cells)[0].id
        first = max(decided + _days(30), self.today - _days(900))
        if other == cell_id or first >= self.today - _days(10):
            return None
        day = first + _days(self.rng.randrange((self.today - first).days - 10))
        from_id, to_id = (other, cell_id) if confirmed else (cell_id, other)
        self.out.add(
            MemberTransfer,
            (
                self.out.new_id(MemberTransfer),
                member_id,
                from_id,
                to_id,
                TransferState.CONFIRMED if confirmed else TransferState.PENDING,
                day,
                f"{member_id}-GGT",
                "",
                None,
                day + _days(10) if confirmed else None,
                None,
            ),
        )
        return other if confirmed else None
