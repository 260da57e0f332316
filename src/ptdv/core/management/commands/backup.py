"""`ptdv backup [PATH]`: a consistent copy of the database (docs/operations.md)."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from ptdv.core.backup import BackupError, backup


class Command(BaseCommand):
    help = "Sao lưu toàn bộ cơ sở dữ liệu ra một tệp."

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", help="Tệp sao lưu (mặc định: var/backups/…)")

    def handle(self, *args, path=None, **options):
        if path is None:
            stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
            path = Path(settings.VAR_DIR) / "backups" / f"ptdv-{stamp}.backup"
        try:
            written = backup(Path(path))
        except BackupError as error:
            raise CommandError(error.message) from error
        self.stdout.write(f"Đã sao lưu vào {written}")
