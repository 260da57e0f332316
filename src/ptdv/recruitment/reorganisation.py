"""Open dossiers and candidate lists follow their cell when the cell is merged into another
(see `organizations.reorganisation`); each dossier keeps a transfer step in its history."""

from ptdv.recruitment.models import CLOSED_STATES, Candidate, Dossier, DossierTransition


def move_cell_dossiers(*, source, target, on, reorganisation, acting_user, member_ids=None):
    if member_ids is not None:
        return  # a split names members only; candidates stay until moved one by one
    dossiers = list(
        Dossier.objects.filter(organization=source)
        .exclude(state__in=CLOSED_STATES)
        .values_list("pk", "state")
    )
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
            for pk, state in dossiers
        ],
        batch_size=1000,
    )
    Dossier.objects.filter(pk__in=[pk for pk, _ in dossiers]).update(organization=target)
    Candidate.objects.filter(organization=source).update(organization=target)
