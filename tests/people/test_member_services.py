from datetime import date

import pytest

from ptdv.accounts.models import AuditEvent
from ptdv.core.errors import DomainError
from ptdv.people import services
from ptdv.people.models import Member, MemberExit, MemberTransfer, TransferState


def test_it_creates_a_probationary_member_and_moves_the_person_to_the_cell(tree, make_person):
    person = make_person(tree.a)
    member = services.member_create(
        acting_user=tree.office_c1,
        person=person,
        organization=tree.a,
        admission_decided_on=date(2025, 1, 10),
        ceremony_on=date(2025, 2, 3),
        probation_ends_on=date(2026, 2, 3),
        party_card_number="123.456",
    )
    assert member.status == "probationary" and member.ceremony_on == date(2025, 2, 3)
    assert AuditEvent.objects.filter(event="member_created", object_id=str(member.pk)).exists()


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"status": "official"}, "phải có ngày chính thức"),
        ({"ceremony_on": date(2025, 1, 1)}, "Lễ kết nạp không thể trước"),
        ({"admission_decided_on": date(2999, 1, 1)}, "không được sau ngày hôm nay"),
        ({"official_from": date(2024, 1, 1)}, "Ngày chính thức không thể trước"),
    ],
)
def test_it_refuses_inconsistent_member_dates(tree, make_person, extra, message):
    person = make_person(tree.a)
    kwargs = {"admission_decided_on": date(2025, 1, 10), **extra}
    with pytest.raises(DomainError, match=message):
        services.member_create(
            acting_user=tree.office_c1, person=person, organization=tree.a, **kwargs
        )
    assert Member.objects.count() == 0


def test_it_refuses_a_cell_secretary_and_a_second_membership(tree, make_member):
    member = make_member()
    with pytest.raises(DomainError, match="không được thêm đảng viên"):
        services.member_create(
            acting_user=tree.secretary_a,
            person=member.person,
            organization=tree.a,
            admission_decided_on=date(2020, 1, 1),
        )
    with pytest.raises(DomainError, match="đã có trong danh sách đảng viên"):
        services.member_create(
            acting_user=tree.office_c1,
            person=member.person,
            organization=tree.a,
            admission_decided_on=date(2020, 1, 1),
        )
    assert Member.objects.count() == 1


def request(tree, member, to, user=None, on=date(2025, 3, 1)):
    return services.member_transfer_request(
        acting_user=user or tree.office_c1, member=member, to_organization=to, requested_on=on
    )


def test_a_transfer_inside_the_commune_waits_for_the_receiving_cell(tree, make_member):
    member = make_member(tree.a)
    transfer = request(tree, member, tree.b, user=tree.office_c1)
    member.refresh_from_db()
    assert member.organization == tree.a and transfer.state == TransferState.PENDING
    # The requester may not confirm their own request; the receiving cell does.
    with pytest.raises(DomainError, match="bên tiếp nhận phải xác nhận"):
        services.member_transfer_confirm(
            acting_user=tree.office_c1, transfer=transfer, confirmed_on=date(2025, 3, 2)
        )
    with pytest.raises(DomainError, match="ngoài phạm vi"):
        services.member_transfer_confirm(
            acting_user=tree.secretary_a, transfer=transfer, confirmed_on=date(2025, 3, 2)
        )
    services.member_transfer_confirm(
        acting_user=tree.secretary_b, transfer=transfer, confirmed_on=date(2025, 3, 2)
    )
    member.refresh_from_db()
    member.person.refresh_from_db()
    assert member.organization == tree.b and member.person.organization == tree.b
    transfer.refresh_from_db()
    assert transfer.state == TransferState.CONFIRMED and transfer.confirmed_by == tree.secretary_b
    with pytest.raises(DomainError, match="đã ở trạng thái «Đã tiếp nhận»"):
        services.member_transfer_confirm(
            acting_user=tree.secretary_b, transfer=transfer, confirmed_on=date(2025, 3, 2)
        )


def test_a_transfer_across_communes_is_confirmed_by_the_other_commune(tree, make_member):
    member = make_member(tree.a)
    transfer = request(tree, member, tree.d)
    with pytest.raises(DomainError, match="ngoài phạm vi"):
        services.member_transfer_confirm(
            acting_user=tree.office_c1, transfer=transfer, confirmed_on=date(2025, 3, 5)
        )
    services.member_transfer_confirm(
        acting_user=tree.office_c2, transfer=transfer, confirmed_on=date(2025, 3, 5)
    )
    assert Member.objects.get(pk=member.pk).organization == tree.d
    assert AuditEvent.objects.filter(event="member_transfer_confirmed", organization=tree.d)


