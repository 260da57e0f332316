"""`ptdv generate --members N [--seed S] [--jobs J]`: a national dataset for measuring (see
`ptdv.demo.national`). One call to the generator."""

from datetime import date

from django.core.management.base import BaseCommand, CommandError

from ptdv.core.errors import DomainError
from ptdv.core.formatting import format_number
from ptdv.demo.national import generate


class Command(BaseCommand):
    help = (
        "Sinh dữ liệu toàn quốc để đo hiệu năng: cây tổ chức sau 07/2025, N đảng viên, quần "
        "chúng, lớp bồi dưỡng, hồ sơ kết nạp, chỉ tiêu, tài khoản (vào cơ sở dữ liệu trống)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--members", type=int, required=True, help="Số đảng viên.")
        parser.add_argument("--seed", type=int, default=1, help="Hạt giống ngẫu nhiên.")
        parser.add_argument(
            "--provinces",
            type=lambda text: [int(code) for code in text.split(",")],
            default=None,
            help="Chỉ các tỉnh có mã này (cách nhau bởi dấu phẩy), ví dụ 42,37.",
        )
        parser.add_argument(
            "--jobs",
            type=int,
            default=1,
            help="Số tiến trình sinh các tỉnh song song (PostgreSQL); kết quả như một tiến trình.",
        )
        parser.add_argument(
            "--today",
            type=date.fromisoformat,
            default=None,
            help="Ngày hiện tại của dữ liệu (YYYY-MM-DD), mặc định là hôm nay.",
        )

    def handle(self, *args, members: int, seed: int, provinces, today, jobs: int, **options):
        try:
            report = generate(
                members=members,
                seed=seed,
                today=today,
                provinces=provinces,
                jobs=jobs,
                log=self.stdout.write,
            )
        except DomainError as exc:
            raise CommandError(str(exc)) from exc
        for name, count in sorted(report.counts.items()):
            self.stdout.write(f"  {name}: {format_number(count)}")
        self.stdout.write(f"Xong trong {report.seconds:.1f} giây.")
