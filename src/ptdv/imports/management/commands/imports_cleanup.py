"""`ptdv imports_cleanup`: the scheduled clean-up of the imports (docs/operations.md)."""

from django.core.management.base import BaseCommand

from ptdv.imports import services


class Command(BaseCommand):
    help = "Đánh dấu lần nhập có tiến trình đã chết, xóa tệp đã lưu của lần nhập cũ."

    def handle(self, *args, **options):
        expired = services.jobs_expire_leases()
        deleted = services.jobs_delete_old_files()
        self.stdout.write(f"Lần nhập bị dừng giữa chừng: {expired}; tệp cũ đã xóa: {deleted}.")
