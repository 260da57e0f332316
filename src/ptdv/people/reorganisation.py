"""Members follow their cell when cells are merged or split (see
`organizations.reorganisation`): each move is a confirmed transfer dated the effective day,
so "the cell on a day" stays right for every earlier day."""

from ptdv.people.models import Member, MemberTransfer, Person, TransferState


def move_cell_members(
    *, source, target, on, reorganisation, acting_user, member_ids=None, candidate_ids=None
):
    """The cell's current members (all, or those named in a split) join `target`; the
    candidates are moved by the recruitment follower."""
    members = Member.objects.filter(organization=source, ended_on__isnull=True)
    if member_ids is not None:
        members = members.filter(pk__in=member_ids)
    rows = list(members.values_list("pk", "person_id"))
    user = acting_user if acting_user is not None and acting_user.is_authenticated else None
    note = f"Theo quyết định {reorganisation.decision_number} ({reorganisation.get_kind_display()})"
    MemberTransfer.objects.bulk_create(
        [
            MemberTransfer(
                member_id=pk,
                from_organization=source,
                to_organization=target,
                state=TransferState.CONFIRMED,
                requested_on=on,
                confirmed_on=on,
                document_number=reorganisation.decision_number[:40],
                note=note[:255],
                requested_by=user,
                confirmed_by=user,
            )
            for pk, _ in rows
        ],
        batch_size=1000,
    )
    Member.objects.filter(pk__in=[pk for pk, _ in rows]).update(organization=target)
    persons = Person.objects.filter(organization=source)
    if member_ids is not None:
        persons = persons.filter(pk__in=[person for _, person in rows])
    persons.update(organization=target)
