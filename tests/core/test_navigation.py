"""The main menu: each role's work first, the API documentation for administrators only."""

import re

from django.urls import reverse


def _menu(client) -> list[str]:
    body = client.get(reverse("organizations:tree")).content.decode()
    nav = body[body.index('class="mainnav"') : body.index("</nav>", body.index('class="mainnav"'))]
    return re.findall(r'data-entry="([\w-]+)"', nav)


def test_a_cell_secretary_sees_candidates_dossiers_and_what_is_due_first(tree, login):
    menu = _menu(login(tree.secretary_a))
    assert menu[:3] == ["candidates", "board", "worklist"]
    assert "api" not in menu


def test_a_board_officer_sees_reports_and_targets_first(tree, login):
    menu = _menu(login(tree.officer_p1))
    assert menu[:2] == ["reports", "targets"]
    assert "api" not in menu


def test_only_an_administrator_sees_the_api_documentation(tree, login):
    client = login(tree.admin)
    assert "api" in _menu(client)
    body = client.get(reverse("organizations:tree")).content.decode()
    assert reverse("api-docs") in body
    for user in (tree.secretary_a, tree.office_c1, tree.officer_p1, tree.inspector_p1):
        body = login(user).get(reverse("organizations:tree")).content.decode()
        assert reverse("api-docs") not in body, user.username


def test_the_phone_menu_is_one_button_without_script(tree, login):
    body = login(tree.secretary_a).get(reverse("organizations:tree")).content.decode()
    assert 'id="menu-toggle"' in body and 'for="menu-toggle"' in body
    assert "<script>" not in body  # CSP: script-src 'self', nothing inline
