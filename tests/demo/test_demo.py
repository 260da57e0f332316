"""`ptdv demo --quick`: the seed provinces, the historic units and the demo logins."""

from io import StringIO

from django.core.management import call_command
from django.urls import reverse

from ptdv.accounts.models import User
from ptdv.organizations.models import Organization


def run_demo() -> str:
    out = StringIO()
    call_command("demo", "--quick", stdout=out)
    return out.getvalue()


def test_the_demo_builds_the_seed_units_with_their_history(demo):
    output = demo.output
    assert "Tài khoản dùng thử (mật khẩu chung: ptdv@2025)" in output
    assert "bithu.thon5" in output
    thon5 = Organization.objects.get(name="Chi bộ thôn 5")
    # The 2025 reform carried out by the operations: the cell sits under the new commune
    # from 01/07/2025 and remembers where it was until then.
    assert thon5.parent.name == "Đảng bộ xã Phúc Trạch"
    earlier = thon5.parent_history.get()
    assert earlier.parent.name == "Đảng bộ xã Hương Liên"
    assert earlier.valid_to.isoformat() == "2025-06-30"
    huong_lien = earlier.parent
    assert huong_lien.valid_to.isoformat() == "2025-06-30"
    assert huong_lien.merged_into.name == "Đảng bộ xã Phúc Trạch"
    assert Organization.objects.get(code="TC35").merged_into.name == "Đảng bộ tỉnh Ninh Bình"
    # Whoever holds the successor sees the history of what was merged into it.
    ninh_binh = User.objects.get(username="btc.ninhbinh")
    visible = Organization.objects.for_user(ninh_binh)
    assert visible.filter(name="Đảng bộ thị trấn Kiện Khê").exists()
    assert not visible.filter(name="Chi bộ thôn 5").exists()
    office = User.objects.get(username="vp.phuctrach")
    assert Organization.objects.for_user(office).filter(pk=thon5.pk).exists()
    # R25 after 07/2025: no demo decision is taken by a unit dissolved by then.
    from django.db.models import F

    from ptdv.recruitment.models import Dossier

    late = Dossier.objects.filter(decision_date__gte="2025-07-01")
    assert late.exists()
    assert not late.filter(decided_by__valid_to__lt=F("decision_date")).exists()
    thon5_late = late.filter(organization=thon5).values_list("decided_by__name", flat=True)
    assert set(thon5_late) <= {"Đảng bộ xã Phúc Trạch"}


def test_every_role_has_a_demo_login_and_a_second_run_changes_nothing(demo):
    assert "Đã tạo xong dữ liệu mẫu." in demo.output
    roles = set(User.objects.values_list("role", flat=True))
    assert roles == {
        "cell_secretary",
        "grassroots_office",
        "board_officer",
        "inspector",
        "administrator",
    }
    count = Organization.objects.count()
    second = run_demo()
    assert "đã có sẵn" in second
    assert Organization.objects.count() == count
    # The privileged accounts come enrolled, and the run says how to get their code.
    from django_otp.plugins.otp_totp.models import TOTPDevice

    privileged = User.objects.filter(role__in=["board_officer", "administrator"])
    enrolled = TOTPDevice.objects.filter(confirmed=True).values_list("user__username", flat=True)
    assert set(privileged.values_list("username", flat=True)) == set(enrolled)
    assert "ptdv totp" in second


def test_every_person_of_the_demo_belongs_to_the_cell_that_follows_them(demo, client):
    """The demo holds only data the services can produce: every person is in a unit; the
    person of a member, a candidate or an enrolment is inside that row's cell's subtree; and
    their page opens for the administrator and for the office of their commune."""
    from django.db.models import F
    from django.db.models.functions import Length, Substr

    from ptdv.people.models import Member, Person
    from ptdv.recruitment.models import Candidate
    from ptdv.training.models import Enrolment

    assert Person.objects.count() > 1000
    assert not Person.objects.filter(organization__isnull=True).exists()

    def outside(queryset, person="person__organization__path", unit="organization__path"):
        """Rows whose person's unit path does not start with the row's unit path."""
        return queryset.annotate(prefix=Substr(person, 1, Length(unit))).exclude(prefix=F(unit))

    assert not outside(Member.objects.all()).exists()
    assert not outside(Candidate.objects.all()).exists()
    assert not outside(Enrolment.objects.all()).exists()

    admin = User.objects.get(role="administrator")
    offices = User.objects.filter(role="grassroots_office").select_related("organization")
    checked = 0
    for model in (Member, Candidate, Enrolment):
        for office in offices:
            row = model.objects.for_user(office).select_related("person").first()
            if row is None:
                continue
            for user in (admin, office):
                client.force_login(user)
                page = client.get(reverse("people:person", args=[row.person_id]))
                assert page.status_code == 200, (user, row.person)
            checked += 1
            break
    assert checked == 3
