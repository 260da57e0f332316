"""The target form as an officer fills it: dates typed dd/mm/yyyy, an error said once."""

from django.urls import reverse

from ptdv.targets.models import Target


def test_a_reversed_range_is_reported_once_next_to_the_upper_value(tree, login):
    client = login(tree.office_c1)
    response = client.post(
        reverse("targets:create", args=[tree.c1.pk]),
        {
            "kind": "assigned",
            "measure": "count",
            "period_start": "01/01/2026",
            "period_end": "31/12/2026",
            "min_value": "200",
            "max_value": "170",
        },
    )
    body = response.content.decode()
    assert response.status_code == 400
    assert body.count("lớn hơn mức trên") == 1, body
    assert not Target.objects.exists()


def test_the_dates_are_typed_dd_mm_yyyy_in_a_text_input(tree, login):
    body = login(tree.office_c1).get(reverse("targets:create", args=[tree.c1.pk])).content
    body = body.decode()
    assert 'name="period_start"' in body and 'data-date="day"' in body
    assert 'type="date"' not in body and "(dd/mm/yyyy)" not in body