@pytest.mark.parametrize(
    ("user_name", "to_name", "on", "message"),
    [
        ("secretary_a", "b", date(2025, 3, 1), "không được chuyển sinh hoạt"),
        ("office_c2", "d", date(2025, 3, 1), "ngoài phạm vi"),
        ("office_c1", "a", date(2025, 3, 1), "đang sinh hoạt tại"),
        ("office_c1", "c1", date(2025, 3, 1), "Phải chọn một chi bộ"),
        ("office_c1", "b", date(2999, 3, 1), "không được sau ngày hôm nay"),
    ],
)
def test_it_refuses_a_bad_transfer_request(tree, make_member, user_name, to_name, on, message):
    member = make_member(tree.a)
    with pytest.raises(DomainError, match=message):
        request(tree, member, getattr(tree, to_name), user=getattr(tree, user_name), on=on)
    assert MemberTransfer.objects.count() == 0


def test_only_one_pending_transfer_per_member(tree, make_member):
    member = make_member(tree.a)
    request(tree, member, tree.b)
    with pytest.raises(DomainError, match="đang chờ xác nhận"):
        request(tree, member, tree.d)
    assert MemberTransfer.objects.count() == 1


def test_a_confirmation_dated_before_the_request_is_refused(tree, make_member):
    transfer = request(tree, make_member(tree.a), tree.b)
    with pytest.raises(DomainError, match="không thể trước ngày đề nghị"):
        services.member_transfer_confirm(
            acting_user=tree.secretary_b, transfer=transfer, confirmed_on=date(2025, 2, 1)
        )
    transfer.refresh_from_db()
    assert transfer.state == TransferState.PENDING


def test_the_sending_side_can_cancel_a_pending_transfer(tree, make_member):
    transfer = request(tree, make_member(tree.a), tree.b)
    services.member_transfer_cancel(acting_user=tree.office_c1, transfer=transfer)
    transfer.refresh_from_db()
    assert transfer.state == TransferState.CANCELLED


def test_an_exit_by_expulsion_records_the_document_and_ends_membership(tree, make_member):
    member = make_member(tree.a)
    exit_row = services.member_exit(
        acting_user=tree.office_c1,
        member=member,
        reason="expelled",
        on=date(2025, 4, 1),
        document_number="12-QĐ/ĐU",
        document_date=date(2025, 3, 30),
    )
    member.refresh_from_db()
    assert member.ended_on == date(2025, 4, 1) and exit_row.organization == tree.a
    assert not Member.objects.current().filter(pk=member.pk).exists()
    with pytest.raises(DomainError, match="đã ra khỏi danh sách đảng viên từ 01/04/2025"):
        services.member_exit(
            acting_user=tree.office_c1, member=member, reason="deceased", on=date(2025, 4, 2)
        )


def test_a_death_needs_no_document(tree, make_member):
    member = make_member(tree.a)
    services.member_exit(
        acting_user=tree.office_c1, member=member, reason="deceased", on=date(2025, 4, 1)
    )
    assert MemberExit.objects.get().reason == "deceased"


@pytest.mark.parametrize(
    ("user_name", "fields", "message"),
    [
        ("office_c1", {"reason": "struck_off"}, "phải có số và ngày của văn bản"),
        ("office_c1", {"reason": "xx"}, "Phải chọn lý do"),
        ("office_c1", {"reason": "deceased", "on": date(2019, 1, 1)}, "trước ngày quyết định"),
        ("secretary_a", {"reason": "deceased"}, "không được ghi đảng viên ra khỏi"),
        ("office_c2", {"reason": "deceased"}, "ngoài phạm vi"),
    ],
)
def test_it_refuses_a_bad_exit_and_changes_nothing(tree, make_member, user_name, fields, message):
    member = make_member(tree.a)
    kwargs = {"on": date(2025, 4, 1), **fields}
    with pytest.raises(DomainError, match=message):
        services.member_exit(acting_user=getattr(tree, user_name), member=member, **kwargs)
    member.refresh_from_db()
    assert member.ended_on is None and MemberExit.objects.count() == 0


def test_an_exit_while_a_transfer_is_pending_is_refused(tree, make_member):
    member = make_member(tree.a)
    request(tree, member, tree.b)
    with pytest.raises(DomainError, match="hãy hủy đề nghị trước"):
        services.member_exit(
            acting_user=tree.office_c1, member=member, reason="deceased", on=date(2025, 4, 1)
        )
    assert Member.objects.get(pk=member.pk).ended_on is None
