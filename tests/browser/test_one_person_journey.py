"""One person, one record, from candidate to official member, on a phone (390 px) and on a
desktop: the secretary of a cell of a commune absorbed in 2025 enlists a young woman with her
CCCD; the office of the commune that absorbed it enrols her in its class and records the
result; the certificate flows into her dossier; … ; the province officer recognises her; her
member record carries the ceremony, probation end and recognition dates, and she is in the
hand-over file. The middle steps are made through the services to keep the test short."""

from datetime import date

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from ptdv.accounts.models import Role
from ptdv.people.models import Member, Person
from ptdv.recruitment.demo import advance, make_member
from ptdv.recruitment.models import Dossier
from ptdv.training import services as training
from tests.browser.test_admission_path import login, state, step
from tests.conftest import make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
BASE = date(2023, 3, 1)
NAME = "Nguyễn Thị Thu Trang"


@pytest.mark.parametrize("width,height", [(390, 844), (1280, 900)], ids=["phone", "desktop"])
def test_one_person_from_enlisting_to_the_handover_file(page, live_server, tree, width, height):
    page.set_viewport_size({"width": width, "height": height})
    members = [make_member(n, tree.oldcell) for n in ("Lê Văn Một", "Trần Văn Hai", "Võ Văn Ba")]
    make_user("bithu_cu", Role.CELL_SECRETARY, tree.oldcell)
    course = training.awareness_class_create(
        acting_user=None,
        organization=tree.c1,
        name="Lớp bồi dưỡng nhận thức về Đảng khóa I/2023",
        issuing_body="Trung tâm Chính trị xã Hòa Bình",
        target_group="youth",
        starts_on=date(2023, 3, 6),
        ends_on=date(2023, 3, 10),
    )

    # The cell secretary enlists her, with her CCCD and her full record.
    login(page, live_server, "bithu_cu")
    page.goto(f"{live_server.url}/ket-nap/don-vi/{tree.oldcell.pk}/them/")
    page.locator('[name="citizen_id"]').fill("042303001234")
    page.locator('[name="full_name"]').fill(NAME)
    page.locator('[name="birth_date"]').fill("15/08/2003")
    page.locator('[name="sex"]').select_option("female")
    page.locator('[name="general_education"]').select_option("upper_secondary")
    page.locator('[name="occupation"]').fill("Giáo viên mầm non")
    page.locator('[name="residence"]').fill("Thôn Cũ, xã Hòa Bình")
    page.locator('[name="phone"]').fill("0912345678")
    page.locator('[name="youth_union_member"]').check()
    page.locator('[name="youth_union_joined_on"]').fill("26/03/2018")
    page.locator('[name="source"]').select_option("youth_union")
    page.locator('[name="listed_on"]').fill("01/03/2023")
    page.get_by_role("button", name="Lưu").click()
    page.locator(".messages").get_by_text("vào danh sách quần chúng ưu tú").wait_for()
    person = Person.objects.get(citizen_id="042303001234")
    assert (
        person.organization == tree.oldcell and Person.objects.filter(full_name=NAME).count() == 1
    )
    dossier_url = page.url
    step(page, "nominate", "Cử đi học lớp bồi dưỡng nhận thức về Đảng", meeting_date="2023-03-03")

    # The office of the commune that absorbed hers enrols her and records the result.
    login(page, live_server, "office_c1")
    page.goto(f"{live_server.url}/boi-duong/lop/{course.pk}/")
    page.locator('[name="person"]').select_option(label=NAME)
    page.get_by_role("button", name="Ghi danh").click()
    page.get_by_role("link", name="Ghi kết quả").first.click()
    page.locator('[name="result"]').select_option("passed")
    page.locator('[name="certificate_number"]').fill("15-GCN/TTCT")
    page.locator('[name="certificate_date"]').fill("10/03/2023")
    page.get_by_role("button", name="Lưu").click()
    page.wait_for_load_state()

    # The certificate flows into her dossier: the secretary picks the passed enrolment.
    login(page, live_server, "bithu_cu")
    page.goto(dossier_url)
    page.locator("summary", has_text="Ghi giấy chứng nhận lớp bồi dưỡng").click()
    page.locator('[name="record_certificate-enrolment"]').select_option(index=1)
    page.locator('form[action$="/buoc/record_certificate/"]').get_by_role(
        "button", name="Ghi"
    ).click()
    page.locator(".messages").get_by_text("Đã ghi: Ghi giấy chứng nhận").wait_for()
    assert state(page) == "Đã có giấy chứng nhận"
    expect(page.get_by_text("Số 15-GCN/TTCT, cấp 10/03/2023")).to_be_visible()

    # … the steps up to the cell's proposal of recognition, through the services …
    dossier = Dossier.objects.get(candidate__person=person)
    dossier = advance(
        dossier,
        "recognition_proposed",
        base=BASE,
        members=members,
        user=tree.office_c1,
        decider=tree.officer_p1,
    )

    # The province officer recognises her as an official member.
    login(page, live_server, "officer_p1")
    page.goto(dossier_url)
    decision_day = dossier.recognition_resolution_date.replace(day=28)
    step(
        page,
        "recognize",
        "Quyết định công nhận đảng viên chính thức (R33)",
        decision_number="140-QĐ/ĐU",
        decision_date=decision_day.isoformat(),
        committee_members=9,
        votes_for=9,
        votes_against=0,
    )
    assert state(page) == "Đảng viên chính thức"

    # One person, one record: her page shows the member's dates.
    member = Member.objects.get(person=person)
    assert (member.ceremony_on, member.probation_ends_on, member.recognized_on) == (
        dossier.ceremony_date,
        dossier.probation_end,
        decision_day,
    )
    page.goto(f"{live_server.url}/dang-vien/nguoi/{person.pk}/")
    for line in (
        f"Lễ kết nạp: {dossier.ceremony_date:%d/%m/%Y}",
        f"Hết thời gian dự bị: {dossier.probation_end:%d/%m/%Y}",
        f"Quyết định công nhận chính thức: {decision_day:%d/%m/%Y}",
    ):
        expect(page.get_by_text(line)).to_be_visible()

    # The hand-over file of the commune lists her.
    today = timezone.localdate()
    page.goto(
        f"{live_server.url}/nhap-xuat/don-vi/{tree.c1.pk}/ban-giao/"
        f"?tu=01/01/2023&den={today:%d/%m/%Y}"
    )
    assert page.locator("ul.plain li", has_text=NAME).count() == 1
