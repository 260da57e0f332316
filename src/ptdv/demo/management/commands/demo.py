"""`ptdv demo`: build the demo data from the seed figures. One call to the builder."""

from django.core.management.base import BaseCommand

from ptdv.demo.builder import build_demo


class Command(BaseCommand):
    help = "Tạo dữ liệu mẫu: cây tổ chức đảng sau 07/2025, các đơn vị trong bài báo, tài khoản."

    def add_arguments(self, parser):
        parser.add_argument(
            "--quick",
            action="store_true",
            help="Chỉ các tỉnh có trong bài báo (nhanh hơn, dùng khi kiểm thử).",
        )

    def handle(self, *args, quick: bool, **options):
        build_demo(quick=quick, log=self.stdout.write)
