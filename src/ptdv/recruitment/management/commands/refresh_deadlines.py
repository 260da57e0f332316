"""`ptdv refresh_deadlines`: recompute the stored deadline of every open dossier."""

from django.core.management.base import BaseCommand

from ptdv.recruitment.services import dossier_refresh_deadlines


class Command(BaseCommand):
    help = (
        "Tính lại hạn của bước hiện tại cho mọi hồ sơ đang mở (sau khi sửa lịch ngày làm việc "
        "hoặc thời hạn cấu hình)."
    )

    def handle(self, *args, **options):
        count = dossier_refresh_deadlines()
        self.stdout.write(f"Đã tính lại hạn của {count} hồ sơ.")
