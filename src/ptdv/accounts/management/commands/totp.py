"""`ptdv totp <username>`: the current two-factor code of an enrolled account.

For the demo and for an administrator at the server's console; anyone who can run it can
already read the database, so it reveals nothing more."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django_otp.plugins.otp_totp.models import TOTPDevice

from ptdv.accounts import twofactor


class Command(BaseCommand):
    help = "In mã xác thực hai lớp hiện tại của một tài khoản đã đăng ký."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"Không có tài khoản «{username}».")
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        if device is None:
            raise CommandError(f"Tài khoản «{username}» chưa đăng ký xác thực hai lớp.")
        self.stdout.write(twofactor.current_code(device))
