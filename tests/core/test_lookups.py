"""`field__any_of=ids` (core/lookups.py): the rows of `field__in=ids`, with the list sent as
one array on PostgreSQL."""

import pytest
from django.db import connection

from ptdv.organizations.models import Organization


@pytest.mark.django_db
def test_any_of_finds_the_rows_of_in(tree):
    ids = [tree.a.pk, tree.c1.pk, tree.e.pk, 10**9]
    units = Organization.objects.order_by("pk")
    assert list(units.filter(pk__any_of=ids)) == list(units.filter(pk__in=ids))
    assert list(units.filter(parent__any_of=ids)) == list(units.filter(parent__in=ids))
    assert list(units.filter(pk__any_of=[])) == []
    assert units.exclude(pk__any_of=ids).count() == units.count() - 3


@pytest.mark.django_db
def test_any_of_sends_one_parameter_on_postgresql(tree):
    ids = list(Organization.objects.values_list("pk", flat=True))
    sql, params = Organization.objects.filter(pk__any_of=ids).query.sql_with_params()
    if connection.vendor == "postgresql":
        assert "= ANY(" in sql and list(params) == [ids]
    else:
        assert " IN (" in sql and list(params) == ids
