"""Demo logins of every role at several levels, each printed by `ptdv demo`."""

from ptdv.accounts import services as account_services
from ptdv.accounts import twofactor
from ptdv.accounts.models import Role

DEMO_PASSWORD = "ptdv@2025"

# username, full name, role, unit key, what the login shows
USERS = [
    ("quantri", "Quản trị hệ thống", Role.ADMINISTRATOR, "TW", "toàn quốc"),
    (
        "btc.hatinh",
        "Nguyễn Thị Hà",
        Role.BOARD_OFFICER,
        "T42",
        "Ban Tổ chức Tỉnh ủy Hà Tĩnh (có lịch sử huyện Hương Khê)",
    ),
    (
        "btc.ninhbinh",
        "Trần Văn Bình",
        Role.BOARD_OFFICER,
        "T37",
        "Ban Tổ chức Tỉnh ủy Ninh Bình (có lịch sử tỉnh Hà Nam, huyện Thanh Liêm)",
    ),
    (
        "btc.langson",
        "Hoàng Văn Sơn",
        Role.BOARD_OFFICER,
        "T20",
        "Ban Tổ chức Tỉnh ủy Lạng Sơn (huyện Văn Quan)",
    ),
    (
        "btc.quangngai",
        "Lê Thị Ngọc",
        Role.BOARD_OFFICER,
        "T51",
        "Ban Tổ chức Tỉnh ủy Quảng Ngãi (có lịch sử huyện Đăk Glei)",
    ),
    (
        "btc.lamdong",
        "Phạm Minh Đức",
        Role.BOARD_OFFICER,
        "T68",
        "Ban Tổ chức Tỉnh ủy Lâm Đồng (có lịch sử tỉnh Bình Thuận)",
    ),
    ("kiemtra.hatinh", "Võ Văn Kiểm", Role.INSPECTOR, "T42", "chỉ xem, tỉnh Hà Tĩnh"),
    (
        "vp.phuctrach",
        "Đặng Thị Phúc",
        Role.GRASSROOTS_OFFICE,
        "X18547",
        "Văn phòng Đảng ủy xã Phúc Trạch (tiếp nhận xã Hương Liên)",
    ),
    (
        "vp.huongxuan",
        "Bùi Văn Xuân",
        Role.GRASSROOTS_OFFICE,
        "X18544",
        "Văn phòng Đảng ủy xã Hương Xuân (tiếp nhận xã Hương Lâm)",
    ),
    (
        "vp.chauson",
        "Ngô Thị Châu",
        Role.GRASSROOTS_OFFICE,
        "X13285",
        "Văn phòng Đảng ủy phường Châu Sơn (tiếp nhận thị trấn Kiện Khê)",
    ),
    (
        "vp.khanhkhe",
        "Nông Văn Khánh",
        Role.GRASSROOTS_OFFICE,
        "X06286",
        "Văn phòng Đảng ủy xã Khánh Khê (tiếp nhận xã Tràng Các)",
    ),
    (
        "vp.yenphuc",
        "Lục Thị Yến",
        Role.GRASSROOTS_OFFICE,
        "X06298",
        "Văn phòng Đảng ủy xã Yên Phúc (tiếp nhận xã An Sơn)",
    ),
    (
        "bithu.thon5",
        "Phan Văn Năm",
        Role.CELL_SECRETARY,
        "HUONG-LIEN/1",
        "Bí thư Chi bộ thôn 5, xã Hương Liên",
    ),
    (
        "bithu.nakhan",
        "Lương Văn Khàn",
        Role.CELL_SECRETARY,
        "TRANG-CAC/1",
        "Bí thư Chi bộ thôn Nà Khàn, xã Tràng Các",
    ),
    (
        "bithu.mangrao",
        "A Rao",
        Role.CELL_SECRETARY,
        "DAK-PEK/1",
        "Bí thư Chi bộ thôn Măng Rao, xã Đăk Pék",
    ),
]


def build_users(units) -> list[tuple[str, str]]:
    shown = []
    for username, full_name, role, unit_key, description in USERS:
        user = account_services.user_create(
            acting_user=None,
            username=username,
            full_name=full_name,
            role=role,
            organization=units[unit_key],
            password=DEMO_PASSWORD,
        )
        if twofactor.required_for(user):
            # Privileged accounts come enrolled: `ptdv totp <username>` prints their code.
            twofactor.enrol_confirmed(user)
        shown.append((username, description))
    return shown
