"""Build the whole demo in one transaction; a second run finds it and only prints the logins."""

from django.db import transaction

from ptdv.demo.organizations import build_tree, carry_out_2025_reform
from ptdv.demo.seeds import build_seed_population
from ptdv.demo.users import DEMO_PASSWORD, USERS, build_users
from ptdv.organizations.models import Organization
from ptdv.people.demo import build_demo_people
from ptdv.recruitment.demo import build_demo_recruitment
from ptdv.targets.demo import build_demo_targets
from ptdv.training.demo import build_demo_training


def build_demo(*, quick: bool, log=print) -> dict | None:
    """Returns the demo units by key (None when the demo was already there)."""
    units = None
    if Organization.objects.filter(code="TW").exists():
        log("Dữ liệu mẫu đã có sẵn, không tạo lại.")
    else:
        log("Đang tạo dữ liệu mẫu…")
        with transaction.atomic():
            units = build_tree(quick=quick, log=log)
            build_users(units)
            build_demo_people(units)
            build_demo_training(units)
            build_demo_recruitment(units)
            build_demo_targets(units)
            # Last: it tops up what the builders above made to the articles' figures.
            build_seed_population(units, log=log)
            # The reform through the operations: cells move under the new communes.
            carry_out_2025_reform(units, log=log)
        log("Đã tạo xong dữ liệu mẫu.")
    log("")
    log(f"Tài khoản dùng thử (mật khẩu chung: {DEMO_PASSWORD}):")
    width = max(len(u[0]) for u in USERS)
    for username, _, _, _, description in USERS:
        log(f"  {username.ljust(width)}  {description}")
    log("")
    log(
        "Cán bộ Ban Tổ chức và quản trị hệ thống đăng nhập bằng mật khẩu và mã xác thực hai lớp; "
        "mã hiện tại của tài khoản dùng thử: .venv/bin/ptdv totp <tên đăng nhập> "
        "(ví dụ .venv/bin/ptdv totp btc.hatinh)."
    )
    return units
