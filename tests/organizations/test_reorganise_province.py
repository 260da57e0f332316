"""The province-wide reorganisation the bench times: small tree, real operations."""

from datetime import date

from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ptdv.organizations import reorganisation as reorg
from ptdv.organizations.management.commands.reorganise_province import reorganise_province
from ptdv.organizations.models import Organization
from ptdv.people.models import Member
from tests.conftest import make_unit
from tests.factories import MemberFactory


def test_communes_merged_by_pairs_keep_every_member(tree):
    c4 = make_unit(tree.p1, "C4", "Đảng bộ xã Bốn", "commune")
    make_unit(c4, "F", "Chi bộ thôn Bốn")
    MemberFactory(organization=tree.d, admission_decided_on=date(2020, 1, 1))
    before = Member.objects.filter(organization__path__under=tree.p1.path).count()
    result = reorganise_province(tree.p1, group=2)
    assert result["merges"] == 1  # three communes: one pair merged, the third left alone
    active = Organization.objects.filter(parent=tree.p1, valid_to__isnull=True)
    assert active.count() == 2
    assert Member.objects.filter(organization__path__under=tree.p1.path).count() == before


def test_the_command_can_measure_and_roll_back(tree, capsys):
    call_command("reorganise_province", "P1", "--rollback")
    assert "đã hoàn tác" in capsys.readouterr().out
    assert Organization.objects.get(code="C1").valid_to is None


def test_a_merge_sends_the_same_statements_whatever_the_number_of_units_moved(tree):
    """The moved subtrees are rewritten in one statement and their history written in one
    insert: the cost of a merge does not follow the number of cells it moves."""
    decision = reorg.Decision("8-QĐ/TU", date(2025, 6, 1), "Tỉnh ủy", date(2025, 7, 1))

    def statements(cells: int) -> int:
        source = make_unit(tree.p1, f"S{cells}", f"Đảng bộ xã Nguồn {cells}", "commune")
        into = make_unit(tree.p1, f"T{cells}", f"Đảng bộ xã Nhận {cells}", "commune")
        for n in range(cells):
            make_unit(source, f"S{cells}-{n}", f"Chi bộ thôn {cells}-{n}")
        with CaptureQueriesContext(connection) as sent:
            reorg.merge(acting_user=None, sources=[source], into=into, decision=decision)
        assert Organization.objects.filter(parent=into).count() == cells
        return len(sent.captured_queries)

    assert statements(2) == statements(12)
