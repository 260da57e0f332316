"""The electronic dossier package: one .zip per dossier with every generated paper (.docx
and .pdf), every scanned attachment and `manifest.json` (the dossier, the person, the steps
with their dates and document numbers, the files with their SHA-256, who generated the
package and when). `services.package_receive` reads it back in another installation."""

import hashlib
import json
import zipfile
from io import BytesIO

from django.utils import timezone

from ptdv.accounts.audit import audit_record
from ptdv.documents import dossier_forms, render
from ptdv.documents.models import Attachment
from ptdv.documents.services import MANIFEST, PACKAGE_FORMAT, read_stored
from ptdv.organizations.authority import grassroots_of
from ptdv.recruitment.models import Dossier


def _iso(value):
    return value.isoformat() if value else None


def _unit(unit) -> dict | None:
    return {"code": unit.code, "name": unit.name} if unit else None


def _dossier(dossier: Dossier) -> dict:
    fields = [
        "nominated_on",
        "certificate_date",
        "helper_assigned_on",
        "letter_date",
        "history_date",
        "stamped_on",
        "verification_sent_on",
        "history_certified_on",
        "introduced_on",
        "cell_resolution_date",
        "grassroots_resolution_date",
        "submitted_on",
        "decision_date",
        "decision_received_on",
        "ceremony_date",
        "probation_end",
        "new_member_course_date",
        "recognition_resolution_date",
        "recognition_decision_date",
        "official_from",
        "closed_on",
    ]
    return {
        "id": dossier.pk,
        "state": dossier.state,
        "state_label": dossier.get_state_display(),
        "unit": _unit(dossier.organization),
        "grassroots": _unit(grassroots_of(dossier.organization)),
        "decided_by": _unit(dossier.decided_by),
        "certificate_number": dossier.certificate_number,
        "cell_resolution_number": dossier.cell_resolution_number,
        "decision_number": dossier.decision_number,
        "recognition_decision_number": dossier.recognition_decision_number,
        "youth_union_resolution": dossier.youth_union_resolution,
        "dates": {name: _iso(getattr(dossier, name)) for name in fields},
    }


def _person(person) -> dict:
    # The citizen ID stays out: the package travels by hand and mail.
    return {
        "full_name": person.full_name,
        "birth_date": _iso(person.birth_date),
        "sex": person.sex,
        "ethnicity": person.ethnicity,
        "religion": person.religion,
        "home_town": person.home_town,
        "residence": person.residence,
        "occupation": person.occupation,
        "youth_union_member": person.youth_union_member,
    }


def _steps(dossier: Dossier) -> list[dict]:
    return [
        {
            "from": step.from_state,
            "to": step.to_state,
            "label": step.get_to_state_display(),
            "action": step.action,
            "recorded_at": _iso(step.at),
            "body": step.actor_body.name if step.actor_body_id else None,
            "meeting_date": _iso(step.meeting_date),
            "members": step.official_members,
            "votes_for": step.votes_for,
            "votes_against": step.votes_against,
            "document_number": step.document_number,
            "document_date": _iso(step.document_date),
        }
        for step in dossier.transitions.select_related("actor_body")
    ]


def build_package(dossier: Dossier, *, acting_user) -> tuple[bytes, dict]:
    """(the .zip, its manifest). Each paper is rendered once in each format."""
    attachments = list(Attachment.objects.filter(dossier=dossier))
    entries: list[tuple[dict, bytes]] = []
    for doc in dossier_forms.build_all(dossier, attachments):
        for fmt in ("docx", "pdf"):
            content, content_type = render.render(doc, fmt)
            entry = {
                "name": f"van-ban/{doc.key}.{fmt}",
                "kind": "document",
                "title": doc.title,
                "form": doc.form,
                "number": doc.header.number,
                "date": _iso(doc.header.day),
                "content_type": content_type,
            }
            entries.append((entry, content))
    for index, attachment in enumerate(attachments, start=1):
        content = read_stored(attachment.stored_as, attachment.sha256)
        entry = {
            "name": f"ban-quet/{index:02d}-{attachment.file_name}",
            "kind": "attachment",
            "title": attachment.title,
            "step": attachment.step,
            "content_type": attachment.content_type,
            "uploaded_at": _iso(attachment.uploaded_at),
        }
        entries.append((entry, content))
    for entry, content in entries:
        entry["size"] = len(content)
        entry["sha256"] = hashlib.sha256(content).hexdigest()
    user = acting_user if acting_user is not None and acting_user.is_authenticated else None
    manifest = {
        "format": PACKAGE_FORMAT,
        "generated_at": timezone.now().isoformat(timespec="seconds"),
        "generated_by": {
            "username": user.username if user else "",
            "full_name": str(user) if user else "hệ thống",
            "unit": _unit(getattr(user, "organization", None)) if user else None,
        },
        "dossier": _dossier(dossier),
        "person": _person(dossier.candidate.person),
        "steps": _steps(dossier),
        "files": [entry for entry, _ in entries],
    }
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=2))
        for entry, content in entries:
            archive.writestr(entry["name"], content)
    audit_record(
        actor=acting_user,
        event="package_export",
        obj=dossier,
        organization=dossier.organization,
        new={"files": len(entries)},
    )
    return buffer.getvalue(), manifest
