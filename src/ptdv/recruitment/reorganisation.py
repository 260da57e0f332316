"""Candidates and their open dossiers follow their cell when the cell is merged into another
or split (see `organizations.reorganisation`); each dossier keeps a transfer step in its
history.

In a split, a candidate whose person is a member of the cell (a probationary member whose
dossier is still open) goes with the member; every other candidate on the list, or with an
open dossier in the cell, goes to the cell named for them (`candidates_to_place` lists them,
and the split is refused while one has no destination). Closed dossiers and the candidates
of finished procedures stay with the dissolved cell, as its history."""

from django.db.models import Q

from ptdv.people.models import Member, Person
from ptdv.recruitment.models import (
    CLOSED_STATES,
    Candidate,
    CandidateStatus,
    Dossier,
    DossierTransition,
)


def _open_dossiers(cell):
    return Dossier.objects.filter(organization=cell).exclude(state__in=CLOSED_STATES)


def candidates_to_place(cell) -> list[tuple[int, str]]:
    """(id, name) of the candidates of `cell` (on its list, or with an open dossier in it)
    whose person is not a current member of the cell: a split must name a cell for each."""
    members = Member.objects.filter(organization=cell, ended_on__isnull=True).values("person_id")
    rows = (
        Candidate.objects.filter(
            Q(organization=cell, status=CandidateStatus.ACTIVE)
            | Q(pk__in=_open_dossiers(cell).values("candidate_id"))
        )
        .exclude(person_id__in=members)
        .order_by("person__sort_key", "pk")
        .values_list("pk", "person__full_name")
    )
    return list(rows)


def move_cell_dossiers(
    *, source, target, on, reorganisation, acting_user, member_ids=None, candidate_ids=None
):
    dossiers = _open_dossiers(source)
    candidates = Candidate.objects.filter(organization=source)
    persons = Person.objects.none()
    if member_ids is not None:  # a split: what is named for `target`
        members = Member.objects.filter(pk__in=member_ids).values("person_id")
        named = Q(pk__in=candidate_ids or [])
        following = named | Q(person_id__in=members)
        dossiers = dossiers.filter(
            Q(candidate_id__in=candidate_ids or []) | Q(candidate__person_id__in=members)
        )
        candidates = candidates.filter(named | Q(person_id__in=members)).filter(
            Q(status=CandidateStatus.ACTIVE) | Q(pk__in=dossiers.values("candidate_id"))
        )
        persons = Person.objects.filter(
            organization=source,
            pk__in=Candidate.objects.filter(following).values("person_id"),
        )
    rows = list(dossiers.values_list("pk", "state"))
    candidate_ids = list(candidates.values_list("pk", flat=True))
    user = acting_user if acting_user is not None and acting_user.is_authenticated else None
    DossierTransition.objects.bulk_create(
        [
            DossierTransition(
                dossier_id=pk,
                from_state=state,
                to_state=state,
                action="transfer",
                actor=user,
                actor_body=target,
                from_organization=source,
                document_number=reorganisation.decision_number[:40],
                document_date=on,
                note=f"Chuyển từ «{source}» sang «{target}» theo quyết định sắp xếp tổ chức",
            )
            for pk, state in rows
        ],
        batch_size=1000,
    )
    Dossier.objects.filter(pk__in=[pk for pk, _ in rows]).update(organization=target)
    Candidate.objects.filter(pk__in=candidate_ids).update(organization=target)
    persons.update(organization=target)
