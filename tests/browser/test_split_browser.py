"""The administrator splits a cell holding candidates and an open admission dossier: the
split page asks where each candidate goes; without a cell for one the split is refused with
its Vietnamese message and nothing changes; once named, the candidates and their dossiers
appear on the receiving cell's candidate list."""

from datetime import date

import pytest
from playwright.sync_api import expect

from ptdv.organizations.models import Organization, Reorganisation
from ptdv.recruitment.models import Candidate, Dossier
from tests.browser.test_tree_browser import login
from tests.factories import CandidateFactory, MemberFactory, PersonFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def where(candidate):
    """The candidate's cell, their open dossier's, the person's followed cell."""
    candidate = Candidate.objects.select_related("person").get(pk=candidate.pk)
    dossier = Dossier.objects.get(candidate=candidate)
    return candidate.organization_id, dossier.organization_id, candidate.person.organization_id


def fill_decision(page):
    page.get_by_label("Số quyết định").fill("31-QĐ/ĐU")
    page.get_by_label("Ngày quyết định").fill("20/06/2025")
    page.get_by_label("Cơ quan ban hành").fill("Đảng ủy xã Hòa Bình")
    page.get_by_label("Ngày có hiệu lực").fill("01/07/2025")


def test_the_administrator_splits_a_cell_and_names_where_its_candidates_go(page, live_server, tree):
    person = PersonFactory(organization=tree.a, full_name="Trần Văn Ở Lại")
    MemberFactory(organization=tree.a, person=person, admission_decided_on=date(2015, 1, 1))
    nguon = CandidateFactory(organization=tree.a, full_name="Lê Thị Nguồn")
    hang = CandidateFactory(organization=tree.a, full_name="Vũ Văn Hằng")
    assert Dossier.objects.filter(candidate=nguon).exists()  # an open dossier follows too

    login(page, live_server, "admin")
    page.goto(f"{live_server.url}/to-chuc/{tree.a.pk}/")
    page.get_by_role("link", name="Sắp xếp tổ chức").click()
    page.get_by_role("link", name="Chia tách").click()
    expect(page.get_by_role("heading", name="Chia tách: Chi bộ thôn An Phú")).to_be_visible()
    fill_decision(page)
    page.get_by_label("Đảng viên Trần Văn Ở Lại chuyển về chi bộ").select_option(
        label="Chi bộ thôn Bình Minh (B)"
    )
    hang_field = page.get_by_label(
        "Quần chúng Vũ Văn Hằng (cùng hồ sơ kết nạp đang làm) chuyển về chi bộ"
    )
    hang_field.select_option(label="Chi bộ thôn Cây Đa (D)")
    # No cell named for Lê Thị Nguồn: refused, with its message, and nothing changed.
    page.get_by_role("button", name="Thực hiện").click()
    refused = page.get_by_text("Phải chọn chi bộ tiếp nhận cho quần chúng Lê Thị Nguồn")
    expect(refused).to_be_visible()
    assert Organization.objects.get(pk=tree.a.pk).valid_to is None
    assert not Reorganisation.objects.exists()
    assert where(nguon) == where(hang) == (tree.a.pk, tree.a.pk, tree.a.pk)

    # Named, and confirmed: the split is done.
    page.get_by_label(
        "Quần chúng Lê Thị Nguồn (cùng hồ sơ kết nạp đang làm) chuyển về chi bộ"
    ).select_option(label="Chi bộ thôn Bình Minh (B)")
    page.get_by_role("button", name="Thực hiện").click()
    expect(page.get_by_text("Đã thực hiện: chia tách.")).to_be_visible()
    expect(page.get_by_text("Đã giải thể ngày 30/06/2025")).to_be_visible()  # its last day
    assert where(nguon) == (tree.b.pk, tree.b.pk, tree.b.pk)
    assert where(hang) == (tree.d.pk, tree.d.pk, tree.d.pk)

    # The receiving cell's candidate list shows the candidate, with the dossier under way.
    page.goto(f"{live_server.url}/ket-nap/don-vi/{tree.b.pk}/")
    row = page.locator("tr", has_text="Lê Thị Nguồn")
    expect(row).to_be_visible()
    expect(row.locator("td[data-label='Chi bộ']")).to_have_text("Chi bộ thôn Bình Minh")
    expect(page.locator("tr", has_text="Vũ Văn Hằng")).to_have_count(0)
    row.get_by_role("link", name="Lê Thị Nguồn").click()
    expect(page.get_by_text("31-QĐ/ĐU").first).to_be_visible()
    page.goto(f"{live_server.url}/ket-nap/don-vi/{tree.d.pk}/")
    expect(page.locator("tr", has_text="Vũ Văn Hằng")).to_be_visible()
