"""A split cell's candidates and open dossiers follow: with the person where the person is a
member of the cell, otherwise to the cell named for them; a split leaving one without a
destination is refused (service, page and API), nothing changed."""

from datetime import date

import pytest
from django.urls import reverse

from ptdv.core.errors import DomainError
from ptdv.organizations import reorganisation as reorg
from ptdv.organizations.models import Organization, Reorganisation
from ptdv.recruitment.models import (
    Candidate,
    CandidateStatus,
    Dossier,
    DossierState,
    DossierTransition,
)
from tests.factories import CandidateFactory, MemberFactory

DECISION = reorg.Decision("31-QĐ/ĐU", date(2025, 6, 20), "Đảng ủy xã Hòa Bình", date(2025, 7, 1))
FORM_DECISION = {
    "decision_number": "31-QĐ/ĐU",
    "decision_date": "20/06/2025",
    "issuing_body": "Đảng ủy xã Hòa Bình",
    "effective_on": "01/07/2025",
}


class Cell:
    pass


@pytest.fixture
def cell_a(tree):
    """Cell A: a member; a candidate on the list (dossier open); a candidate admitted as a
    probationary member of A (dossier still open); a candidate dropped (dossier closed)."""
    c = Cell()
    c.member = MemberFactory(organization=tree.a, admission_decided_on=date(2015, 1, 1))
    c.listed = CandidateFactory(organization=tree.a, full_name="Lê Thị Nguồn")
    c.admitted = CandidateFactory(organization=tree.a, full_name="Phạm Văn Dự Bị")
    c.probation = MemberFactory(
        organization=tree.a, person=c.admitted.person, admission_decided_on=date(2025, 3, 1)
    )
    Candidate.objects.filter(pk=c.admitted.pk).update(status=CandidateStatus.ADMITTED)
    Dossier.objects.filter(candidate=c.admitted).update(state=DossierState.ADMISSION_DECIDED)
    c.dropped = CandidateFactory(organization=tree.a, full_name="Đỗ Văn Thôi")
    Candidate.objects.filter(pk=c.dropped.pk).update(status=CandidateStatus.DROPPED)
    Dossier.objects.filter(candidate=c.dropped).update(state=DossierState.DROPPED)
    return c


def where(candidate):
    candidate = Candidate.objects.get(pk=candidate.pk)
    dossier = Dossier.objects.get(candidate=candidate)
    return candidate.organization_id, dossier.organization_id, candidate.person.organization_id


def test_only_the_candidates_who_are_not_members_need_a_destination(tree, cell_a):
    assert reorg.candidates_to_place(tree.a) == [(cell_a.listed.pk, "Lê Thị Nguồn")]


def test_a_split_without_a_cell_for_a_candidate_is_refused_and_changes_nothing(tree, cell_a):
    members = {cell_a.member: tree.b, cell_a.probation: tree.d}
    with pytest.raises(DomainError, match=r"Chưa chỉ định chi bộ tiếp nhận cho quần chúng.*Lê Thị"):
        reorg.split(
            acting_user=tree.officer_p1,
            unit=tree.a,
            decision=DECISION,
            placements={},
            members=members,
        )
    assert Organization.objects.get(pk=tree.a.pk).valid_to is None
    assert where(cell_a.listed) == (tree.a.pk, tree.a.pk, tree.a.pk)
    assert not Reorganisation.objects.exists()
    with pytest.raises(DomainError, match="quần chúng của đơn vị bị chia tách"):
        reorg.split(
            acting_user=tree.officer_p1,
            unit=tree.a,
            decision=DECISION,
            placements={},
            members=members,
            candidates={cell_a.listed: tree.b, cell_a.dropped: tree.b},
        )


def test_candidates_and_open_dossiers_follow_the_split(tree, cell_a):
    reorg.split(
        acting_user=tree.officer_p1,
        unit=tree.a,
        decision=DECISION,
        placements={},
        members={cell_a.member: tree.b, cell_a.probation: tree.d},
        candidates={cell_a.listed.pk: tree.b},
    )
    # Named for cell B: the candidate, the open dossier and the person followed.
    assert where(cell_a.listed) == (tree.b.pk, tree.b.pk, tree.b.pk)
    step = DossierTransition.objects.get(dossier__candidate=cell_a.listed, action="transfer")
    assert step.from_organization_id == tree.a.pk and step.document_number == "31-QĐ/ĐU"
    # The probationary member went to D: their candidacy and open dossier with them.
    assert where(cell_a.admitted) == (tree.d.pk, tree.d.pk, tree.d.pk)
    # A finished procedure stays with the dissolved cell, as its history.
    assert where(cell_a.dropped)[:2] == (tree.a.pk, tree.a.pk)


def test_a_cell_with_candidates_cannot_merge_into_a_committee(tree):
    CandidateFactory(organization=tree.b)
    with pytest.raises(DomainError, match="quần chúng và hồ sơ kết nạp đang làm"):
        reorg.merge(acting_user=None, sources=[tree.b], into=tree.c2, decision=DECISION)
    assert Organization.objects.get(pk=tree.b.pk).valid_to is None


def test_the_split_page_asks_a_cell_for_each_candidate(tree, cell_a, client):
    client.force_login(tree.officer_p1)
    url = reverse("organizations:split", kwargs={"pk": tree.a.pk})
    page = client.get(url).content.decode()
    assert "Quần chúng Lê Thị Nguồn" in page and "Quần chúng Phạm Văn Dự Bị" not in page
    data = {
        **FORM_DECISION,
        f"member_{cell_a.member.pk}": tree.b.pk,
        f"member_{cell_a.probation.pk}": tree.d.pk,
    }
    refused = client.post(url, data)
    assert refused.status_code == 400
    assert "Phải chọn chi bộ tiếp nhận cho quần chúng Lê Thị Nguồn" in refused.content.decode()
    assert not Reorganisation.objects.exists()
    done = client.post(url, {**data, f"candidate_{cell_a.listed.pk}": tree.d.pk})
    assert done.status_code == 302
    assert where(cell_a.listed) == (tree.d.pk, tree.d.pk, tree.d.pk)


def test_the_split_api_takes_the_candidates(tree, cell_a, api):
    client = api(tree.officer_p1)
    url = reverse("reorganisation-split", kwargs={"pk": tree.a.pk})
    body = {
        **{k: v for k, v in FORM_DECISION.items() if "date" not in k and k != "effective_on"},
        "decision_date": "2025-06-20",
        "effective_on": "2025-07-01",
        "members": [
            {"member": cell_a.member.pk, "cell": tree.b.pk},
            {"member": cell_a.probation.pk, "cell": tree.d.pk},
        ],
    }
    refused = client.post(url, body, format="json")
    assert refused.status_code == 400
    assert "Chưa chỉ định chi bộ tiếp nhận cho quần chúng" in refused.content.decode()
    assert Organization.objects.get(pk=tree.a.pk).valid_to is None
    body["candidates"] = [{"candidate": cell_a.listed.pk, "cell": tree.b.pk}]
    assert client.post(url, body, format="json").status_code == 201
    assert where(cell_a.listed) == (tree.b.pk, tree.b.pk, tree.b.pk)
