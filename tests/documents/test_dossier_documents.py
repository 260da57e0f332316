"""The papers of an admission dossier, generated from its data in the Party's format."""

import io
from datetime import date

import pytest
from django.urls import reverse

from ptdv.documents import dossier_forms, render
from ptdv.documents.layout import place_and_date
from ptdv.recruitment.demo import PATH
from tests.documents.conftest import first_page_png, pdf_text, soffice_to_pdf

pytestmark = pytest.mark.django_db

# The papers each stage adds (the standard dossier: two members introduce, so the Youth
# Union's resolution is not needed).
ADDED_AT = {
    "dossier_open": {"01-don-xin-vao-dang", "02-ly-lich"},
    "introduced": {"03-giay-gioi-thieu-1", "03-giay-gioi-thieu-2", "05-tong-hop-y-kien"},
    "cell_proposed": {"06-nghi-quyet-chi-bo"},
    "grassroots_proposed": {"08-nghi-quyet-dang-uy"},
    "admission_decided": {"09-quyet-dinh-ket-nap"},
    "probationary": {"10-tu-kiem-diem", "11-nhan-xet-giup-do"},
    "recognition_proposed": {"13-nghi-quyet-chi-bo-cong-nhan"},
    "official": {"15-nghi-quyet-dang-uy-cong-nhan", "16-quyet-dinh-cong-nhan"},
}


def test_each_stage_makes_exactly_its_papers(cell, walk):
    expected: set[str] = set()
    for state in PATH[1:]:
        dossier = walk(state)
        expected |= ADDED_AT.get(state, set())
        keys = {spec.key for spec in dossier_forms.available(dossier)}
        assert keys == expected, state
        cover = dossier_forms.build(dossier, dossier_forms.COVER_KEY).text()
        assert dossier.get_state_display() in cover
    assert len(expected) == 13


def test_the_place_and_date_line_follows_the_guide():
    assert place_and_date("Hòa Bình", date(2023, 3, 5)) == "Hòa Bình, ngày 05 tháng 3 năm 2023"
    assert place_and_date("Hòa Bình", date(2023, 1, 15)) == "Hòa Bình, ngày 15 tháng 01 năm 2023"
    assert place_and_date("", None) == "……, ngày …… tháng …… năm ……"


def test_the_cell_resolution_carries_the_computed_vote(cell, walk, signers):
    dossier = walk("cell_proposed")
    text = dossier_forms.build(dossier, "06-nghi-quyet-chi-bo").text()
    assert "Tổng số đảng viên chính thức của chi bộ: 3 đồng chí" in text
    assert "tán thành kết quả: 3, đạt 100,0%" in text
    assert "ít nhất hai phần ba (2/3)" in text


def _expected(dossier, key, signers) -> list[str]:
    """What the PDF of paper `key` must print: heading, number, place and date, signature."""
    d = dossier
    common = ["ĐẢNG CỘNG SẢN VIỆT NAM"]
    by_key = {
        "00-bia-ho-so": [
            "ĐẢNG BỘ XÃ HÒA BÌNH",
            "CHI BỘ THÔN AN PHÚ",
            "Số ……-HS/CB",
            "HỒ SƠ KẾT NẠP ĐẢNG VIÊN",
            "Còn thiếu" if d.state != "official" else "Đã có",
        ],
        "01-don-xin-vao-dang": [
            "ĐƠN XIN VÀO ĐẢNG",
            "Mẫu 1-KNĐ",
            place_and_date("Hòa Bình", d.letter_date),
            "NGƯỜI LÀM ĐƠN",
            d.candidate.person.full_name,
        ],
        "02-ly-lich": [
            "LÝ LỊCH CỦA NGƯỜI XIN VÀO ĐẢNG",
            "Mẫu 2-KNĐ",
            "NGƯỜI KHAI LÝ LỊCH",
            "T/M CHI BỘ",
        ],
        "03-giay-gioi-thieu-1": ["GIẤY GIỚI THIỆU NGƯỜI VÀO ĐẢNG", "Mẫu 3-KNĐ", "NGƯỜI GIỚI THIỆU"],
        "03-giay-gioi-thieu-2": ["GIẤY GIỚI THIỆU NGƯỜI VÀO ĐẢNG", "NGƯỜI GIỚI THIỆU"],
        "04-nghi-quyết": [],
        "05-tong-hop-y-kien": ["TỔNG HỢP Ý KIẾN NHẬN XÉT", "Mẫu 5-KNĐ", "T/M CHI ỦY", "Nơi nhận:"],
        "06-nghi-quyet-chi-bo": [
            "CHI BỘ THÔN AN PHÚ",
            f"Số {d.cell_resolution_number}",
            place_and_date("Hòa Bình", d.cell_resolution_date),
            "NGHỊ QUYẾT",
            "đề nghị kết nạp đảng viên",
            "T/M CHI BỘ",
            "BÍ THƯ",
            signers["cell"],
            "Nơi nhận:",
            "Mẫu 6-KNĐ",
        ],
        # Cell A sits directly under a commune committee: it is its own grassroots
        # organisation (DOMAIN §5 point 6), so it issues the grassroots resolution too.
        "08-nghi-quyet-dang-uy": [
            "CHI BỘ THÔN AN PHÚ",
            f"Số {d.pk}-NQ/ĐU",
            "T/M CHI BỘ",
            "Chi bộ quyết nghị",
            signers["cell"],
            "Mẫu 8-KNĐ",
        ],
        "09-quyet-dinh-ket-nap": [
            "QUYẾT ĐỊNH",
            "kết nạp đảng viên",
            f"Số {d.decision_number}",
            place_and_date("Hòa Bình", d.decision_date),
            "Mẫu 9-KNĐ",
            "ĐẢNG ỦY XÃ HÒA BÌNH",
            "T/M BAN THƯỜNG VỤ",
            signers["commune"],
            "Điều 1. Kết nạp quần chúng",
            "BÍ THƯ",
            "Như Điều 2",
        ],
        "10-tu-kiem-diem": ["BẢN TỰ KIỂM ĐIỂM", "Mẫu 10-KNĐ", "NGƯỜI TỰ KIỂM ĐIỂM"],
        "11-nhan-xet-giup-do": ["BẢN NHẬN XÉT", "Mẫu 11-KNĐ", "ĐẢNG VIÊN GIÚP ĐỠ"],
        "13-nghi-quyet-chi-bo-cong-nhan": [
            "đề nghị công nhận đảng viên chính thức",
            "T/M CHI BỘ",
            "Mẫu 13-KNĐ",
            signers["cell"],
        ],
        "15-nghi-quyet-dang-uy-cong-nhan": ["T/M CHI BỘ", "Mẫu 15-KNĐ"],
        "16-quyet-dinh-cong-nhan": [
            "công nhận đảng viên chính thức",
            f"Số {d.recognition_decision_number}",
            "Mẫu 16-KNĐ",
            place_and_date("Hòa Bình", d.recognition_decision_date),
        ],
        "04-nghi-quyet-doan-gioi-thieu": [
            "ĐOÀN TNCS HỒ CHÍ MINH",
            "Số 07-NQ/ĐTN",
            "giới thiệu đoàn viên ưu tú vào Đảng",
            "T/M BAN CHẤP HÀNH",
            "Mẫu 4-KNĐ",
        ],
    }
    if key == "04-nghi-quyet-doan-gioi-thieu":
        common = []  # a Youth Union paper: its own heading, not the Party's
    return common + by_key[key]


