"""From outstanding candidate to official member in the browser: the cell secretary, the
commune office and the province officer each record their steps on the dossier page; the new
member ends on the cell's member list. The steps before the cell resolution are prepared
through the services to keep the test short."""

import re
from datetime import date

import pytest
from playwright.sync_api import expect

from ptdv.recruitment import services
from ptdv.recruitment.demo import advance, make_member, make_person
from tests.conftest import PASSWORD, pass_second_factor

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
BASE = date(2023, 3, 1)  # listed; introduced on 04/06/2023 (day 95 of `advance`)


def login(page, live_server, username):
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_load_state()
    pass_second_factor(page, username)


def step(page, name, label, **values):
    """Open the step's form on the dossier page, fill it, send it and wait for the answer."""
    label = re.sub(r" \(R\d+[^()]*\)$", "", label)  # the rule is in the form's help, not its title
    page.locator("summary", has_text=label).click()
    for field, value in values.items():
        page.locator(f'[name="{name}-{field}"]').fill(str(value))
    form = page.locator(f'form[action$="/buoc/{name}/"]')
    form.get_by_role("button", name="Ghi").click()
    page.locator(".messages").get_by_text(f"Đã ghi: {label}").wait_for()


def state(page):
    return page.locator("h1 + p .badge").first.inner_text()


def test_a_candidate_becomes_an_official_member_through_the_pages(page, live_server, tree, shots):
    members = [make_member(n, tree.a) for n in ("Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường")]
    person = make_person("Đỗ Thị Hạnh", date(2000, 5, 10), youth_union=True, organization=tree.a)
    candidate = services.candidate_create(
        acting_user=tree.secretary_a,
        person=person,
        organization=tree.a,
        source="youth_union",
        listed_on=BASE,
    )
    dossier = advance(
        candidate.dossiers.get(),
        "introduced",
        base=BASE,
        members=members,
        user=tree.office_c1,
        decider=tree.officer_p1,
    )
    dossier_url = f"{live_server.url}/ket-nap/ho-so/{dossier.pk}/"

    # The cell secretary: from the candidate list to the dossier, then the cell's resolution.
    login(page, live_server, "secretary_a")
    page.goto(f"{live_server.url}/ket-nap/don-vi/{tree.a.pk}/")
    page.get_by_label("Tìm theo tên (gõ không dấu được)").fill("hanh")
    page.get_by_role("button", name="Lọc").click()
    page.get_by_role("link", name="Đỗ Thị Hạnh").click()
    page.wait_for_url(f"**/ket-nap/ho-so/{dossier.pk}/")
    assert state(page) == "Đã có người giới thiệu"
    assert page.locator("summary", has_text="Quyết định kết nạp").count() == 0  # not hers
    step(
        page,
        "cell_resolve",
        "Chi bộ biểu quyết đề nghị kết nạp (R2–R9, R22)",
        meeting_date="2023-06-12",
        official_members=3,
        votes_for=3,
        votes_against=0,
        document_number="21-NQ/CB",
    )
    assert state(page) == "Chi bộ đã đề nghị kết nạp"

    # The commune office: the grassroots committee's resolution, then the submission.
    login(page, live_server, "office_c1")
    page.goto(dossier_url)
    step(
        page,
        "grassroots_resolve",
        "Cấp ủy cơ sở biểu quyết (R24)",
        meeting_date="2023-06-16",
        committee_members=9,
        votes_for=8,
        votes_against=1,
        document_number="35-NQ/ĐU",
    )
    step(page, "submit", "Trình cấp có thẩm quyền", submitted_on="2023-06-19")
    assert state(page) == "Chờ quyết định kết nạp"

    # The officer with the power to decide: the admission decision.
    login(page, live_server, "officer_p1")
    page.goto(dossier_url)
    step(
        page,
        "decide_admission",
        "Quyết định kết nạp (R25, R26)",
        decision_number="112-QĐ/ĐU",
        decision_date="2023-07-03",
        received_on="2023-07-05",
    )
    assert state(page) == "Đã có quyết định kết nạp"

    # The cell: the ceremony, and a year later the recognition vote.
    login(page, live_server, "secretary_a")
    page.goto(dossier_url)
    step(page, "hold_ceremony", "Tổ chức lễ kết nạp (R27)", ceremony_date="2023-07-12")
    assert state(page) == "Đảng viên dự bị"
    expect(page.get_by_text("Dự bị đến ngày 12/07/2024 (R29).")).to_be_visible()
    step(
        page,
        "recognition_vote",
        "Chi bộ xét công nhận chính thức (R32, R34)",
        meeting_date="2024-07-15",
        official_members=3,
        votes_for=3,
        votes_against=0,
        document_number="30-NQ/CB",
        new_member_course_date="2023-12-01",
    )
    assert state(page) == "Chi bộ đề nghị công nhận chính thức"

    # The officer: recognition, official from the end of probation (R33).
    login(page, live_server, "officer_p1")
    page.goto(dossier_url)
    step(
        page,
        "recognize",
        "Quyết định công nhận đảng viên chính thức (R33)",
        decision_number="140-QĐ/ĐU",
        decision_date="2024-07-31",
        committee_members=9,
        votes_for=9,
        votes_against=0,
    )
    assert state(page) == "Đảng viên chính thức"
    expect(page.get_by_text("Chính thức từ 12/07/2024")).to_be_visible()
    page.screenshot(path=str(shots / "dossier.png"), full_page=True)

    # On the cell's member list, as an official member.
    login(page, live_server, "secretary_a")
    page.goto(f"{live_server.url}/dang-vien/don-vi/{tree.a.pk}/")
    row = page.locator("tr", has=page.get_by_role("link", name="Đỗ Thị Hạnh"))
    assert row.locator("[data-label='Trạng thái']").inner_text() == "Chính thức"
    assert row.locator("[data-label='Ngày kết nạp']").inner_text() == "03/07/2023"
    # And her page tells the story.
    row.get_by_role("link", name="Đỗ Thị Hạnh").click()
    timeline = page.locator("#dien-bien")
    expect(timeline.get_by_text("Quyết định công nhận đảng viên chính thức")).to_be_visible()
    expect(timeline.get_by_text("Lễ kết nạp đảng viên")).to_be_visible()
