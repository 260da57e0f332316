from django.urls import reverse

from ptdv.organizations.models import Organization
from tests.conftest import PASSWORD


def test_a_token_is_issued_for_a_correct_password(tree, api):
    response = api().post(reverse("api-token"), {"username": "secretary_a", "password": PASSWORD})
    assert response.status_code == 200 and len(response.json()["token"]) == 40
    token = response.json()["token"]
    client = api()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert client.get(reverse("organization-list")).status_code == 200


def test_a_wrong_password_gets_no_token_and_repeated_ones_lock(tree, api, settings):
    response = api().post(reverse("api-token"), {"username": "secretary_a", "password": "sai"})
    assert response.status_code == 400
    assert response.json() == {"detail": "Tên đăng nhập hoặc mật khẩu không đúng."}
    for _ in range(settings.AXES_FAILURE_LIMIT):
        api().post(reverse("api-token"), {"username": "secretary_a", "password": "sai"})
    response = api().post(reverse("api-token"), {"username": "secretary_a", "password": PASSWORD})
    assert response.status_code == 429
    assert "tạm bị khóa" in response.json()["detail"]


def test_a_call_without_a_token_is_refused_in_vietnamese(tree, api):
    response = api().get(reverse("organization-list"))
    assert response.status_code == 401
    assert "Chưa xác thực" in response.json()["detail"]
    response = api().get(reverse("organization-list"), HTTP_AUTHORIZATION="Token sai")
    assert response.status_code == 401
    assert response.json()["detail"] == "Token không hợp lệ hoặc đã bị thu hồi."


def test_someone_elses_object_is_not_found(tree, api):
    client = api(tree.secretary_a)
    response = client.get(reverse("organization-detail", kwargs={"pk": tree.b.pk}))
    assert response.status_code == 404 and response.json() == {"detail": "Không tìm thấy."}
    response = client.patch(
        reverse("organization-detail", kwargs={"pk": tree.b.pk}), {"name": "Chiếm"}, format="json"
    )
    assert response.status_code == 404
    tree.b.refresh_from_db()
    assert tree.b.name == "Chi bộ thôn Bình Minh"


def test_the_list_is_scoped_and_searchable_without_accents(tree, api):
    data = api(tree.office_c1).get(reverse("organization-list"), {"q": "binh minh"}).json()
    assert [row["code"] for row in data["results"]] == ["B"]
    codes = {
        row["code"]
        for row in api(tree.office_c1).get(reverse("organization-list")).json()["results"]
    }
    assert codes == {"C1", "A", "B", "OLD", "OLDCELL"}


def test_creating_a_unit_under_another_subtree_is_refused(tree, api):
    count = Organization.objects.count()
    response = api(tree.officer_p1).post(
        reverse("organization-list"),
        {"code": "X1", "name": "Chi bộ lạ", "kind": "cell", "parent": tree.c3.pk},
        format="json",
    )
    assert response.status_code == 400
    assert "Không tìm thấy tổ chức cấp trên" in response.json()["parent"][0]
    assert Organization.objects.count() == count


def test_bad_input_through_the_api_is_refused_and_saves_nothing(tree, api):
    client = api(tree.officer_p1)
    count = Organization.objects.count()
    url = reverse("organization-list")
    base = {"code": "X2", "name": "Chi bộ mới", "kind": "cell", "parent": tree.c1.pk}
    cases = [
        ({"name": ""}, "Tên tổ chức không được để trống."),
        ({"code": "B"}, "Mã tổ chức «B» đã được dùng cho «Chi bộ thôn Bình Minh»."),
        ({"kind": "khong-co"}, "Loại tổ chức «khong-co» không tồn tại."),
    ]
    for change, message in cases:
        response = client.post(url, {**base, **change}, format="json")
        assert response.status_code == 400
        assert message in str(response.json())
    response = client.patch(
        reverse("organization-detail", kwargs={"pk": tree.c1.pk}),
        {"parent": tree.a.pk},
        format="json",
    )
    assert response.status_code == 400
    assert "không thể là cấp trên của chính nó" in response.json()["parent"][0]
    assert Organization.objects.count() == count
    response = client.post(url, base, format="json")
    assert response.status_code == 201 and response.json()["path"].startswith(tree.c1.path)


def test_a_secretary_cannot_write_through_the_api(tree, api):
    response = api(tree.secretary_a).patch(
        reverse("organization-detail", kwargs={"pk": tree.a.pk}), {"name": "Đổi"}, format="json"
    )
    assert response.status_code == 403
    assert "không được thay đổi cây tổ chức" in response.json()["detail"]


def test_users_and_audit_are_scoped(tree, api):
    names = {u["username"] for u in api(tree.office_c1).get(reverse("user-list")).json()["results"]}
    assert names == {"office_c1", "secretary_a", "secretary_b"}
    events = api(tree.office_c2).get(reverse("audit-event-list")).json()["results"]
    assert events and all(e["organization"] in {tree.c2.pk, tree.d.pk} for e in events)
