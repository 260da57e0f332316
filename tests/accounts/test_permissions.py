"""docs/permissions.md shows the permission table; it must say what the code does."""

from pathlib import Path

from ptdv.accounts.models import Role
from ptdv.accounts.permissions import PERMISSIONS, Action, role_can

DOC = Path(__file__).resolve().parents[2] / "docs" / "permissions.md"


def test_the_documented_table_matches_the_code():
    lines = [line for line in DOC.read_text(encoding="utf-8").splitlines() if line.startswith("|")]
    header = [cell.strip() for cell in lines[0].strip("|").split("|")]
    roles = {label: value for value, label in Role.choices}
    columns = [roles[label] for label in header[1:]]
    actions = {label: value for value, label in Action.choices}
    documented = {}
    for line in lines[2:]:
        cells = [cell.strip() for cell in line.strip("|").split("|")]
        for role, mark in zip(columns, cells[1:], strict=True):
            documented[(role, actions[cells[0]])] = mark == "✓"
    actual = {
        (role, action): role_can(role, action) for role in Role.values for action in Action.values
    }
    assert documented == actual


def test_an_inspector_only_reads():
    assert PERMISSIONS[Role.INSPECTOR] == {Action.VIEW, Action.VIEW_AUDIT}
