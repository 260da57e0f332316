"""`{% dossier_papers dossier %}`: the papers and scans of a dossier on its page."""

from django import template

from ptdv.documents.selectors import dossier_papers

register = template.Library()


@register.inclusion_tag("documents/_dossier_panel.html", takes_context=True)
def dossier_papers_panel(context, dossier):
    return dossier_papers(context["request"].user, dossier)
