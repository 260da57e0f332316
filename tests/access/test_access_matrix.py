"""Scope is the first rule: no page and no API route shows or changes another subtree's data.

Three viewers each look at a unit outside their subtree and at one inside it:
the secretary of cell A at sibling cell B, the office of commune C1 at a cell of sibling
commune C2, the board officer of province P1 at a cell of province P2.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.access.routes import (
    FOREIGN_IDS,
    ROUTES,
    Collection,
    National,
    NoData,
    ObjectRoute,
    Public,
)


def all_route_names() -> set[str]:
    names: set[str] = set()

    def walk(patterns, namespace):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                walk(pattern.url_patterns, inner)
            elif isinstance(pattern, URLPattern):
                names.add(f"{namespace}{pattern.name}" if pattern.name else f"<{pattern.pattern}>")

    walk(get_resolver().url_patterns, "")
    return names


def viewer_cases(tree):
    """(viewer, a unit outside their subtree, a unit inside it)."""
    return [
        (tree.secretary_a, tree.b, tree.a),
        (tree.office_c1, tree.d, tree.a),
        (tree.officer_p1, tree.e, tree.a),
    ]


def test_every_route_is_classified():
    routes = all_route_names()
    unclassified = sorted(routes - set(ROUTES))
    assert not unclassified, f"routes not in tests/access/routes.py: {unclassified}"
    stale = sorted(set(ROUTES) - routes)
    assert not stale, f"classified routes that no longer exist: {stale}"


def test_an_unclassified_route_makes_the_check_fail(settings):
    """The guard itself can fail: add a route nobody classified and look."""
    from django.urls import clear_url_caches, path

    import ptdv.urls

    extra = type(
        "M",
        (),
        {"urlpatterns": [*ptdv.urls.urlpatterns, path("x/", lambda r: None, name="unclassified")]},
    )
    settings.ROOT_URLCONF = extra
    clear_url_caches()
    try:
        assert "unclassified" in all_route_names() - set(ROUTES)
    finally:
        clear_url_caches()


OBJECT_ROUTES = sorted(n for n, k in ROUTES.items() if isinstance(k, ObjectRoute))
COLLECTIONS = sorted(n for n, k in ROUTES.items() if isinstance(k, Collection))
OPEN_ROUTES = sorted(n for n, k in ROUTES.items() if isinstance(k, Public | NoData))
NATIONAL_ROUTES = sorted(n for n, k in ROUTES.items() if isinstance(k, National))


@pytest.mark.parametrize("name", NATIONAL_ROUTES)
def test_national_data_is_read_by_all_and_written_by_the_administrator_only(name, tree, client):
    from ptdv.core.models import CalendarDay

    route = ROUTES[name]
    url = reverse(name, kwargs=route.build(tree))
    for viewer in (tree.secretary_a, tree.office_c1, tree.officer_p1, tree.inspector_p1):
        client.force_login(viewer)
        before = list(CalendarDay.objects.values())
        assert client.get(url).status_code in (200, 405), (name, viewer.username)
        for method in route.methods:
            body = {"day": "2031-03-04", "kind": "day_off", "note": "x"}
            response = getattr(client, method)(url, data=body, content_type="application/json")
            assert response.status_code in (403, 405), (name, viewer.username, method)
        assert list(CalendarDay.objects.values()) == before


@pytest.mark.parametrize("name", OBJECT_ROUTES)
def test_object_routes_answer_404_outside_the_subtree(name, tree, client):
    route = ROUTES[name]
    for viewer, foreign, own in viewer_cases(tree):
        client.force_login(viewer)
        own_status = client.get(reverse(name, kwargs=route.build(tree, own))).status_code
        assert own_status != 404, (name, viewer.username, "own", own_status)
        url = reverse(name, kwargs=route.build(tree, foreign))
        response = client.get(url)
        # 404, or the same refusal the viewer's role gets on its own data (which tells nothing).
        allowed = {404} | ({403} if own_status == 403 else set())
        assert response.status_code in allowed, (name, viewer.username, "GET", response.status_code)
        for method in route.methods:
            if method == "get":
                continue
            response = getattr(client, method)(url, data={}, content_type="application/json")
            assert response.status_code in allowed | {405}, (
                name,
                viewer.username,
                method,
                response.status_code,
            )


@pytest.mark.parametrize("name", COLLECTIONS)
def test_lists_never_show_another_subtree(name, tree, client):
    route = ROUTES[name]
    shown_own = 0
    for viewer, foreign, own in viewer_cases(tree):
        foreign_marker = route.build(tree, foreign)
        own_marker = route.build(tree, own)
        client.force_login(viewer)
        response = client.get(reverse(name), data=route.params)
        body = response.content.decode()
        assert foreign_marker not in body, (name, viewer.username, foreign_marker)
        if response.status_code == 200 and own_marker in body:
            shown_own += 1
    # The check can fail: at least one viewer sees their own data in the list.
    assert shown_own > 0, f"{name}: no viewer saw their own data; the check proves nothing"


@pytest.mark.parametrize("name", OPEN_ROUTES)
def test_open_routes_show_no_domain_data(name, tree, client):
    client.force_login(tree.secretary_a)
    response = client.get(reverse(name))
    assert response.status_code in (200, 302, 405)
    body = response.content.decode(errors="ignore")
    assert tree.b.name not in body and tree.e.name not in body


@pytest.mark.parametrize("name", sorted(n for n, k in ROUTES.items() if not isinstance(k, Public)))
def test_every_non_public_route_needs_a_login(name, tree, client):
    route = ROUTES[name]
    kwargs = route.build(tree, tree.a) if isinstance(route, ObjectRoute) else {}
    if isinstance(route, National):
        kwargs = route.build(tree)
    response = client.get(reverse(name, kwargs=kwargs))
    assert response.status_code in (302, 401, 403), (name, response.status_code)
    if response.status_code == 302:
        assert "/dang-nhap/" in response["Location"]


def _errors(response) -> set[str]:
    """The fields that a refused request names: the API's JSON keys, a page's form errors."""
    if response.get("Content-Type", "").startswith("application/json"):
        data = response.json()
        return set(data) if isinstance(data, dict) else set()
    names = set()
    for context in response.context or []:
        for value in context.flatten().values():
            if hasattr(value, "errors") and hasattr(value, "fields"):
                names |= set(value.errors)
    return names


def _refused_by_message(response) -> bool:
    """A page that answers a bad post by going back with an error message."""
    from django.contrib.messages import constants, get_messages

    return any(m.level == constants.ERROR for m in get_messages(response.wsgi_request))


@pytest.mark.parametrize(
    "case", FOREIGN_IDS, ids=[f"{c.route}-{c.method}-{c.field}" for c in FOREIGN_IDS]
)
def test_an_id_from_outside_the_subtree_is_refused_in_bodies_and_query_strings(case, tree, client):
    """With the viewer's own object the request is carried out (a write leaves its audit
    row) or shows it; with the same kind of object of a unit outside the viewer's subtree it
    is refused — 404, or an error on that very field — and nothing is written; a list never
    shows the foreign object."""
    from ptdv.accounts.models import AuditEvent

    assert case.route in ROUTES, case.route
    page = ":" in case.route
    send = {} if page else {"content_type": "application/json"}
    checked = 0
    for viewer, foreign, own in viewer_cases(tree):
        if case.viewers and viewer.username not in case.viewers:
            continue
        client.force_login(viewer)
        url = reverse(case.route, kwargs=case.url(tree, own))
        if case.method == "get":
            own_id, own_marker = case.build(tree, own)
            foreign_id, foreign_marker = case.build(tree, foreign)
            response = client.get(url, {case.field: own_id})
            if response.status_code == 403:
                continue  # the role reads no such list
            assert response.status_code == 200 and own_marker in response.content.decode(), (
                viewer.username, "own", response.status_code)  # fmt: skip
            response = client.get(url, {case.field: foreign_id})
            assert response.status_code in (200, 400, 404), (viewer.username, response.status_code)
            assert foreign_marker not in response.content.decode(), viewer.username
            checked += 1
            continue
        body = {**case.body(tree, own), case.field: case.build(tree, own)}
        before = AuditEvent.objects.count()
        response = client.post(url, body, **send)
        if response.status_code == 403 or (page and _refused_by_message(response)):
            continue  # the role may not do this at all, in its own subtree either
        assert AuditEvent.objects.count() > before, (
            viewer.username, "own", response.status_code, _errors(response))  # fmt: skip
        body = {**case.body(tree, own), case.field: case.build(tree, foreign)}
        before = AuditEvent.objects.count()
        response = client.post(url, body, **send)
        assert AuditEvent.objects.count() == before, (viewer.username, response.status_code)
        assert (
            response.status_code == 404
            or case.field in _errors(response)
            or (page and response.status_code == 302 and _refused_by_message(response))
        ), (viewer.username, response.status_code, _errors(response))
        checked += 1
    assert checked, f"{case.route}: no viewer could use it on their own subtree; proves nothing"