def test_every_paper_of_both_dossiers_in_pdf_and_docx(
    cell, walk, youth_dossier, signers, login, tree, tmp_path, shots
):
    """At the last stage every paper exists: its PDF prints the header, the number, the place
    and date and the signing block with all diacritics; every .docx opens in LibreOffice
    (one conversion run for all) and says the same; the first page of each goes to docs."""
    standard = walk("official")
    papers = []  # (dossier, document)
    for dossier in (standard, youth_dossier):
        for doc in dossier_forms.build_all(dossier):
            papers.append((dossier, doc))
    keys = {doc.key for _, doc in papers}
    assert keys == {"00-bia-ho-so", *{s.key for s in dossier_forms.FORMS}}
    docx_files, failures = [], []
    for index, (dossier, doc) in enumerate(papers):
        pdf_bytes = render.to_pdf(doc)
        text = pdf_text(pdf_bytes)
        for phrase in _expected(dossier, doc.key, signers):
            if phrase not in text:
                failures.append(f"{doc.key} (PDF): «{phrase}» not in «{text[:300]}»")
        path = tmp_path / f"{index:02d}-{doc.key}.docx"
        path.write_bytes(render.to_docx(doc))
        docx_files.append((path, dossier, doc))
        if dossier is standard or doc.key == "04-nghi-quyet-doan-gioi-thieu":
            pdf = tmp_path / f"{doc.key}.pdf"
            pdf.write_bytes(pdf_bytes)
            first_page_png(pdf, shots / "forms" / f"{doc.key}.png")
    assert not failures, "\n".join(failures)
    out = tmp_path / "lo"
    soffice_to_pdf([path for path, _, _ in docx_files], out)
    for path, dossier, doc in docx_files:
        converted = out / path.with_suffix(".pdf").name
        assert converted.exists(), f"LibreOffice did not convert {path.name}"
        text = pdf_text(converted.read_bytes())
        for phrase in _expected(dossier, doc.key, signers):
            if phrase not in text and not phrase.startswith("Mẫu"):  # the form number is in
                failures.append(f"{doc.key} (.docx): «{phrase}»")  # the page header there
    assert not failures, "\n".join(failures)
    assert len(list((shots / "forms").glob("*.png"))) >= 15


def test_the_pages_list_and_serve_the_papers(cell, walk, login, tree):
    dossier = walk("cell_proposed")
    client = login(tree.secretary_a)
    body = client.get(reverse("documents:dossier", args=[dossier.pk])).content.decode()
    assert "Nghị quyết chi bộ đề nghị kết nạp" in body and "Còn thiếu" in body
    url = reverse("documents:dossier-document", args=[dossier.pk, "06-nghi-quyet-chi-bo", "docx"])
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == render.DOCX_TYPE
    assert response.content[:2] == b"PK"
    missing = reverse(
        "documents:dossier-document", args=[dossier.pk, "09-quyet-dinh-ket-nap", "pdf"]
    )
    assert client.get(missing).status_code == 404  # no decision yet
    page = client.get(reverse("recruitment:dossier", args=[dossier.pk])).content.decode()
    assert reverse("documents:package", args=[dossier.pk]) in page


def test_the_command_writes_every_paper_and_the_package(cell, walk, tmp_path):
    from django.core.management import call_command

    dossier = walk("introduced")
    call_command("dossier_documents", str(dossier.pk), out=str(tmp_path), stdout=io.StringIO())
    folder = tmp_path / f"{dossier.pk}-introduced"
    names = {p.name for p in folder.iterdir()}
    assert "ho-so-dien-tu.zip" in names
    for key in ("00-bia-ho-so", "01-don-xin-vao-dang", "03-giay-gioi-thieu-2"):
        assert {f"{key}.docx", f"{key}.pdf"} <= names
    assert "06-nghi-quyet-chi-bo.pdf" not in names
