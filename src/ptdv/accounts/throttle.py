"""Login throttling that an outsider cannot turn against a user.

django-axes counts failures per username *and* address together
(`AXES_LOCKOUT_PARAMETERS`): five wrong passwords for `quantri` from one address lock
`quantri` out from that address only, so the administrator still logs in from the office.
On top of it, one address is refused after `AXES_ADDRESS_FAILURE_LIMIT` failures over all
usernames (someone trying many accounts or many passwords). The trade-off: a shared office
address (one public IP for a whole commune office) is only refused after many failures, so
a guesser behind it gets that many tries; the limit is configuration (docs/operations.md).
"""

from axes.helpers import get_client_ip_address
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.utils import timezone

ADDRESS_MESSAGE = (
    "Địa chỉ mạng của bạn tạm bị chặn đăng nhập do có quá nhiều lần nhập sai. Vui lòng thử lại "
    "sau {minutes} phút hoặc liên hệ quản trị hệ thống."
)


def address_blocked(request) -> bool:
    """Too many failed logins from this address, whatever the usernames."""
    address = get_client_ip_address(request)
    since = timezone.now() - settings.AXES_COOLOFF_TIME
    failures = AccessAttempt.objects.filter(ip_address=address, attempt_time__gte=since).aggregate(
        total=Sum("failures_since_start")
    )["total"]
    return (failures or 0) >= settings.AXES_ADDRESS_FAILURE_LIMIT


def address_message() -> str:
    return ADDRESS_MESSAGE.format(minutes=int(settings.AXES_COOLOFF_TIME.total_seconds() // 60))
