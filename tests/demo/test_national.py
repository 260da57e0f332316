"""The national generator on a small size: the shape of its rows and its determinism."""

from collections import Counter
from datetime import date

import pytest
from django.db import transaction
from django.db.models import Count, F, Q

from ptdv.accounts.models import User
from ptdv.demo.national import generate
from ptdv.organizations.models import Organization
from ptdv.people import counters
from ptdv.people.models import Member, MemberExit, Person
from ptdv.recruitment.models import Candidate, Dossier, DossierState
from ptdv.targets.models import Target, TargetMeasure
from ptdv.training.models import Enrolment, EnrolmentResult
from tests.people.test_member_counters import (
    direct_by_cell,
    direct_by_province,
    stored_by_cell,
    stored_by_province,
)

pytestmark = pytest.mark.django_db
TODAY = date(2026, 12, 1)
PROVINCE = 20  # Lạng Sơn: 65 communes


def _quiet(_text):
    pass


@pytest.fixture(scope="module")
def national(django_db_setup, django_db_blocker):
    """One generated province shared by the shape tests, rolled back at the end."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            yield generate(members=3000, seed=7, today=TODAY, provinces=[PROVINCE], log=_quiet)
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


def test_tree_members_and_persons_in_their_units(national):
    assert national.counts["member"] == 3000
    province = Organization.objects.get(code=f"T{PROVINCE}")
    communes = Organization.objects.filter(parent=province, kind__code="commune")
    assert communes.count() == 65
    # Every commune has cells, today's cells are active, the old units are dissolved into
    # their successors.
    assert not communes.annotate(n=Count("children")).filter(n=0).exists()
    old = Organization.objects.filter(kind__code="grassroots_committee", merged_into__isnull=False)
    assert old.count() == 3 * 65
    assert not old.filter(valid_to__isnull=True).exists()
    assert not old.exclude(merged_into__kind__code="commune").exists()
    # A person follows the cell of their membership; every row sits in a cell.
    assert Member.objects.count() == 3000
    assert not Person.objects.exclude(organization__kind__is_cell=True).exists()
    assert not Member.objects.exclude(organization=F("person__organization")).exists()
    # Paths are the chain of ids from the root.
    for unit in Organization.objects.order_by("?")[:50]:
        assert unit.path.endswith(f"/{unit.pk}/")
        if unit.parent_id:
            assert unit.path == f"{unit.parent.path}{unit.pk}/"


def test_member_dates_and_admission_rate(national):
    members = Member.objects.all()
    assert not members.filter(admission_decided_on__gt=TODAY).exists()
    assert not members.filter(ceremony_on__lt=F("admission_decided_on")).exists()
    assert not members.filter(official_from__isnull=False, official_from__gt=TODAY).exists()
    assert not members.filter(status="official", official_from__isnull=True).exists()
    assert not members.filter(official_from__lt=F("admission_decided_on")).exists()
    assert not members.filter(ended_on__lt=F("admission_decided_on")).exists()
    # About 3 % a year since 2016 (11 years): a third of the rows, give or take.
    recent = members.filter(admission_decided_on__gte=date(2016, 1, 1)).count()
    assert 0.25 * 3000 < recent < 0.42 * 3000
    years = Counter(
        members.filter(admission_decided_on__gte=date(2016, 1, 1)).values_list(
            "admission_decided_on__year", flat=True
        )
    )
    assert set(years) == set(range(2016, 2027))
    # Every member who left has the exit record, in the cell they left.
    ended = members.filter(ended_on__isnull=False)
    assert ended.count() == MemberExit.objects.count() > 0
    assert not MemberExit.objects.exclude(organization=F("member__organization")).exists()
    assert not MemberExit.objects.exclude(on=F("member__ended_on")).exists()
    # Realistic shares, not degenerate ones.
    women = Person.objects.filter(membership__isnull=False, sex="female").count()
    assert 0.25 * 3000 < women < 0.5 * 3000
    assert Person.objects.exclude(ethnicity="Kinh").exists()
    assert Person.objects.exclude(religion="none").exists()


def test_admitted_members_carry_their_dossier(national):
    recent = Member.objects.filter(admission_decided_on__gte=date(2016, 1, 1))
    dossiers = Dossier.objects.filter(member__isnull=False)
    assert dossiers.count() == recent.count()
    assert not dossiers.exclude(decision_date=F("member__admission_decided_on")).exists()
    assert not dossiers.exclude(candidate__person=F("member__person")).exists()
    assert not dossiers.exclude(candidate__status="admitted").exists()
    assert not dossiers.filter(
        Q(introducer_1__isnull=True) | Q(introducer_2__isnull=True) | Q(helper_assigned_on=None)
    ).exists()
    # The steps in order; the certificate valid on the decision (R8); the decision within
    # 60 working days of the cell resolution (R26: 30 days here).
    for dossier in dossiers.select_related("member")[:300]:
        steps = [
            dossier.nominated_on,
            dossier.certificate_date,
            dossier.helper_assigned_on,
            dossier.letter_date,
            dossier.stamped_on,
            dossier.history_certified_on,
            dossier.introduced_on,
            dossier.cell_resolution_date,
            dossier.grassroots_resolution_date,
            dossier.submitted_on,
            dossier.decision_date,
        ]
        assert None not in steps, dossier.pk
        assert steps == sorted(steps), dossier.pk
        assert (dossier.decision_date - dossier.cell_resolution_date).days <= 60
        enrolment = Enrolment.objects.get(
            person=dossier.candidate.person, result=EnrolmentResult.PASSED
        )
        assert enrolment.certificate_date == dossier.certificate_date
        assert enrolment.certificate_expires_on >= dossier.decision_date
        if dossier.member.official_from:
            assert dossier.state == DossierState.OFFICIAL
            assert dossier.official_from == dossier.member.official_from
        if dossier.ceremony_date:
            assert dossier.ceremony_date == dossier.member.ceremony_on


def test_dossiers_in_every_state(national):
    states = set(Dossier.objects.values_list("state", flat=True))
    assert states == set(DossierState.values)
    # Open dossiers belong to active candidates who are not members; no step is dated after
    # today.
    open_ = Dossier.objects.exclude(
        state__in=["official", "probationary", "recognition_proposed", "admission_decided"]
    ).exclude(state__in=["rejected", "dropped", "struck_off"])
    assert open_.filter(candidate__status="active").count() == open_.count() > 0
    assert not open_.filter(candidate__person__membership__isnull=False).exists()
    for name in ["nominated_on", "certificate_date", "letter_date", "cell_resolution_date"]:
        assert not Dossier.objects.filter(**{f"{name}__gt": TODAY}).exists(), name
    assert not Dossier.objects.filter(state_changed_on__gt=TODAY).exists()
    assert Candidate.objects.count() == Dossier.objects.count()


def test_targets_for_every_province_and_commune(national):
    units = Organization.objects.filter(
        Q(kind__code="province") | Q(kind__code="commune"), valid_to__isnull=True
    )
    for year in (2016, 2025, 2026):
        have = Target.objects.filter(
            period_start=date(year, 1, 1), period_end=date(year, 12, 31), measure="count"
        ).values_list("organization", flat=True)
        assert set(have) == set(units.values_list("pk", flat=True))
    term = Target.objects.filter(period_start=date(2025, 7, 1), period_end=date(2030, 6, 30))
    assert set(
        term.filter(measure=TargetMeasure.COUNT).values_list("organization", flat=True)
    ) == set(units.values_list("pk", flat=True))
    assert User.objects.filter(organization__kind__code="commune").count() == 65


def test_the_member_counters_equal_the_rows(national):
    # The loading sessions may skip the counter triggers; the generator counts them at its
    # end, so the pages read the same members as a direct count.
    assert stored_by_cell() == direct_by_cell()
    assert stored_by_province() == direct_by_province()
    province = Organization.objects.get(code=f"T{PROVINCE}")
    # The province alone (its own counter) and the country (the provinces').
    for prefixes in ((province.path,), (Organization.objects.get(code="TW").path,)):
        for day in (date(2016, 12, 31), date(2024, 6, 30), TODAY):
            assert counters.members_on(prefixes, day) == counters.direct_counts(prefixes, day)


def test_every_member_carries_the_cell_of_their_admission_day(national):
    # The loading sessions skip the triggers that keep it: the generator writes it with each
    # member (its closing check mended no row) rather than rewriting every member.
    from tests.people.test_admitted_in import by_definition, stored

    assert Member.objects.exclude(admitted_in=F("organization")).exists()  # some moved since
    assert stored() == by_definition()
    assert national.mended_admitted_in == 0


def test_the_monthly_admission_counters_equal_the_rows(national):
    # The loading sessions skip their triggers too; the generator counts them at its end.
    from ptdv.people import admission_counts

    stored = admission_counts.stored_counts()
    assert stored and stored == admission_counts.direct_counts()


def test_every_enrolment_carries_its_persons_membership(national):
    # The loading sessions skip the triggers that keep it (training.membership): the
    # generator writes it with each enrolment; its closing check mended no row.
    from tests.training.test_pool_marks import by_definition, stored

    assert Enrolment.objects.filter(person_is_member=True).exists()
    assert Enrolment.objects.filter(person_is_member=False, result=EnrolmentResult.PASSED).exists()
    assert stored() == by_definition()
    assert national.mended_pool_marks == 0
