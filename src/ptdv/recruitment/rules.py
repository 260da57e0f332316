"""The admission rules' configurable values, read from the configuration registry.

Values tagged [U] (unconfirmed) in DOMAIN.md are here so that an administrator can change
them in `settings.PTDV_RECRUITMENT_RULES` ({"KEY": value}) without touching the code.
The values live in the configuration registry (`core.config`, docs/configuration.md).
"""

from ptdv.core.config import group, setting

# The admission rules of the configuration registry (`core.config`), by key: each with its
# default, legal basis and whether the basis is confirmed.
DEFAULTS = group("recruitment")


def rule(key: str):
    """The value in force: the settings override, or the default."""
    return setting(key)


def basis(key: str) -> str:
    """The legal basis of a value, without its rule code: "Quy định 294-QĐ/TW điểm 1.1"."""
    return DEFAULTS[key].basis.split(" — ", 1)[-1]


def vote_share() -> str:
    """The required share of votes as written in the messages: "2/3"."""
    return f"{rule('VOTE_NUMERATOR')}/{rule('VOTE_DENOMINATOR')}"


def years(months: int) -> str:
    """A limit in months as the rules say it: 216 → "18 tuổi"; 30 → "30 tháng"."""
    return f"{months // 12} tuổi" if months % 12 == 0 else f"{months} tháng tuổi"


def two_thirds_reached(votes_for: int, total: int) -> bool:
    """votes_for ≥ 2/3 of total, in integers (no rounding surprise): 4 of 6 passes, 3 of 6 not."""
    return votes_for * rule("VOTE_DENOMINATOR") >= total * rule("VOTE_NUMERATOR")
