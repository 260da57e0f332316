"""`ptdv dossier_documents ID [ID…] --out DIR`: every paper of the dossiers as .docx and PDF,
and the electronic package, written to DIR (for checking the forms without a browser)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ptdv.documents import dossier_forms, render
from ptdv.documents.models import Attachment
from ptdv.documents.package import build_package
from ptdv.recruitment.models import Dossier


class Command(BaseCommand):
    help = "Xuất mọi văn bản (.docx, PDF) và gói hồ sơ điện tử của các hồ sơ kết nạp."

    def add_arguments(self, parser):
        parser.add_argument(
            "ids", nargs="*", type=int, help="mã hồ sơ; để trống: mỗi bước một hồ sơ"
        )
        parser.add_argument("--out", required=True, help="thư mục ghi tệp")

    def handle(self, *args, ids, out, **options):
        folder = Path(out)
        folder.mkdir(parents=True, exist_ok=True)
        if ids:
            dossiers = list(Dossier.objects.filter(pk__in=ids))
            if len(dossiers) != len(set(ids)):
                raise CommandError("Không tìm thấy một số hồ sơ.")
        else:  # one dossier of each state, the oldest first
            first = {}
            for dossier in Dossier.objects.order_by("pk"):
                first.setdefault(dossier.state, dossier)
            dossiers = list(first.values())
        for dossier in dossiers:
            target = folder / f"{dossier.pk}-{dossier.state}"
            target.mkdir(exist_ok=True)
            attachments = Attachment.objects.filter(dossier=dossier)
            for doc in dossier_forms.build_all(dossier, attachments):
                for fmt in ("docx", "pdf"):
                    (target / f"{doc.key}.{fmt}").write_bytes(render.render(doc, fmt)[0])
            content, _ = build_package(dossier, acting_user=None)
            (target / "ho-so-dien-tu.zip").write_bytes(content)
            self.stdout.write(f"{dossier.pk} ({dossier.get_state_display()}): {target}")
