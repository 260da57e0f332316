"""Template filters for Vietnamese formatting (loaded as a builtin everywhere)."""

import re

from django import template

from ptdv.core.formatting import format_date, format_number, format_percent

register = template.Library()


@register.filter
def vn_number(value, decimals=0):
    return format_number(value, int(decimals))


@register.filter
def vn_percent(value, decimals=1):
    return format_percent(value, int(decimals))


@register.filter
def vn_date(value):
    return format_date(value)


@register.filter
def forecast_sentence(item) -> str:
    """The forecast of a count target as an officer writes it: "Với nhịp độ hiện nay, đến
    31/12 ước đạt 186/200 (93%)." Empty when there is nothing to forecast (no count target,
    the period over or not begun)."""
    forecast = getattr(item, "forecast", None)
    if forecast is None or item.finished or item.as_of < item.target.period_start:
        return ""
    end = item.target.period_end
    day = end.strftime("%d/%m") if end.year == item.as_of.year else format_date(end)
    share = (
        format_percent(forecast.value * 100 / item.target.min_value, 0)
        if item.target.min_value
        else None
    )
    tail = f" ({share})" if share else ""
    return (
        f"Với nhịp độ hiện nay, đến {day} ước đạt "
        f"{format_number(forecast.value)}/{item.target.value_text}{tail}."
    )


@register.filter
def pace_sentence(item) -> str:
    """Time gone against target reached: "Đã qua 75% thời gian của kỳ, đạt 81% chỉ tiêu:
    nhanh hơn tiến độ." Empty once the period is over or before it begins."""
    pace = getattr(item, "pace", None)
    if pace is None or item.finished or item.as_of < item.target.period_start:
        return ""
    if pace >= 1:
        verdict = "nhanh hơn tiến độ"
    elif item.behind:
        verdict = "chậm so với tiến độ"
    else:
        verdict = "gần đúng tiến độ"
    return (
        f"Đã qua {format_percent(item.elapsed_percent, 0)} thời gian của kỳ, đạt "
        f"{format_percent(item.percent_min or 0, 0)} chỉ tiêu: {verdict}."
    )


@register.filter
def with_items(columns):
    """The columns (label, items…) of a board that hold at least one item: empty columns are
    not shown."""
    return [column for column in columns if column[-1]]


_RULE_NOTE = re.compile(r"\s*\((R\d+[^()]*)\)\s*$")


@register.filter
def plain_label(text) -> str:
    """A label without its rule code: "Quyết định kết nạp (R25, R26)" → "Quyết định kết nạp".
    The code and its source go to the help text (`rule_note`) or to a refusal."""
    return _RULE_NOTE.sub("", str(text))


@register.filter
def rule_note(text) -> str:
    """The rule a label cites, for the help text: "Căn cứ: R25, R26" (empty without one)."""
    match = _RULE_NOTE.search(str(text))
    return f"Căn cứ: {match.group(1)}." if match else ""


_ISO_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


def _value_text(value) -> str:
    if value is True:
        return "có"
    if value is False:
        return "không"
    if value is None or value == "":
        return "(trống)"
    if isinstance(value, str) and _ISO_DAY.match(value):
        year, month, day = _ISO_DAY.match(value).groups()
        return f"{day}/{month}/{year}"
    if isinstance(value, list):
        return ", ".join(_value_text(v) for v in value) or "(trống)"
    if isinstance(value, dict):
        return "; ".join(f"{k}: {_value_text(v)}" for k, v in value.items())
    return str(value)


@register.filter
def change_text(values) -> str:
    """An audit row's old or new values as an officer reads them: yes/no, empty and dates
    in Vietnamese ("ngày thành lập: 01/03/2021; có"), not Python's True/None."""
    return _value_text(values)
