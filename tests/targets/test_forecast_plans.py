"""On PostgreSQL: the forecast's trained counts read the waiting persons' certificates by the
partial index of non-members' certificates, and probe no member row: membership and the
admission date are the marks stored on the enrolment (read from EXPLAIN)."""

from datetime import date

import pytest
from django.db import connection

from ptdv.targets.achievement import achievements
from ptdv.targets.models import TargetKind
from tests.conftest import make_unit
from tests.targets.helpers import certify, target
from tests.targets.test_plans import captured, plan_of

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="EXPLAIN of PostgreSQL"),
]
YEAR = (date(2023, 1, 1), date(2023, 12, 31))
AS_OF = date(2023, 9, 1)


def test_the_forecasts_trained_counts_read_the_non_members_index_and_no_member():
    district = make_unit(None, "PL", "Đảng bộ huyện Phù Lưu", "district")
    commune = make_unit(district, "PL-X", "Đảng bộ xã Phù Lưu", "grassroots_committee")
    cell = make_unit(commune, "PL-C1", "Chi bộ thôn Đông")
    certify(cell, 3, date(2023, 1, 10), admitted_on=date(2023, 5, 20))
    certify(cell, 2, date(2021, 2, 10))  # waiting, outside the rate's window
    # Most of the table is in neither set: certificates still valid of persons admitted since
    # (before the rate's window) and expired ones; the two ranges leave them out.
    for year in range(2012, 2023):
        certify(cell, 30, date(year, 3, 1), admitted_on=date(year, 9, 1))
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE training_enrolment")
    plan = target(commune, TargetKind.ASSIGNED, *YEAR, 60)

    def run():
        [item] = achievements([plan], as_of=AS_OF)
        pipeline = item.forecast.pipeline
        assert (pipeline.trained, pipeline.trained_history, pipeline.trained_admitted) == (2, 3, 3)

    [waiting, history] = [sql for sql in captured(run) if 'FROM "training_enrolment"' in sql]
    explained = plan_of(waiting, None)
    assert "using enrolment_pool_idx" in explained, explained
    assert "people_member" not in explained, explained
    explained = plan_of(history, None)  # the window of certificate dates, members or not
    assert "enrolment_certified_idx" in explained, explained
    assert "people_member" not in explained, explained
