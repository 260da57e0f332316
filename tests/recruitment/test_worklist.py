"""The worklist and the deadlines, computed from dates."""

from datetime import date, timedelta

from ptdv.core.calendar import add_working_days
from ptdv.recruitment import selectors
from ptdv.recruitment.models import Dossier


def items(tree, today):
    return [(i.rule, i.dossier.pk) for i in selectors.worklist(tree.office_c1, tree.c1, today)]


def test_a_ceremony_appears_when_due_and_stays_when_overdue(walk, tree):
    dossier = walk("admission_decided")
    due = add_working_days(dossier.decision_received_on, 30)
    far_before = dossier.decision_received_on - timedelta(days=60)
    assert ("R27", dossier.pk) not in items(tree, far_before)
    assert ("R27", dossier.pk) in items(tree, due)
    assert ("R27", dossier.pk) in items(tree, due + timedelta(days=30))


def test_a_recognition_vote_appears_near_the_end_of_probation(walk, tree):
    dossier = walk("probationary")
    assert ("R32", dossier.pk) not in items(tree, dossier.probation_end - timedelta(days=60))
    assert ("R32", dossier.pk) in items(tree, dossier.probation_end)


def test_a_decision_past_60_working_days(walk, tree):
    dossier = walk("awaiting_decision")
    due = add_working_days(dossier.cell_resolution_date, 60)
    listed = selectors.worklist(tree.office_c1, tree.c1, due + timedelta(days=1))
    item = next(i for i in listed if i.dossier.pk == dossier.pk)
    assert item.rule == "R26" and item.due == due


def test_a_certificate_expiring_before_the_dossier_can_finish(walk, tree):
    dossier = walk("verified")
    expiry = dossier.certificate_date.replace(year=dossier.certificate_date.year + 5)
    assert ("R8", dossier.pk) not in items(tree, expiry - timedelta(days=400))
    assert ("R8", dossier.pk) in items(tree, expiry - timedelta(days=30))


def test_a_verification_taking_long(walk, tree):
    dossier = walk("verifying")
    sent = dossier.verification_sent_on
    assert ("R16", dossier.pk) not in items(tree, sent - timedelta(days=60))
    assert ("R16", dossier.pk) in items(tree, add_working_days(sent, 31))


def test_the_worklist_is_scoped(walk, tree):
    dossier = walk("admission_decided")
    today = dossier.decision_received_on + timedelta(days=200)
    assert selectors.worklist(tree.office_c2, tree.c2, today) == []
    assert Dossier.objects.for_user(tree.secretary_b).filter(pk=dossier.pk).count() == 0


def test_a_ceremony_due_in_20_working_days_and_an_overdue_decision_are_listed(walk, tree, cell):
    """The Must-show case: 20 working days ahead is inside the default horizon (30); the
    overdue decision comes first; and the office sees what waits for its own step."""
    from ptdv.recruitment.demo import make_person
    from ptdv.recruitment.services import candidate_create

    ceremony = walk("admission_decided")
    ceremony_due = add_working_days(ceremony.decision_received_on, 30)
    today = add_working_days(ceremony.decision_received_on, 10)  # 20 working days left
    other = candidate_create(
        acting_user=None,
        person=make_person("Lý Thị Quyết", cell.candidate.person.birth_date, organization=tree.a),
        organization=tree.a,
        source="youth_union",
        listed_on=date(2022, 3, 1),
    )
    decision = walk("awaiting_decision", dossier=other.dossiers.get(), base=date(2022, 3, 1))
    decision_due = add_working_days(decision.cell_resolution_date, 60)
    assert decision_due < today  # the decision is overdue on that day
    work = selectors.worklist_sections(tree.office_c1, tree.c1, today)
    assert [(i.rule, i.dossier.pk, i.due) for i in work.overdue] == [
        ("R26", decision.pk, decision_due)
    ]
    assert [(i.rule, i.dossier.pk, i.due) for i in work.due_soon] == [
        ("R27", ceremony.pk, ceremony_due)
    ]
    assert (work.overdue_total, work.due_soon_total, work.horizon_days) == (1, 1, 30)
    # The same dossiers, in that order, on the page.
    body = login_page(tree, today)
    assert body.index("Lý Thị Quyết") < body.index(cell.candidate.person.full_name)


