"""The training app's lines in a person's timeline (people.timeline): the classes they were
sent to, and their result, in one query."""

from ptdv.people.timeline import TimelineEvent, source
from ptdv.training.models import Enrolment, EnrolmentResult


@source
def enrolments(visible) -> list[TimelineEvent]:
    events = []
    for enrolment in Enrolment.objects.filter(person__in=visible).select_related(
        "awareness_class", "organization"
    ):
        course = enrolment.awareness_class
        events.append(
            TimelineEvent(
                on=course.starts_on,
                what="class_sent",
                values={
                    "course": course.name,
                    "starts": course.starts_on,
                    "ends": course.ends_on,
                    "place": course.place,
                    "unit": enrolment.organization.name,
                },
                kind="class",
                order=(1, enrolment.pk),
            )
        )
        if enrolment.result == EnrolmentResult.PASSED and enrolment.certificate_date:
            values = {
                "number": enrolment.certificate_number,
                "issuer": course.issuing_body,
                "expires": enrolment.certificate_expires_on,
            }
            on, what = enrolment.certificate_date, "class_passed"
        elif enrolment.result == EnrolmentResult.FAILED:
            values, on, what = {"course": course.name}, course.ends_on, "class_failed"
        else:
            continue
        events.append(
            TimelineEvent(on=on, what=what, values=values, kind="class", order=(1, enrolment.pk, 1))
        )
    return events
