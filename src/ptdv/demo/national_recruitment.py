"""The national generator's recruitment and training rows: awareness classes, candidates
and their dossiers with every step, helper, verification and introducer."""

from datetime import UTC, date, datetime

from ptdv.core.calendar import add_months
from ptdv.demo.national_bulk import (
    DOSSIER_FIELDS,
    dossier_values,
)
from ptdv.demo.national_tables import (
    ADMISSION_RATE,
    CEREMONY_AFTER,
    CERTIFIED_BEFORE_DECISION,
    FIRST_RECENT_YEAR,
    OPEN_WINDOWS,
    RECEIVED_AFTER,
    STEPS,
    S,
    _days,
    _introducers,
)
from ptdv.demo.national_tree import CommunePlan
from ptdv.people.models import Sex
from ptdv.recruitment.models import (
    Candidate,
    CandidateStatus,
    Dossier,
    DossierTransition,
    MentorAssignment,
    Relation,
    VerificationRequest,
)
from ptdv.training.models import AwarenessClass, Enrolment, EnrolmentResult, certificate_expiry


class RecruitmentMixin:
    # --- classes ---

    def build_classes(self, commune: CommunePlan) -> None:
        """One class a year organised by the commune (two where it admits more than about ten
        a year), from 2014 to a year from now."""
        rng = self.rng
        halves = (0, 1) if commune.members * ADMISSION_RATE > 10 else (0,)
        for year in range(FIRST_RECENT_YEAR - 2, self.today.year + 2):
            for half in halves:
                starts = date(year, 1 + 6 * half, 1) + _days(
                    rng.randrange(0, 150 if len(halves) == 2 else 330)
                )
                ends = starts + _days(rng.randrange(4, 10))
                pk = self.out.new_id(AwarenessClass)
                self.out.add(
                    AwarenessClass,
                    (
                        pk,
                        f"Lớp bồi dưỡng nhận thức về Đảng {half + 1}/{year}",
                        commune.unit.id,
                        "Trung tâm Chính trị" if year < 2025 else f"Ban Thường vụ {commune.name}",
                        "other",
                        starts,
                        ends,
                        commune.name.removeprefix("Đảng bộ "),
                        self.now,
                    ),
                )
                commune.classes.append((pk, starts, ends))
        commune.classes.sort(key=lambda c: c[2])

    def class_before(self, commune: CommunePlan, day: date):
        """The last class of the commune that ended on or before `day`."""
        chosen = None
        for item in commune.classes:
            if item[2] <= day:
                chosen = item
            else:
                break
        return chosen

    def candidate_dossier(self, commune, officials_by_cell, counters, *, closed: bool):
        rng, today = self.rng, self.today
        cell, work = rng.choice(commune.cells)
        sex = Sex.FEMALE if rng.random() < 0.45 else Sex.MALE
        age = 18 + int(rng.expovariate(1 / 7))
        klass = nominated = state = None
        serial = counters["candidates_open" if not closed else "candidates_closed"]
        if closed:
            state = (S.REJECTED, S.DROPPED, S.CERT_EXPIRED)[serial % 3]
            # The decision it never reached (long ago for a certificate to expire).
            decided = today - _days(
                1900 + rng.randrange(300) if state == S.CERT_EXPIRED else rng.randrange(200, 1800)
            )
        elif serial % 3 == 0:  # on the list, the class still to come
            decided = today + _days(91 + rng.randrange(450))
            upcoming = [c for c in commune.classes if c[1] > today]
            if serial % 2 and upcoming:  # already nominated for the next class
                klass = upcoming[0]
                decided = klass[2] + _days(CERTIFIED_BEFORE_DECISION)
                nominated = today - _days(rng.randrange(20))
        else:
            low, high = OPEN_WINDOWS[(serial // 3) % len(OPEN_WINDOWS)]
            decided = today + _days(low + 1 + rng.randrange(high - low))
        birth = decided - _days(min(age, 58) * 365 + rng.randrange(365))
        person_id = self.person(
            cell_id=cell.id,
            commune=commune,
            birth=birth,
            sex=sex,
            work=work or ("", *self.pick_residential()),
            young=age <= 30,
        )
        self.dossier(
            commune,
            cell,
            officials_by_cell[cell.id],
            person_id=person_id,
            decided=decided,
            state=state,
            member_id=None,
            closed_on=None,
            klass=klass,
            nominated=nominated,
        )
        counters["dossiers"] += 1
        counters["candidates_open" if not closed else "candidates_closed"] += 1

    def dossier(
        self,
        commune,
        cell,
        officials,
        *,
        person_id,
        decided,
        state,
        member_id,
        closed_on,
        klass=None,
        nominated=None,
    ):
        """One candidate, their enrolment and dossier, with the dates of every step reached
        by `today` (or up to the decision for admitted ones). `decided`: the (planned)
        admission decision date from which the steps are spaced."""
        rng, today = self.rng, self.today
        klass = klass or self.class_before(commune, decided - _days(CERTIFIED_BEFORE_DECISION))
        if klass is None:
            klass = commune.classes[0]
        class_id, class_starts, class_ends = klass
        nominated = nominated or class_starts - _days(15)
        listed = nominated - _days(30 + rng.randrange(60))
        if listed > today:  # on the list already, the class later
            listed = today - _days(rng.randrange(1, 60))
        certificate = class_ends
        if state in (S.REJECTED, S.DROPPED):
            final = state
            horizon = decided - _days(25)  # refused at the cell resolution
        elif state == S.CERT_EXPIRED:
            final = state
            horizon = decided - _days(60)
        else:
            horizon = min(decided, today) if member_id is None else decided
            final = state
        if state == S.CERT_EXPIRED and certificate_expiry(certificate) >= today:
            final, state = None, None  # not stalled long enough for the certificate to expire
        row = dict.fromkeys(DOSSIER_FIELDS)
        row.update(
            id=self.out.new_id(Dossier),
            organization=cell.id,
            extension_working_days=0,
            failed_recognition_votes=0,
            certificate_number="",
            certificate_issuer="",
            youth_union_resolution="",
            cell_resolution_number="",
            over60_consent_number="",
            decision_number="",
            ceremony_late_consent="",
            recognition_decision_number="",
            closed_reason="",
        )
        reached, reached_on = S.SOURCE, listed
        trail = [S.SOURCE]
        if nominated <= horizon:
            row["nominated_on"] = nominated
            reached, reached_on = S.NOMINATED_FOR_CLASS, nominated
            trail.append(reached)
        enrolment_result = EnrolmentResult.PENDING
        if certificate <= horizon:
            enrolment_result = EnrolmentResult.PASSED
            row.update(
                certificate_number=f"{class_id}-{row['id']}",
                certificate_date=certificate,
                certificate_issuer="Trung tâm Chính trị",
            )
            reached, reached_on = S.CLASS_CERTIFIED, certificate
            trail.append(reached)
        helper = officials[0][0] if officials else None
        introducers = _introducers(officials, decided)
        for step, before in STEPS:
            day = decided - _days(before)
            if day > horizon or day < certificate:
                break
            if step == S.ASSIGNED_HELPER:
                if helper is None:
                    break
                row["helper_assigned_on"] = day
            elif step == S.DOSSIER_OPEN:
                row.update(letter_date=day, history_date=day + _days(2))
            elif step == S.VERIFYING:
                row.update(stamped_on=day, verification_sent_on=day + _days(1))
            elif step == S.VERIFIED:
                row.update(cell_committee_comment_on=day - _days(2), history_certified_on=day)
            elif step == S.INTRODUCED:
                if len(introducers) < 2:
                    break
                row.update(
                    introduced_on=day,
                    introducer_1=introducers[0][0],
                    introducer_1_since=introducers[0][1] + _days(30),
                    introducer_2=introducers[1][0],
                    introducer_2_since=introducers[1][1] + _days(30),
                )
            elif step == S.CELL_PROPOSED:
                row.update(cell_resolution_date=day, cell_resolution_number=f"{row['id']}-NQ/CB")
            elif step == S.GRASSROOTS_PROPOSED:
                row["grassroots_resolution_date"] = day
            elif step == S.AWAITING_DECISION:
                row["submitted_on"] = day
            elif step == S.ADMISSION_DECIDED:
                if member_id is None:
                    break
                row.update(
                    decision_number=f"{row['id']}-QĐ/ĐU",
                    decision_date=day,
                    decision_received_on=day + _days(RECEIVED_AFTER),
                    decided_by=commune.unit.id,
                    member=member_id,
                )
            reached, reached_on = step, day
            trail.append(reached)
        if member_id is not None and state in (
            S.PROBATIONARY,
            S.RECOGNITION_PROPOSED,
            S.OFFICIAL,
            S.STRUCK_OFF,
        ):
            ceremony = decided + _days(CEREMONY_AFTER)
            probation_end = add_months(ceremony, 12)
            row.update(ceremony_date=ceremony, probation_end=probation_end)
            reached, reached_on = S.PROBATIONARY, ceremony
            trail.append(reached)
            if state in (S.RECOGNITION_PROPOSED, S.OFFICIAL):
                vote = probation_end + _days(7)
                row.update(
                    recognition_resolution_date=vote, new_member_course_date=ceremony + _days(90)
                )
                reached, reached_on = S.RECOGNITION_PROPOSED, vote
                trail.append(reached)
            if state == S.OFFICIAL:
                decision = probation_end + _days(21)
                row.update(
                    recognition_decision_number=f"{row['id']}-QĐCT/ĐU",
                    recognition_decision_date=decision,
                    official_from=probation_end,
                )
                reached, reached_on = S.OFFICIAL, decision
                trail.append(reached)
            if state == S.STRUCK_OFF:
                reached, reached_on = S.STRUCK_OFF, closed_on
                trail.append(reached)
                row.update(closed_on=closed_on, closed_reason="Xóa tên đảng viên dự bị")
        if final in (S.REJECTED, S.DROPPED, S.CERT_EXPIRED):
            close_day = max(reached_on, horizon)
            if final == S.CERT_EXPIRED:
                close_day = certificate_expiry(certificate) + _days(1)
            reached, reached_on = final, close_day
            trail.append(reached)
            if final != S.CERT_EXPIRED:
                row.update(closed_on=close_day, closed_reason="Chi bộ không đề nghị kết nạp")
        row.update(state=reached, state_changed_on=reached_on)
        candidate_status = {
            S.REJECTED: CandidateStatus.NOT_ADMITTED,
            S.DROPPED: CandidateStatus.DROPPED,
        }.get(reached, CandidateStatus.ADMITTED if member_id else CandidateStatus.ACTIVE)
        candidate_id = self.out.new_id(Candidate)
        row["candidate"] = candidate_id
        self.out.add(
            Candidate,
            (
                candidate_id,
                person_id,
                cell.id,
                self.pick_source(),
                candidate_status,
                listed,
                False,
                False,
                None,
                "",
                None,
                row["closed_reason"],
                self.now,
            ),
        )
        if row["nominated_on"]:
            passed = enrolment_result == EnrolmentResult.PASSED
            self.out.add(
                Enrolment,
                (
                    self.out.new_id(Enrolment),
                    class_id,
                    person_id,
                    cell.id,
                    enrolment_result,
                    row["certificate_number"] if passed else "",
                    certificate if passed else None,
                    certificate_expiry(certificate) if passed else None,
                    None,
                    self.now,
                    # The membership mark (training.membership), written with the row: the
                    # person is a member from the decision of this dossier, or not at all.
                    member_id is not None,
                    decided if member_id is not None else None,
                ),
            )
        if row["helper_assigned_on"]:
            self.out.add(
                MentorAssignment,
                (
                    self.out.new_id(MentorAssignment),
                    candidate_id,
                    helper,
                    row["helper_assigned_on"],
                    None,
                ),
            )
        self.out.add(Dossier, dossier_values(row))
        if row["verification_sent_on"]:
            answered = row["history_certified_on"]
            self.out.add(
                VerificationRequest,
                (
                    self.out.new_id(VerificationRequest),
                    row["id"],
                    Relation.FATHER,
                    "Cha của người vào Đảng",
                    False,
                    True,
                    "Đảng ủy nơi cư trú",
                    row["verification_sent_on"],
                    answered - _days(5) if answered else None,
                    "Chấp hành tốt chủ trương, chính sách." if answered else "",
                ),
            )
        if reached != S.SOURCE:
            self.out.add(
                DossierTransition,
                (
                    self.out.new_id(DossierTransition),
                    row["id"],
                    trail[-2],
                    reached,
                    "generated",
                    datetime.combine(reached_on, datetime.min.time(), tzinfo=UTC),
                    None,
                    cell.id,
                    reached_on,
                    None,
                    None,
                    None,
                    "",
                    None,
                    False,
                    "",
                ),
            )
