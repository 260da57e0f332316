"""`ptdv restore PATH --yes`: replace the database with a backup (docs/operations.md)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ptdv.core.backup import BackupError, restore


class Command(BaseCommand):
    help = "Khôi phục toàn bộ cơ sở dữ liệu từ tệp sao lưu (thay thế dữ liệu hiện có)."

    def add_arguments(self, parser):
        parser.add_argument("path", help="Tệp sao lưu do «ptdv backup» tạo ra")
        parser.add_argument(
            "--yes", action="store_true", help="Xác nhận thay thế toàn bộ dữ liệu hiện có"
        )

    def handle(self, *args, path, yes=False, **options):
        if not yes:
            raise CommandError(
                "Khôi phục sẽ thay thế toàn bộ dữ liệu hiện có: chạy lại với --yes để xác nhận."
            )
        try:
            restore(Path(path))
        except BackupError as error:
            raise CommandError(error.message) from error
        self.stdout.write(f"Đã khôi phục từ {path}")
