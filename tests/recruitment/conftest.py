"""Fixtures of the recruitment tests: cell A of the shared tree with three official members
and one probationary member, and a candidate whose dossier can be walked along the path."""

from dataclasses import dataclass
from datetime import date

import pytest

from ptdv.people.models import Member, MemberStatus
from ptdv.recruitment import services
from ptdv.recruitment.demo import advance, make_member, make_person
from ptdv.recruitment.models import Candidate, Dossier

BASE = date(2023, 3, 1)  # listing date of the standard candidate


@dataclass
class Cell:
    members: list[Member]
    probationary: Member
    candidate: Candidate
    dossier: Dossier


@pytest.fixture
def cell(tree) -> Cell:
    members = [
        make_member("Nguyễn Văn An", tree.a),
        make_member("Trần Thị Bình", tree.a),
        make_member("Lê Văn Cường", tree.a),
    ]
    probationary = make_member(
        "Phạm Văn Dự", tree.a, status=MemberStatus.PROBATIONARY, official_from=date(2024, 1, 1)
    )
    person = make_person("Đỗ Thị Hạnh", date(2000, 5, 10), organization=tree.a, youth_union=True)
    candidate = services.candidate_create(
        acting_user=tree.secretary_a,
        person=person,
        organization=tree.a,
        source="youth_union",
        listed_on=BASE,
    )
    return Cell(members, probationary, candidate, candidate.dossiers.get())


@pytest.fixture
def walk(tree, cell):
    """walk(state) → the standard dossier moved to `state` by the proper personas."""

    def _walk(state, dossier=None, base=BASE):
        return advance(
            dossier or cell.dossier,
            state,
            base=base,
            members=cell.members,
            user=tree.office_c1,
            decider=tree.officer_p1,
        )

    return _walk