def login_page(tree, today):
    from django.test import Client
    from django.urls import reverse

    client = Client()
    client.force_login(tree.office_c1)
    return client.get(reverse("recruitment:worklist", args=[tree.c1.pk])).content.decode()


def test_waiting_for_your_action_lists_the_steps_your_role_records(walk, tree):
    from ptdv.recruitment.services import verification_answer

    dossier = walk("verifying")  # every answer in: the office certifies the history (R15)
    for request in dossier.verifications.all():
        verification_answer(
            acting_user=tree.secretary_a,
            request=request,
            answered_on=request.sent_on,
            result="Không có vấn đề",
        )
    office = selectors.worklist_sections(tree.office_c1, tree.c1)
    secretary = selectors.worklist_sections(tree.secretary_a, tree.a)
    assert dossier.pk in [d.pk for d in office.waiting]
    assert dossier.pk not in [d.pk for d in secretary.waiting]


def test_the_worklist_reads_a_fixed_number_of_limited_queries(
    walk, tree, django_assert_max_num_queries
):
    walk("admission_decided")
    with django_assert_max_num_queries(6) as captured:
        work = selectors.worklist_sections(tree.office_c1, tree.c1, limit=5)
    assert work.due_soon_total + work.overdue_total == 1
    sql = [q["sql"] for q in captured.captured_queries]
    # One statement numbers the rows of every section and keeps the first five of each
    # (no per-section ORDER BY … LIMIT), one more loads those dossiers.
    [sections] = [q for q in sql if "ROW_NUMBER()" in q]
    assert '"rank" <= 5' in sections
    assert sum('FROM "recruitment_dossier"' in q for q in sql) == 2


def test_the_dossier_header_shows_the_verification_deadline_not_the_certificate(walk, tree):
    dossier = walk("verifying")
    dossier = Dossier.objects.get(pk=dossier.pk)
    deadline = selectors.next_deadline(dossier)
    sla = 30
    assert (deadline.rule, deadline.due) == (
        "R16",
        add_working_days(dossier.verification_sent_on, sla),
    )


def test_each_section_shows_its_first_rows_by_deadline_and_counts_them_all(tree, cell):
    from ptdv.recruitment.demo import make_person
    from ptdv.recruitment.services import candidate_create

    today = date(2026, 12, 1)
    dossiers = [cell.dossier]
    for name in ("Lý Thị Một", "Lý Thị Hai", "Lý Thị Ba", "Lý Thị Bốn", "Lý Thị Năm"):
        person = make_person(name, date(2000, 1, 1), organization=tree.a)
        candidate = candidate_create(
            acting_user=None,
            person=person,
            organization=tree.a,
            source="youth_union",
            listed_on=date(2026, 1, 5),
        )
        dossiers.append(candidate.dossiers.get())
    # Three overdue, two due soon (out of date order by id), one with no deadline.
    dues = [
        today - timedelta(days=3),
        today - timedelta(days=9),
        today - timedelta(days=1),
        today + timedelta(days=5),
        today + timedelta(days=2),
        None,
    ]
    for dossier, due in zip(dossiers, dues, strict=True):
        Dossier.objects.filter(pk=dossier.pk).update(due_on=due, due_rule="R27" if due else "")

    work = selectors.worklist_sections(tree.office_c1, tree.c1, today, limit=2)

    assert [i.dossier.pk for i in work.overdue] == [dossiers[1].pk, dossiers[0].pk]
    assert [i.dossier.pk for i in work.due_soon] == [dossiers[4].pk, dossiers[3].pk]
    assert (work.overdue_total, work.due_soon_total) == (3, 2)
    # The office's waiting section holds what is neither overdue nor due soon.
    assert dossiers[5].pk not in [i.dossier.pk for i in work.items]
    waiting = Dossier.objects.filter(
        pk__in=[d.pk for d in dossiers],
        state__in=selectors.services.states_waiting_for(tree.office_c1),
    ).exclude(due_on__isnull=False)
    assert work.waiting_total == waiting.count()
    assert [d.pk for d in work.waiting] == [
        d.pk for d in waiting.order_by("state_changed_on", "pk")
    ][:2]
    compact = selectors.worklist_sections(tree.office_c1, tree.c1, today, limit=2, waiting=False)
    assert (compact.overdue_total, compact.due_soon_total, compact.waiting) == (3, 2, [])
    assert [i.dossier.pk for i in compact.items] == [i.dossier.pk for i in work.items]
