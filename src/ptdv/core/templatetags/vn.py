"""Template filters for Vietnamese formatting (loaded as a builtin everywhere)."""

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
