"""People's figures on the pages of other apps (the unit page of organizations), so that
those apps need not import people."""

from django import template

from ptdv.people import selectors

register = template.Library()


@register.simple_tag
def member_counts(organization) -> dict:
    """`{% member_counts unit as counts %}`: total, official, probationary of the subtree."""
    return selectors.member_counts(organization)
