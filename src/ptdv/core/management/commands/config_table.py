"""`ptdv config_table`: write docs/configuration.md from the configuration registry."""

from pathlib import Path

from django.core.management.base import BaseCommand

from ptdv.core.config import markdown_table


class Command(BaseCommand):
    help = "Ghi bảng các giá trị cấu hình (docs/configuration.md) từ mã nguồn."

    def add_arguments(self, parser):
        parser.add_argument("--out", default="docs/configuration.md", help="Tệp cần ghi.")

    def handle(self, *args, out: str, **options):
        Path(out).write_text(markdown_table(), encoding="utf-8")
        self.stdout.write(f"Đã ghi {out}.")
