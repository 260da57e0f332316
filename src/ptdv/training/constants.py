"""Values the training rules depend on. Change them here (or in settings.PTDV_TRAINING),
never as literals in the code."""

from django.conf import settings

# R8: the certificate of the party-awareness class is valid for 60 months. If it has run out
# by the date of the cell's admission meeting, the person re-takes the class.
# Source: Hướng dẫn 06-HD/BTCTW, điểm 5.4 ("thời hạn sử dụng văn bản trong hồ sơ") [S].
CERTIFICATE_VALIDITY_MONTHS = 60
CERTIFICATE_RULE = "(R8, Hướng dẫn 06-HD/BTCTW điểm 5.4)"

# How many days before the certificate runs out the pages warn. Not set by any rule [U].
DEFAULT_CERTIFICATE_WARNING_DAYS = 90

# The usual issuing body of the certificate (Hướng dẫn 01-HD/TW điểm 3.1): a district-level
# political centre, or the committee competent to admit where there is none. After 07/2025
# the level is unconfirmed [U]: each class names its issuing body as text.
DEFAULT_ISSUING_BODY = "Trung tâm Chính trị"


def certificate_warning_days() -> int:
    return int(
        getattr(settings, "PTDV_TRAINING", {}).get(
            "certificate_warning_days", DEFAULT_CERTIFICATE_WARNING_DAYS
        )
    )
