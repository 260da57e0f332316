from django.urls import reverse

from ptdv.organizations.models import Organization


def test_the_tree_shows_the_users_own_unit_with_expandable_children(tree, login):
    body = login(tree.office_c1).get(reverse("organizations:tree")).content.decode()
    assert "Đảng bộ xã Hòa Bình" in body and "Đảng bộ xã Cũ" in body
    assert 'hx-trigger="toggle once"' in body
    assert "Đảng bộ xã Đồng Tâm" not in body


def test_children_load_as_a_fragment(tree, login):
    response = login(tree.office_c1).get(
        reverse("organizations:children", kwargs={"pk": tree.c1.pk}), HTTP_HX_REQUEST="true"
    )
    body = response.content.decode()
    assert "Chi bộ thôn An Phú" in body and "Chi bộ thôn Bình Minh" in body
    assert "<html" not in body


def test_search_without_accents_finds_the_unit(tree, login):
    response = login(tree.officer_p1).get(reverse("organizations:search"), {"q": "dong tam"})
    assert "Đảng bộ xã Đồng Tâm" in response.content.decode()


def test_the_unit_page_shows_children_members_and_officers(tree, login):
    body = (
        login(tree.office_c1)
        .get(reverse("organizations:detail", kwargs={"pk": tree.c1.pk}))
        .content.decode()
    )
    for text in [
        "Đảng bộ xã Hòa Bình",
        "Chi bộ thôn An Phú",
        "Đảng viên",
        "Chính thức",
        "Dự bị",
        "office_c1",
        "Văn phòng cấp ủy cơ sở",
        "Tiếp nhận từ các đơn vị đã hợp nhất",
    ]:
        assert text in body, text


def test_a_dissolved_unit_says_what_became_of_it(tree, login):
    body = (
        login(tree.office_c1)
        .get(reverse("organizations:detail", kwargs={"pk": tree.old.pk}))
        .content.decode()
    )
    assert "Đã giải thể ngày 30/06/2025" in body and "hợp nhất vào" in body


def test_the_create_form_shows_vietnamese_errors_and_saves_nothing(tree, login):
    client = login(tree.officer_p1)
    count = Organization.objects.count()
    url = reverse("organizations:create", kwargs={"pk": tree.c1.pk})
    kind = tree.a.kind.pk
    response = client.post(url, {"code": "B", "name": "Chi bộ mới", "kind": kind})
    assert response.status_code == 400
    assert "Mã tổ chức «B» đã được dùng" in response.content.decode()
    response = client.post(url, {"code": "NEW", "name": " ", "kind": kind})
    assert "Tên tổ chức không được để trống." in response.content.decode()
    response = client.post(
        url, {"code": "NEW", "name": "X", "kind": kind, "valid_from": "31/02/2024"}
    )
    assert "Ngày không hợp lệ" in response.content.decode()
    assert Organization.objects.count() == count
    response = client.post(
        url, {"code": "NEW", "name": "Chi bộ thôn Mới", "kind": kind, "valid_from": "01/03/2026"}
    )
    assert response.status_code == 302
    assert Organization.objects.get(code="NEW").valid_from.isoformat() == "2026-03-01"


def test_the_edit_form_refuses_a_cycle(tree, login):
    client = login(tree.officer_p1)
    url = reverse("organizations:edit", kwargs={"pk": tree.c1.pk})
    response = client.post(
        url, {"code": "C1", "name": tree.c1.name, "kind": tree.c1.kind.pk, "parent": tree.c1.pk}
    )
    assert response.status_code == 400
    assert "không thể là cấp trên của chính nó" in response.content.decode()
    tree.c1.refresh_from_db()
    assert tree.c1.parent == tree.p1


def test_a_secretary_cannot_open_the_edit_form(tree, login):
    response = login(tree.secretary_a).get(reverse("organizations:edit", kwargs={"pk": tree.a.pk}))
    assert response.status_code == 403
    assert "không được thay đổi cây tổ chức" in response.content.decode()


def test_the_audit_page_lists_the_units_changes(tree, login):
    body = (
        login(tree.office_c1)
        .get(reverse("organizations:audit", kwargs={"pk": tree.c1.pk}))
        .content.decode()
    )
    assert "Thêm tổ chức đảng" in body and "Chi bộ thôn An Phú" in body
    assert "Chi bộ thôn Cây Đa" not in body


def test_children_are_listed_in_vietnamese_order(tree, login):
    from tests.conftest import make_unit

    for code, name in [
        ("Z1", "Chi bộ thôn Đông"),
        ("Z2", "Chi bộ thôn Dương"),
        ("Z3", "Chi bộ thôn 10"),
        ("Z4", "Chi bộ thôn 2"),
    ]:
        make_unit(tree.c2, code, name)
    body = (
        login(tree.office_c2)
        .get(reverse("organizations:children", kwargs={"pk": tree.c2.pk}), HTTP_HX_REQUEST="true")
        .content.decode()
    )
    names = [
        "Chi bộ thôn 2",
        "Chi bộ thôn 10",
        "Chi bộ thôn Cây Đa",
        "Chi bộ thôn Dương",
        "Chi bộ thôn Đông",
    ]
    positions = [body.index(f">{name}<") for name in names]
    assert positions == sorted(positions)
