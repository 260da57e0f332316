"""Scoped reads of the documents app."""

from ptdv.documents import dossier_forms
from ptdv.documents.models import Attachment
from ptdv.documents.services import can_attach
from ptdv.recruitment.models import Dossier


def dossier_papers(user, dossier: Dossier) -> dict:
    """The papers of a dossier (ready or still missing) and its scans, for its pages."""
    papers = [
        {"spec": spec, "ready": bool(spec.ready(dossier))}
        for spec in dossier_forms.FORMS
        if spec.needed(dossier)
    ]
    return {
        "dossier": dossier,
        "papers": papers,
        "cover_key": dossier_forms.COVER_KEY,
        "attachments": Attachment.objects.for_user(user)
        .filter(dossier=dossier)
        .select_related("uploaded_by"),
        "can_attach": can_attach(user),
    }
