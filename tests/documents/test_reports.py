"""Reports as Party documents: the periodic report, the statistics form, the briefing."""

from datetime import date

import pytest
from django.urls import reverse

from ptdv.accounts.models import User
from ptdv.documents import periodic, render
from ptdv.reports.figures import Period
from tests.documents.conftest import first_page_png, pdf_text, soffice_to_pdf
from tests.reports.factories import admit

pytestmark = pytest.mark.django_db
TL = Period(date(2020, 7, 1), date(2023, 10, 31))


def test_the_thanh_liem_report_states_the_seed_figures(demo, tmp_path, shots):
    """Seed 001 (Thanh Liêm, 07/2020–10/2023): 539 admitted, youth 46,2%, women 72,4%,
    religious 4,5%, 7.025 members, 18 classes for 921 candidates, 406 trained and waiting."""
    units = demo.units
    user = User.objects.get(username="quantri")
    document = periodic.periodic_report(user, units["THANH-LIEM"], TL, made_on=date(2023, 11, 6))
    pdf = render.to_pdf(document)
    text = pdf_text(pdf)
    for phrase in (
        "ĐẢNG CỘNG SẢN VIỆT NAM",
        "ĐẢNG BỘ TỈNH HÀ NAM",
        "HUYỆN ỦY THANH LIÊM",
        "Số ……-BC/HU",
        "Thanh Liêm, ngày 06 tháng 11 năm 2023",
        "BÁO CÁO",
        "sơ kết công tác phát triển đảng viên từ 01/07/2020 đến 31/10/2023",  # 3 years: mid-term
        "đã kết nạp 539 đảng viên mới",
        "đoàn viên thanh niên chiếm 46,2%",
        "nữ chiếm 72,4%",
        "người có tôn giáo chiếm 4,5%",
        "tổng số đảng viên là 7.025 đồng chí",
        "mở 18 lớp bồi dưỡng nhận thức về Đảng cho 921 quần chúng ưu tú",
        "có 406 quần chúng ưu tú",
        "T/M BAN THƯỜNG VỤ",
        "Nơi nhận:",
        "Ban Tổ chức Tỉnh ủy Hà Nam",
    ):
        assert phrase in text, phrase
    assert any(type(b).__name__ == "Image" for b in document.blocks)  # the chart
    docx = tmp_path / "bao-cao.docx"
    docx.write_bytes(render.to_docx(document))
    form = periodic.statistics_form(units["THANH-LIEM"], TL, made_on=date(2023, 11, 6))
    form_docx = tmp_path / "bieu-thong-ke.docx"
    form_docx.write_bytes(render.to_docx(form))
    form_pdf_bytes = render.to_pdf(form)
    form_text = pdf_text(form_pdf_bytes)
    for phrase in (
        "BIỂU THỐNG KÊ ĐẢNG VIÊN MỚI KẾT NẠP",
        "HUYỆN ỦY THANH LIÊM",
        "Chỉ tiêu",
        "NGƯỜI LẬP BIỂU",
        "H11-HD/BTCTW",
        "539",
    ):
        assert phrase in form_text, phrase
    out = tmp_path / "lo"
    soffice_to_pdf([docx, form_docx], out)
    assert "đã kết nạp 539 đảng viên mới" in pdf_text((out / "bao-cao.pdf").read_bytes())
    assert "BIỂU THỐNG KÊ" in pdf_text((out / "bieu-thong-ke.pdf").read_bytes())
    _every_demo_stage_has_its_papers()
    report_pdf = tmp_path / "bao-cao-so-ket.pdf"
    report_pdf.write_bytes(pdf)
    first_page_png(report_pdf, shots / "forms" / "bao-cao-so-ket.png")
    form_pdf = tmp_path / "bieu-thong-ke.pdf"
    form_pdf.write_bytes(form_pdf_bytes)
    first_page_png(form_pdf, shots / "forms" / "bieu-thong-ke-h11.png")


def test_the_report_and_form_download_in_both_formats(tree, login):
    admit(tree.a, date(2023, 3, 1), full_name="Nguyễn Thị Đoàn")
    client = login(tree.office_c1)
    query = {"tu": "01/01/2023", "den": "31/12/2023"}
    texts = {}
    for name in ("documents:report", "documents:statistics-form"):
        pdf = client.get(reverse(name, args=[tree.c1.pk, "pdf"]), query)
        assert pdf.status_code == 200 and pdf["Content-Type"] == render.PDF_TYPE
        texts[name] = pdf_text(pdf.content)
        assert "ĐẢNG ỦY XÃ HÒA BÌNH" in texts[name]
        docx = client.get(reverse(name, args=[tree.c1.pk, "docx"]), query)
        assert docx.status_code == 200 and docx.content[:2] == b"PK"
    text = texts["documents:report"]
    assert "sơ kết công tác phát triển đảng viên" in text and "đã kết nạp 1 đảng viên mới" in text
    assert (
        client.get(reverse("documents:report", args=[tree.d.pk, "pdf"]), query).status_code == 404
    )


def test_the_briefing_is_a_party_document_with_headline_figures_first(tree, login):
    admit(tree.a, date(2023, 3, 1), full_name="Nguyễn Thị Đoàn")
    admit(tree.b, date(2023, 5, 1), full_name="Lê Văn Bình")
    client = login(tree.office_c1)
    response = client.get(
        reverse("reports:briefing-pdf", args=[tree.c1.pk]),
        {"tu": "01/01/2023", "den": "31/12/2023"},
    )
    from io import BytesIO

    from pypdf import PdfReader

    pages = PdfReader(BytesIO(response.content)).pages
    first = " ".join(pages[0].extract_text().split())
    for phrase in (
        "ĐẢNG CỘNG SẢN VIỆT NAM",
        "ĐẢNG ỦY XÃ HÒA BÌNH",
        "Số ……-BC/ĐU",
        "Hòa Bình, ngày",
        "BÁO CÁO",
        "Kết nạp trong kỳ",
        "2",
    ):
        assert phrase in first, phrase
    text = pdf_text(response.content)
    assert "T/M ĐẢNG ỦY" in text and "Nơi nhận:" in text
    assert len(pages) <= 4


def _every_demo_stage_has_its_papers():
    """The demo holds dossiers at every state: each one's papers build from its data and
    render as .docx (the PDFs of every paper are checked on the walked dossiers)."""
    from ptdv.documents import dossier_forms
    from ptdv.recruitment.models import Dossier

    first = {}
    for dossier in Dossier.objects.select_related("candidate__person").order_by("pk"):
        first.setdefault(dossier.state, dossier)
    assert len(first) >= 12, sorted(first)
    for state, dossier in first.items():
        docs = dossier_forms.build_all(dossier)
        assert docs[0].key == dossier_forms.COVER_KEY
        assert len(docs) - 1 == len(dossier_forms.available(dossier)), state
        for doc in docs:
            assert render.to_docx(doc)[:2] == b"PK"
            assert dossier.candidate.person.full_name in doc.text() or doc.key.startswith("03")
