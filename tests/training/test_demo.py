from datetime import date

from ptdv.people.demo import build_demo_people
from ptdv.people.models import Member, MemberExit, MemberTransfer
from ptdv.training import selectors
from ptdv.training.demo import build_demo_training
from ptdv.training.models import AwarenessClass, Enrolment
from tests.conftest import make_unit


def seed_units(tree):
    """The part of the demo tree these builders use: Thanh Liêm and Kiện Khê's five cells."""
    district = make_unit(tree.p1, "H.THANH-LIEM", "Đảng bộ huyện Thanh Liêm", "district")
    commune = make_unit(district, "C.KIEN-KHE", "Đảng bộ thị trấn Kiện Khê",
                        "grassroots_committee", "urban_residential")  # fmt: skip
    units = {"THANH-LIEM": district, "KIEN-KHE": commune}
    for index in range(1, 6):
        units[f"KIEN-KHE/{index}"] = make_unit(commune, f"C.KK.{index}", f"Chi bộ số {index}")
    return units


def test_the_demo_matches_the_seeds(tree):
    units = seed_units(tree)
    build_demo_people(units, log=lambda _: None)
    assert Member.objects.current().filter(organization__path__under=units["KIEN-KHE"].path)
    assert MemberExit.objects.count() == 2 and MemberTransfer.objects.count() == 1
    build_demo_training(units, log=lambda _: None)
    assert AwarenessClass.objects.filter(starts_on__year=2023).count() == 6  # seed: 6 in 2023
    sent = Enrolment.objects.filter(organization__path__under=units["KIEN-KHE"].path)
    assert sent.count() == 16
    students = AwarenessClass.objects.get(target_group="students")
    assert students.enrolments.filter(result="passed").count() == 36
    on = date(2025, 1, 1)
    assert selectors.trained_not_admitted(tree.admin, units["KIEN-KHE"], on) == 16
    # Before the recruitment demo admits 12 of Kiện Khê's 16.
    assert selectors.trained_not_admitted(tree.admin, units["THANH-LIEM"], on) == 406 + 12


def test_thanh_liem_has_406_trained_candidates_waiting_after_the_whole_demo(demo):
    """Seed: "Toàn huyện hiện có 406 quần chúng ưu tú đã được bồi dưỡng nhận thức về Đảng";
    Kiện Khê 2023: 16 sent to the class, 12 admitted — the same people. Read from the whole
    demo on a fixed day (the 2023 certificates are valid until 2028)."""
    from ptdv.accounts.models import User
    from ptdv.organizations.scope import subtree_filter
    from ptdv.recruitment.models import Dossier

    units = demo.units
    admin = User.objects.get(username="quantri")
    on = date(2025, 12, 1)
    assert selectors.trained_not_admitted(admin, units["THANH-LIEM"], on) == 406
    assert selectors.trained_not_admitted(admin, units["KIEN-KHE"], on) == 4
    sent = Enrolment.objects.filter(
        subtree_filter(units["KIEN-KHE"]), awareness_class__starts_on__year=2023
    )
    assert sent.count() == 16
    admitted = Member.objects.filter(
        person__enrolments__in=sent, admission_decided_on__year=2023
    ).count()
    assert admitted == 12
    kien_khe = Dossier.objects.filter(subtree_filter(units["KIEN-KHE"]))
    assert kien_khe.filter(nominated_on__year=2023).count() == 16
    assert kien_khe.filter(decision_date__year=2023).count() == 12
    # The dossiers carry the class's certificates.
    assert set(
        kien_khe.filter(nominated_on__year=2023).values_list("certificate_number", flat=True)
    ) == set(sent.values_list("certificate_number", flat=True))
