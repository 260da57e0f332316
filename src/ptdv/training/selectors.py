"""Read queries on classes and certificates, scoped to the user; one query per figure."""

from datetime import date, timedelta

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from ptdv.organizations.models import Organization
from ptdv.organizations.paths import descendant_filter
from ptdv.organizations.scope import in_scope, subtree_filter, subtree_prefixes
from ptdv.training.constants import certificate_warning_days
from ptdv.training.models import AwarenessClass, Enrolment, EnrolmentResult


def classes_for_unit(user, organization: Organization) -> QuerySet[AwarenessClass]:
    """Classes organised in the unit's subtree or attended by people its cells sent, each with
    its enrolment and pass counts (for the user's part of it)."""
    prefixes = subtree_prefixes(organization)
    sent = descendant_filter("enrolments__organization__path", prefixes)
    sent_here = Enrolment.objects.filter(awareness_class=OuterRef("pk")).filter(
        descendant_filter("organization__path", prefixes)
    )
    return (
        AwarenessClass.objects.for_user(user)
        .filter(descendant_filter("organization__path", prefixes) | Q(Exists(sent_here)))
        .select_related("organization")
        .annotate(
            enrolled=Count("enrolments", filter=sent, distinct=True),
            passed=Count(
                "enrolments",
                filter=sent & Q(enrolments__result=EnrolmentResult.PASSED),
                distinct=True,
            ),
        )
        .order_by("-starts_on", "-pk")
    )


def trained_not_admitted(user, organization: Organization, on: date) -> int:
    """Persons with a certificate valid on `on` (R8), sent from the unit's subtree, who are not
    party members: one query. Membership is the mark the triggers keep on the enrolment
    (`training.membership`): the certificates of non-members under the subtree are a range of
    `enrolment_pool_idx`, the members' certificates are not read."""
    prefixes = subtree_prefixes(organization)
    enrolments = Enrolment.objects.all()
    if not all(in_scope(user, prefix) for prefix in prefixes):
        # Only when the unit's subtree is not wholly the user's (a merged predecessor out of
        # their scope): otherwise the scope's two joins would filter nothing.
        enrolments = Enrolment.objects.for_user(user)
    enrolments = enrolments.valid_on(on).filter(person_is_member=False)
    if not Organization.objects.cover_everything(prefixes):
        # The country's certificates need no unit joined and tested (read from the index).
        enrolments = enrolments.filter(descendant_filter("organization__path", prefixes))
    return enrolments.aggregate(n=Count("person", distinct=True))["n"]


def certificates_expiring(user, organization: Organization, on: date) -> QuerySet[Enrolment]:
    """Valid certificates of non-members of the subtree that run out within the warning days."""
    until = on + timedelta(days=certificate_warning_days())
    return (
        Enrolment.objects.for_user(user)
        .valid_on(on)
        .filter(
            subtree_filter(organization),
            person_is_member=False,
            certificate_expires_on__lte=until,
        )
        .select_related("person", "organization", "awareness_class")
        .order_by("certificate_expires_on", "pk")
    )
