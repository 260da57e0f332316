"""Numbers, percentages and dates written the Vietnamese way: 2.030, 101,5%, 01/03/2021.

Used by pages, exports and generated text alike, so none depends on the active locale.
"""

from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal


def format_number(value: int | float | Decimal | None, decimals: int = 0) -> str:
    if value is None:
        return "—"
    quantum = Decimal(1).scaleb(-decimals)
    number = Decimal(str(value)).quantize(quantum, rounding=ROUND_HALF_UP)
    sign = "-" if number < 0 else ""
    whole, _, fraction = f"{abs(number):f}".partition(".")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    text = ".".join(groups)
    if decimals:
        text = f"{text},{fraction}"
    return sign + text


def format_percent(value: float | Decimal | None, decimals: int = 1) -> str:
    """`value` is already a percentage: 101.5 → "101,5%"."""
    if value is None:
        return "—"
    return f"{format_number(value, decimals)}%"


def format_date(value: date | datetime | None) -> str:
    if value is None:
        return ""
    return value.strftime("%d/%m/%Y")


def file_name_part(text: str) -> str:
    """A piece of a download's file name: Vietnamese without accents, words joined by
    hyphens ("Quần chúng ưu tú" → "quan-chung-uu-tu")."""
    import re

    from ptdv.core.text import fold

    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")
