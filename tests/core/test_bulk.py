"""`core.bulk.filter_in`: the rows whose field is one of many values, in one query on
PostgreSQL (the values as one array parameter) and per 900 values on SQLite; the same rows
as a plain `__in` whatever the values hold."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ptdv.core.bulk import filter_in
from ptdv.people.models import Person
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

AWKWARD = ["", "a\nb", "O'Brien", 'say "hi"', "back\\slash", "tab\tbed", "Nguyễn Văn An"]


def person(tree, occupation="", **values) -> Person:
    """A person whose occupation is stored as given (not normalised, as raw SQL may store)."""
    made = PersonFactory(organization=tree.a, **values)
    Person.objects.filter(pk=made.pk).update(occupation=occupation)
    return made


def found(field, values) -> tuple[set[int], int]:
    with CaptureQueriesContext(connection) as queries:
        ids = {
            pk
            for query in filter_in(Person.objects.all(), field, values)
            for pk in query.values_list("pk", flat=True)
        }
    return ids, len(queries)


def test_the_rows_of_many_values_in_one_query_on_postgresql(tree):
    people = [person(tree, text) for text in AWKWARD]
    wanted = [*AWKWARD[1:], *(f"không có {n}" for n in range(2000))]
    ids, queries = found("occupation", wanted)
    assert ids == {p.pk for p in people[1:]}
    assert ids == set(Person.objects.filter(occupation__in=wanted).values_list("pk", flat=True))
    assert queries == (1 if connection.vendor == "postgresql" else 3)  # 2006 values: 3 × 900


@pytest.mark.parametrize("awkward", AWKWARD)
def test_an_awkward_text_is_matched_exactly(tree, awkward):
    wanted = person(tree, awkward)
    person(tree, awkward + "x")
    assert found("occupation", [awkward, "khác"])[0] == {wanted.pk}


def test_dates_and_numbers(tree):
    first = person(tree, birth_date=date(1990, 1, 2))
    person(tree, birth_date=date(1991, 1, 2))
    assert found("birth_date", [date(1990, 1, 2), date(2000, 1, 1)])[0] == {first.pk}
    assert found("pk", [first.pk, 0])[0] == {first.pk}
    assert found("pk", [])[0] == set()
