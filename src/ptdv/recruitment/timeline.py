"""The recruitment app's lines in a person's timeline (people.timeline): the candidacy, the
mentors, the monthly reviews and every step of the dossier, one query each."""

from django.urls import reverse
from django.utils import timezone

from ptdv.people.timeline import TimelineEvent, source
from ptdv.recruitment.models import Candidate, DossierTransition, MentorAssignment, ReviewNote

DECISIONS = ("decide_admission", "recognize", "strike_off")


@source
def candidacies(visible) -> list[TimelineEvent]:
    return [
        TimelineEvent(
            on=candidate.listed_on,
            what="listed",
            values={
                "unit": candidate.organization.name,
                "source": candidate.get_source_display(),
                "readmission": candidate.is_readmission,
                "status": candidate.get_status_display(),
            },
            kind="candidate",
            order=(0, candidate.pk),
        )
        for candidate in Candidate.objects.filter(person__in=visible).select_related("organization")
    ]


@source
def mentors(visible) -> list[TimelineEvent]:
    events = []
    for mentor in MentorAssignment.objects.filter(candidate__person__in=visible).select_related(
        "member__person"
    ):
        values = {"name": mentor.member.person.full_name}
        for on, what in ((mentor.assigned_on, "mentor"), (mentor.ended_on, "mentor_ended")):
            if on:
                events.append(
                    TimelineEvent(
                        on=on, what=what, values=values, kind="mentor", order=(3, mentor.pk)
                    )
                )
    return events


@source
def reviews(visible) -> list[TimelineEvent]:
    return [
        TimelineEvent(
            on=review.month,
            what="review",
            values={"month": review.month, "text": review.text},
            kind="review",
            order=(4, review.pk),
        )
        for review in ReviewNote.objects.filter(candidate__person__in=visible)
    ]


@source
def dossier_steps(visible) -> list[TimelineEvent]:
    steps = (
        DossierTransition.objects.filter(dossier__candidate__person__in=visible)
        .exclude(action="candidate_create")  # the candidacy line says it
        .select_related("actor_body")
    )
    return [_step_event(step) for step in steps]


def _step_event(step) -> TimelineEvent:
    decided = step.actor_body_id and step.action in DECISIONS
    return TimelineEvent(
        on=step.meeting_date or step.document_date or timezone.localtime(step.at).date(),
        what="step",
        values={
            "action": step.action,
            "state": step.get_to_state_display(),
            "meeting_date": step.meeting_date if step.action != "hold_ceremony" else None,
            "votes_for": step.votes_for,
            "total": step.official_members,
            "votes_against": step.votes_against,
            "document_number": step.document_number,
            "document_date": step.document_date,
            "body": step.actor_body.name if decided else "",
            "breached": step.deadline_breached,
            "note": step.note,
        },
        kind="dossier",
        url=reverse("recruitment:dossier", args=[step.dossier_id]),
        order=(2, step.at, step.pk),
    )
