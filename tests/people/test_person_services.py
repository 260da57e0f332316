import unicodedata
from datetime import date

import pytest

from ptdv.accounts.models import AuditEvent
from ptdv.core.errors import DomainError
from ptdv.core.text import sort_key
from ptdv.people import services
from ptdv.people.models import Person


def create(tree, user=None, unit=None, **fields):
    fields.setdefault("full_name", "Nguyễn Thị Lan")
    fields.setdefault("sex", "female")
    fields.setdefault("birth_date", date(1995, 3, 8))
    return services.person_create(
        acting_user=user or tree.secretary_a, organization=unit or tree.a, **fields
    )


def test_it_creates_a_person_with_nfc_name_and_search_keys(tree):
    decomposed = unicodedata.normalize("NFD", "  Nguyễn   Thị Lan ")
    person = create(tree, full_name=decomposed, citizen_id="035195123456", religion="catholicism")
    assert person.full_name == "Nguyễn Thị Lan"
    assert unicodedata.is_normalized("NFC", person.full_name)
    assert person.search_key == "nguyen thi lan"
    assert person.sort_key == sort_key("Nguyễn Thị Lan", given_name_first=True)
    assert person.organization == tree.a
    event = AuditEvent.objects.get(event="person_created", object_id=str(person.pk))
    assert event.organization == tree.a
    # Inspectors read the audit trail: sensitive values are fingerprinted, not written.
    assert "035195123456" not in str(event.new)
    assert event.new["citizen_id"].startswith("ẩn#")
    assert event.new["religion"].startswith("ẩn#")


@pytest.mark.parametrize(
    ("user_name", "unit_name", "message"),
    [
        ("inspector_p1", "a", "không được thêm người"),
        ("secretary_a", "b", "ngoài phạm vi"),
        ("office_c1", "c1", "Phải chọn một chi bộ"),
    ],
)
def test_it_refuses_a_person_outside_role_scope_or_cell(tree, user_name, unit_name, message):
    with pytest.raises(DomainError, match=message):
        create(tree, user=getattr(tree, user_name), unit=getattr(tree, unit_name))
    assert Person.objects.count() == 0
    assert not AuditEvent.objects.filter(event="person_created").exists()


def test_it_refuses_a_person_in_a_dissolved_cell(tree):
    from ptdv.organizations.services import organization_dissolve

    organization_dissolve(acting_user=None, organization=tree.b, on=date(2025, 7, 1))
    tree.b.refresh_from_db()
    with pytest.raises(DomainError, match="đã giải thể từ 01/07/2025"):
        create(tree, user=tree.office_c1, unit=tree.b)
    assert Person.objects.count() == 0


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"full_name": "   "}, "Họ và tên không được để trống"),
        ({"sex": "x"}, "Phải chọn giới tính"),
        ({"birth_date": date(2999, 1, 1)}, "Ngày sinh không được sau ngày hôm nay"),
        ({"ethnicity": "Elf"}, "54 dân tộc"),
        ({"citizen_id": "035095123456"}, "người nữ sinh năm 1995 phải có chữ số «1»"),
        ({"citizen_id": "999195123456"}, "Mã tỉnh «999»"),
    ],
)
def test_it_refuses_invalid_fields_and_changes_nothing(tree, fields, message):
    with pytest.raises(DomainError, match=message):
        create(tree, **fields)
    assert Person.objects.count() == 0


def test_it_refuses_a_second_person_with_the_same_citizen_id(tree):
    create(tree, citizen_id="035195123456")
    with pytest.raises(DomainError, match="đã có trong hệ thống") as error:
        create(tree, full_name="Trần Thị Mai", citizen_id="035195123456")
    assert error.value.field == "citizen_id"
    assert Person.objects.count() == 1


def test_same_accent_free_name_and_birth_date_is_refused_unless_confirmed(tree):
    create(tree, full_name="Nguyễn Thị Lan")
    with pytest.raises(DomainError, match="Có thể trùng người") as error:
        create(tree, user=tree.office_c1, unit=tree.b, full_name="Nguyen Thi Lan")
    assert error.value.field == "confirm_duplicate"
    assert Person.objects.count() == 1
    second = create(
        tree, user=tree.office_c1, unit=tree.b, full_name="Nguyen Thi Lan", confirm_duplicate=True
    )
    assert Person.objects.count() == 2 and second.organization == tree.b


def test_a_namesake_born_another_day_is_not_a_duplicate(tree):
    create(tree)
    create(tree, birth_date=date(1996, 3, 8))
    assert Person.objects.count() == 2


def test_it_updates_a_person_and_recomputes_keys(tree):
    person = create(tree)
    updated = services.person_update(
        acting_user=tree.secretary_a, person=person, full_name="Đỗ Thị Lan", residence="Thôn 2"
    )
    assert updated.search_key == "do thi lan"
    assert Person.objects.get(pk=person.pk).residence == "Thôn 2"
    event = AuditEvent.objects.get(event="person_updated")
    assert event.old == {"full_name": "Nguyễn Thị Lan", "residence": ""}


def test_an_update_to_a_taken_citizen_id_is_refused_and_nothing_changes(tree):
    create(tree, citizen_id="035195123456")
    other = create(tree, full_name="Trần Thị Mai")
    with pytest.raises(DomainError, match="đã có trong hệ thống"):
        services.person_update(
            acting_user=tree.secretary_a, person=other, citizen_id="035195123456", residence="X"
        )
    other.refresh_from_db()
    assert other.citizen_id == "" and other.residence == ""


def test_an_update_outside_the_scope_is_refused(tree):
    person = create(tree)
    with pytest.raises(DomainError, match="ngoài phạm vi"):
        services.person_update(acting_user=tree.secretary_b, person=person, full_name="X Y")
    assert Person.objects.get(pk=person.pk).full_name == "Nguyễn Thị Lan"


def test_the_sensitive_view_is_audited(tree):
    event = services.record_sensitive_view(
        user=tree.secretary_a, obj=tree.a, organization=tree.a, where="danh sách", count=3
    )
    assert event.event == "sensitive_viewed" and event.new["rows"] == 3
    assert (
        services.record_sensitive_view(
            user=tree.secretary_a, obj=tree.a, organization=tree.a, where="danh sách", count=0
        )
        is None
    )
