"""Pages and downloads of the documents app. Thin: find the object in the user's scope
(404 outside it), call the builder or the service, answer the file."""

from urllib.parse import quote

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views import View

from ptdv.accounts.permissions import Action
from ptdv.core.errors import DomainError
from ptdv.core.text import fold
from ptdv.core.views import ScopedViewMixin, ServiceFormView
from ptdv.documents import dossier_forms, periodic, selectors, services
from ptdv.documents import render as renderer
from ptdv.documents.forms import AttachmentForm, PackageForm
from ptdv.documents.models import Attachment, ReceivedFile, ReceivedPackage
from ptdv.documents.package import build_package
from ptdv.organizations.pages import UnitPageMixin
from ptdv.recruitment import selectors as recruitment_selectors
from ptdv.recruitment.models import Dossier
from ptdv.reports.views import period_from

FORMATS = {"docx", "pdf"}


def download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    ascii_name = fold(filename).replace(" ", "-")
    response["Content-Disposition"] = (
        f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"
    )
    return response


class DossierMixin(ScopedViewMixin):
    model = Dossier

    def dossier(self, pk: int) -> Dossier:
        return recruitment_selectors.dossier_for(self.request.user, pk)


def dossier_documents_page(request, dossier, form, status=200):
    return render(
        request,
        "documents/dossier.html",
        {**selectors.dossier_papers(request.user, dossier), "form": form},
        status=status,
    )


class DossierDocumentsView(DossierMixin, View):
    """The dossier's papers (which exist, which are missing), its scans and the upload."""

    def get(self, request, pk: int):
        return dossier_documents_page(request, self.dossier(pk), AttachmentForm())


class DossierDocumentView(DossierMixin, View):
    """One paper of the dossier as .docx or PDF."""

    def get(self, request, pk: int, key: str, fmt: str):
        dossier = self.dossier(pk)
        if fmt not in FORMATS:
            raise Http404
        attachments = Attachment.objects.filter(dossier=dossier)
        document = dossier_forms.build(dossier, key, attachments)
        if document is None:
            raise Http404("Tài liệu này chưa có: bước tạo ra nó chưa được ghi.")
        content, content_type = renderer.render(document, fmt)
        return download(content, content_type, f"{document.key}-{dossier.pk}.{fmt}")


class AttachmentCreateView(DossierMixin, ServiceFormView):
    required_actions = {"post": (Action.MANAGE_CANDIDATES, Action.MANAGE_DOSSIERS)}
    denied_message = "Vai trò của bạn không được đính kèm tài liệu vào hồ sơ."
    form_class = AttachmentForm
    uploads = True

    def get_object(self):
        return self.dossier(self.kwargs["pk"])

    def get(self, request, pk: int):
        self.get_object()
        return redirect("documents:dossier", pk=pk)

    def perform(self, form):
        return services.attachment_add(
            acting_user=self.request.user,
            dossier=self.object,
            step=form.cleaned_data["step"],
            title=form.cleaned_data["title"],
            upload=form.cleaned_data["file"],
        )

    def success_message(self, attachment) -> str:
        return f"Đã đính kèm «{attachment.title}»."

    def success_url(self, attachment) -> str:
        return reverse("documents:dossier", args=[self.object.pk])

    def render_form(self, form, status=200):
        return dossier_documents_page(self.request, self.object, form, status=status)


class AttachmentView(ScopedViewMixin, View):
    model = Attachment

    def get(self, request, pk: int):
        attachment = get_object_or_404(self.get_queryset(), pk=pk)
        try:
            content = services.read_stored(attachment.stored_as, attachment.sha256)
        except DomainError as error:
            raise Http404(error.message) from error
        return download(content, attachment.content_type, attachment.file_name)


class PackageView(DossierMixin, View):
    def get(self, request, pk: int):
        dossier = self.dossier(pk)
        content, _ = build_package(dossier, acting_user=request.user)
        return download(content, "application/zip", f"ho-so-dien-tu-{dossier.pk}.zip")


class ReceivedView(UnitPageMixin, ServiceFormView):
    """The packages received by a unit, and the form to receive one."""

    required_actions = {"post": Action.IMPORT_DATA}
    denied_message = "Vai trò của bạn không được nhập hồ sơ điện tử."
    form_class = PackageForm
    template_name = "documents/received.html"
    related = ("kind", "parent")
    uploads = True

    def perform(self, form):
        upload = form.cleaned_data["file"]
        return services.package_receive(
            acting_user=self.request.user,
            organization=self.object,
            content=b"".join(upload.chunks()),
            name=upload.name,
        )

    def show_error(self, form, error) -> None:
        form.add_error("file", error.message)

    def success_message(self, package) -> str:
        return f"Đã nhận hồ sơ của {package.person_name}: {package.files.count()} tệp."

    def success_url(self, package) -> str:
        return reverse("documents:received", args=[self.object.pk])

    def get_context(self, form) -> dict:
        packages = (
            ReceivedPackage.objects.for_user(self.request.user)
            .filter(organization=self.object)
            .prefetch_related("files")
        )
        return {"unit": self.object, "packages": packages, "form": form}


class ReceivedFileView(ScopedViewMixin, View):
    model = ReceivedFile

    def get(self, request, pk: int):
        received = get_object_or_404(self.get_queryset(), pk=pk)
        try:
            content = services.read_stored(received.stored_as, received.sha256)
        except DomainError as error:
            raise Http404(error.message) from error
        return download(content, received.content_type, received.name.rsplit("/", 1)[-1])


class ReportMixin(UnitPageMixin):
    related = ("kind", "parent")
    required_actions = {"*": Action.VIEW}
    denied_message = "Vai trò của bạn không được xem báo cáo."


class PeriodicReportView(ReportMixin, View):
    def get(self, request, pk: int, fmt: str):
        unit = self.get_unit(pk)
        if fmt not in FORMATS:
            raise Http404
        period, _ = period_from(request.GET)
        document = periodic.periodic_report(request.user, unit, period)
        content, content_type = renderer.render(document, fmt)
        return download(content, content_type, f"{document.key}.{fmt}")


class StatisticsFormView(ReportMixin, View):
    def get(self, request, pk: int, fmt: str):
        unit = self.get_unit(pk)
        if fmt not in FORMATS:
            raise Http404
        period, _ = period_from(request.GET)
        document = periodic.statistics_form(unit, period)
        content, content_type = renderer.render(document, fmt)
        return download(content, content_type, f"{document.key}.{fmt}")
