"""The access matrix for the people routes, on tests/people/urls.py (the project's URLs with
the people app mounted). Once the project mounts the app itself, the routes join ROUTES and
tests/access checks them too."""

import pytest

from tests.access import test_access_matrix as matrix
from tests.access.routes import PEOPLE_ROUTES, ROUTES, Collection, ObjectRoute

pytestmark = pytest.mark.urls("tests.people.urls")

OBJECTS = sorted(n for n, k in PEOPLE_ROUTES.items() if isinstance(k, ObjectRoute))
LISTS = sorted(n for n, k in PEOPLE_ROUTES.items() if isinstance(k, Collection))


@pytest.fixture(autouse=True)
def people_routes(monkeypatch):
    for name, route in PEOPLE_ROUTES.items():
        monkeypatch.setitem(ROUTES, name, route)


def test_every_people_route_is_classified():
    names = matrix.all_route_names()
    people = {n for n in names if n.startswith("people:")} | {
        n for n in names if n.split("-")[0] in {"person", "member", "transfer"}
    }
    assert people == set(PEOPLE_ROUTES)


@pytest.mark.parametrize("name", OBJECTS)
def test_people_object_routes_answer_404_outside_the_subtree(name, tree, client):
    matrix.test_object_routes_answer_404_outside_the_subtree(name, tree, client)


@pytest.mark.parametrize("name", LISTS)
def test_people_lists_never_show_another_subtree(name, tree, client):
    matrix.test_lists_never_show_another_subtree(name, tree, client)


@pytest.mark.parametrize("name", sorted(PEOPLE_ROUTES))
def test_every_people_route_needs_a_login(name, tree, client):
    matrix.test_every_non_public_route_needs_a_login(name, tree, client)
