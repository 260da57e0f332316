"""Dossiers of cell A walked along the path (tests/recruitment's fixtures), a secretary for
cell A and commune C1 (their names go into the signing blocks), and the helpers that turn
PDFs into text and .docx files into PDFs with LibreOffice."""

import shutil
import subprocess
from datetime import date, timedelta
from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader

from ptdv.people.models import CommitteeRole, CommitteeSeat, Member
from ptdv.recruitment import services
from ptdv.recruitment.demo import advance, make_member
from ptdv.recruitment.models import DossierState
from tests.conftest import make_unit
from tests.libreoffice import soffice
from tests.recruitment.conftest import BASE, cell, walk  # noqa: F401


@pytest.fixture
def signers(tree, cell):  # noqa: F811
    Member.objects.filter(pk=cell.members[2].pk).update(committee_role=CommitteeRole.SECRETARY)
    # The commune's secretary is a member of a cell of the commune who holds a seat on its
    # committee (every member sits in a cell).
    office_cell = make_unit(tree.c1, "C1CQ", "Chi bộ Cơ quan Đảng ủy")
    commune = make_member("Hoàng Văn Ủy", office_cell)
    Member.objects.filter(pk=commune.pk).update(committee_role=CommitteeRole.SECRETARY)
    CommitteeSeat.objects.create(
        organization=tree.c1, member=commune, term="2025–2030", started_on=date(2025, 9, 1)
    )
    return {"cell": cell.members[2].person.full_name, "commune": "Hoàng Văn Ủy"}


@pytest.fixture
def youth_dossier(tree, cell):  # noqa: F811
    """A second candidate of cell A, a Youth Union member introduced by the Youth Union's
    executive committee and one member (R19), walked to official."""
    from ptdv.recruitment.demo import make_person

    person = make_person(
        "Vũ Thị Đoàn Viên", date(2001, 3, 4), organization=tree.a, youth_union=True
    )
    candidate = services.candidate_create(
        acting_user=tree.secretary_a,
        person=person,
        organization=tree.a,
        source="youth_union",
        listed_on=BASE,
    )
    dossier = advance(
        candidate.dossiers.get(),
        DossierState.VERIFIED,
        base=BASE,
        members=cell.members,
        user=tree.office_c1,
    )
    services.dossier_introduce(
        acting_user=tree.office_c1,
        dossier=dossier,
        introduced_on=BASE + timedelta(days=95),
        introducer_1=cell.members[0],
        introducer_1_since=BASE - timedelta(days=500),
        youth_union_resolution="07-NQ/ĐTN",
    )
    dossier.refresh_from_db()
    return advance(
        dossier,
        DossierState.OFFICIAL,
        base=BASE,
        members=cell.members,
        user=tree.office_c1,
        decider=tree.officer_p1,
    )


def pdf_text(content: bytes) -> str:
    """The text of every page, whitespace folded."""
    return " ".join(" ".join(p.extract_text() for p in PdfReader(BytesIO(content)).pages).split())


def soffice_to_pdf(sources: list[Path], outdir: Path) -> None:
    """Convert every file in ONE LibreOffice run (each start costs seconds)."""
    soffice(
        "libreoffice-writer-nogui",
        "--convert-to",
        "pdf",
        "--outdir",
        str(outdir),
        *map(str, sources),
        timeout=300,
    )


def first_page_png(pdf: Path, target: Path) -> None:
    """The first page as a small PNG (poppler's pdftoppm), for docs/screenshots/forms/."""
    if not shutil.which("pdftoppm"):
        pytest.fail("Thiếu pdftoppm: chạy `make test` (tự cài gói poppler-utils).")
    target.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-r",
            "50",
            "-f",
            "1",
            "-l",
            "1",
            "-singlefile",
            str(pdf),
            str(target.with_suffix("")),
        ],
        check=True,
        timeout=60,
    )
