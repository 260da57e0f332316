"""Values the training rules depend on, read from the configuration registry (`core.config`,
docs/configuration.md): the certificate's validity is the admission rule R8
(`CERTIFICATE_VALID_MONTHS`, overridable in settings.PTDV_RECRUITMENT_RULES), shared with
the recruitment checks; never a literal in the code."""

from ptdv.core.config import setting

# R8: the certificate of the party-awareness class is valid for 60 months. If it has run out
# by the date of the cell's admission meeting, the person re-takes the class.
# Source: Hướng dẫn 06-HD/BTCTW, điểm 5.4 ("thời hạn sử dụng văn bản trong hồ sơ") [S].
CERTIFICATE_VALIDITY_MONTHS = setting("CERTIFICATE_VALID_MONTHS")
CERTIFICATE_RULE = "(R8, Hướng dẫn 06-HD/BTCTW điểm 5.4)"

# The usual issuing body of the certificate (Hướng dẫn 01-HD/TW điểm 3.1): a district-level
# political centre, or the committee competent to admit where there is none. After 07/2025
# the level is unconfirmed [U]: each class names its issuing body as text.
DEFAULT_ISSUING_BODY = setting("DEFAULT_ISSUING_BODY")


def certificate_validity_months() -> int:
    return int(setting("CERTIFICATE_VALID_MONTHS"))


def certificate_warning_days() -> int:
    """The pages and the worklist warn this many days before a certificate runs out."""
    return int(setting("CERTIFICATE_WARNING_DAYS"))
