"""The columns of the two imports about people: the member list and the candidate list
(`members.py` checks and writes their rows)."""

from ptdv.imports.spec import (
    CHOICE,
    CODE,
    DATE,
    PERSON_COLUMNS,
    UNIT_COLUMN,
    Column,
    Kind,
)
from ptdv.people.models import MemberStatus
from ptdv.recruitment.models import SourceOrganization

MEMBER_COLUMNS: tuple[Column, ...] = (
    *PERSON_COLUMNS,
    UNIT_COLUMN,
    Column(
        "status",
        "Trạng thái",
        CHOICE,
        required=True,
        choices=tuple(MemberStatus.choices),
        aliases={"Đảng viên dự bị": "probationary", "Đảng viên chính thức": "official"},
        headers=("Loại đảng viên",),
        width=12,
    ),
    Column(
        "admission_decided_on",
        "Ngày vào Đảng",
        DATE,
        required=True,
        headers=("Ngày quyết định kết nạp", "Ngày kết nạp", "Ngày vào đảng"),
        note="ngày ký quyết định kết nạp",
        default=None,
        width=13,
    ),
    Column(
        "ceremony_on",
        "Ngày lễ kết nạp",
        DATE,
        headers=("Ngày tổ chức lễ kết nạp",),
        default=None,
        width=13,
    ),
    Column(
        "official_from",
        "Ngày chính thức",
        DATE,
        headers=("Ngày công nhận chính thức", "Ngày được công nhận chính thức"),
        note="bắt buộc với đảng viên chính thức",
        default=None,
        width=13,
    ),
    Column(
        "party_card_number",
        "Số thẻ đảng viên",
        CODE,
        headers=("Số thẻ đảng", "Số thẻ"),
        width=14,
    ),
)

CANDIDATE_COLUMNS: tuple[Column, ...] = (
    *PERSON_COLUMNS,
    UNIT_COLUMN,
    Column(
        "source",
        "Nguồn giới thiệu",
        CHOICE,
        choices=tuple(SourceOrganization.choices),
        aliases={
            "Đoàn": SourceOrganization.YOUTH_UNION,
            "Đoàn TNCS Hồ Chí Minh": SourceOrganization.YOUTH_UNION,
            "Phụ nữ": SourceOrganization.WOMEN_UNION,
            "Hội Liên hiệp Phụ nữ": SourceOrganization.WOMEN_UNION,
        },
        default=SourceOrganization.OTHER,
        note="để trống: Khác",
        width=18,
    ),
    Column(
        "listed_on",
        "Ngày đưa vào danh sách",
        DATE,
        required=True,
        headers=("Ngày vào danh sách", "Ngày đưa vào danh sách cảm tình Đảng"),
        note="dd/mm/yyyy",
        default=None,
        width=14,
    ),
)

KINDS = (
    Kind("members", "Danh sách đảng viên", "Đảng viên", MEMBER_COLUMNS),
    Kind("candidates", "Danh sách quần chúng ưu tú", "Quần chúng ưu tú", CANDIDATE_COLUMNS),
)
