"""What recruitment adds to people's work (people.extensions): a candidate's status in the
person search, the open dossier that records a member's recognition itself, and the dossier
that follows a member to their new cell."""

from ptdv.people.extensions import MEMBER_MOVED, OPEN_PROCEDURES, PERSON_STATUSES, register
from ptdv.recruitment import moves
from ptdv.recruitment.models import CLOSED_STATES, Candidate, CandidateStatus, Dossier


@register(PERSON_STATUSES)
def candidate_statuses(persons) -> dict[int, str]:
    """«Quần chúng ưu tú», with the step of the latest dossier, for the active candidates."""
    statuses = {}
    for candidacy in Candidate.objects.filter(
        person__in=persons, status=CandidateStatus.ACTIVE
    ).prefetch_related("dossiers"):
        dossiers = sorted(candidacy.dossiers.all(), key=lambda d: d.pk)
        step = f", hồ sơ ở bước «{dossiers[-1].get_state_display()}»" if dossiers else ""
        statuses[candidacy.person_id] = f"Quần chúng ưu tú{step}"
    return statuses


@register(OPEN_PROCEDURES)
def open_dossier(member) -> bool:
    return Dossier.objects.filter(member=member).exclude(state__in=CLOSED_STATES).exists()


register(MEMBER_MOVED)(moves.follow_member)
