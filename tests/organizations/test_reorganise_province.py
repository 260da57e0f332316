"""The province-wide reorganisation the bench times: small tree, real operations."""

from datetime import date

from django.core.management import call_command

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
