"""Pages of imports and exports. Thin: parse, call a service or selector, render or send."""

from datetime import date

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.views import View

from ptdv.accounts.permissions import Action, user_can
from ptdv.core.formatting import file_name_part
from ptdv.core.forms import VietnameseDateField
from ptdv.core.views import ScopedViewMixin, ServiceActionView, ServiceFormView, htmx_partial
from ptdv.imports import listings, selectors, services, workbooks
from ptdv.imports.engine import ACTION_LABELS
from ptdv.imports.kinds import KINDS
from ptdv.imports.models import ImportJob
from ptdv.organizations.models import Organization
from ptdv.organizations.selectors import roots_for
from ptdv.people.services import record_sensitive_view
from ptdv.training.models import AwarenessClass

JOB_LIST_LIMIT = 50


def _xlsx(content: bytes, file_name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=workbooks.XLSX)
    response["Content-Disposition"] = f'attachment; filename="{file_name}"'
    return response


class UploadForm(forms.Form):
    kind = forms.ChoiceField(
        label="Loại dữ liệu", choices=[(k.code, k.title) for k in KINDS.values()]
    )
    file = forms.FileField(
        label="Tệp Excel (.xlsx) hoặc CSV (UTF-8)",
        error_messages={"required": "Hãy chọn tệp.", "empty": "Tệp rỗng (0 byte)."},
        allow_empty_file=True,
    )
    awareness_class = forms.ModelChoiceField(
        label="Lớp bồi dưỡng (chỉ khi nhập kết quả lớp)",
        queryset=AwarenessClass.objects.none(),
        required=False,
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if user is not None:
            classes = AwarenessClass.objects.for_user(user).order_by("-starts_on")
            self.fields["awareness_class"].queryset = classes


class IndexView(ServiceFormView):
    """The recent import jobs of the user's subtree, and the upload form."""

    model = ImportJob
    required_actions = {"post": Action.IMPORT_DATA}
    denied_message = "Vai trò của bạn không được nhập dữ liệu từ tệp."
    form_class = UploadForm
    template_name = "imports/index.html"
    uploads = True

    def get_object(self):
        return None

    def _export_unit(self, request) -> tuple[Organization | None, str]:
        """The unit whose lists the page offers: `?ma=<code>`, else the user's own unit,
        else their top unit."""
        units = Organization.objects.for_user(request.user)
        code = request.GET.get("ma", "").strip()
        if code:
            found = units.filter(code=code).first()
            if found is not None:
                return found, ""
            error = f"Không có đơn vị mang mã «{code}» trong phạm vi của bạn."
        else:
            error = ""
        own = request.user.organization_id
        unit = units.filter(pk=own).first() if own else None
        return unit or roots_for(request.user).order_by("path").first(), error

    def get_context(self, form) -> dict:
        request = self.request
        services.jobs_expire_leases()
        jobs = self.get_queryset().defer("content").select_related("organization", "created_by")
        export_unit, export_error = self._export_unit(request)
        return {
            "export_unit": export_unit,
            "export_error": export_error,
            "form": form,
            "jobs": jobs[:JOB_LIST_LIMIT],
            "kinds": KINDS.values(),
            "can_import": user_can(request.user, Action.IMPORT_DATA),
        }

    def get_initial(self) -> dict:
        if self.request.GET.get("lop", "").isdigit():
            return {"kind": "class_results", "awareness_class": int(self.request.GET["lop"])}
        return {}

    def get_form_kwargs(self) -> dict:
        return {"user": self.request.user}

    def perform(self, form):
        upload = form.cleaned_data["file"]
        return services.job_submit(
            acting_user=self.request.user,
            kind=form.cleaned_data["kind"],
            file_name=upload.name,
            content=upload.read(),
            awareness_class=form.cleaned_data.get("awareness_class"),
        )

    def success_url(self, job) -> str:
        return reverse("imports:job", args=[job.pk])


class TemplateDownloadView(ScopedViewMixin, View):
    """The empty import file of a kind, with the user's cells in a sheet."""

    model = Organization

    def get(self, request):
        kind = KINDS.get(request.GET.get("loai", "members"), KINDS["members"])
        cells = (
            self.get_queryset()
            .filter(kind__is_cell=True, valid_to__isnull=True)
            .values_list("code", "name")[:5000]
        )
        return _xlsx(
            workbooks.template(kind, list(cells)), f"mau-nhap-{file_name_part(kind.sheet)}.xlsx"
        )


class JobView(ScopedViewMixin, View):
    model = ImportJob

    def get(self, request, pk: int):
        services.jobs_expire_leases()  # a job whose worker died says so
        jobs = self.get_queryset().defer("content").select_related("organization")
        job = get_object_or_404(jobs, pk=pk)
        result = job.result or {}
        preview = [
            {**row, "action_label": ACTION_LABELS[row["action"]]}
            for row in result.get("preview", [])
        ]
        context = {
            "job": job,
            "kind": KINDS.get(job.kind),
            "result": result,
            "problems": services.visible_problems(request.user, result.get("problems", [])),
            "preview": preview,
            "counts": result.get("counts", {}),
            "can_commit": job.status == "ready" and job.created_by_id == request.user.pk,
            "can_retry": result.get("retry") in ("check", "write")
            and job.status == "failed"
            and job.created_by_id == request.user.pk,
        }
        template = "imports/_job_status.html" if htmx_partial(request) else "imports/job.html"
        return render(request, template, context)


class JobActionView(ServiceActionView):
    """A button of the job's page: acts on the job and goes back to its page."""

    model = ImportJob
    object_argument = "job"

    def success_url(self, job) -> str:
        return reverse("imports:job", args=[job.pk])


class JobCommitView(JobActionView):
    service = staticmethod(services.job_confirm)

    def announce(self, job) -> None:
        if job.status == "done":
            messages.success(self.request, f"Đã ghi xong tệp «{job.file_name}».")
        elif job.is_running:
            messages.info(self.request, f"Đang ghi tệp «{job.file_name}»: trang tự cập nhật.")
        else:
            messages.error(self.request, "Không ghi được: chưa có dòng nào được ghi.")


class JobRetryView(JobActionView):
    """Run again a job whose worker died (its check, or its writing)."""

    service = staticmethod(services.job_retry)

    def announce(self, job) -> None:
        messages.info(self.request, f"Đã chạy lại lần nhập tệp «{job.file_name}».")


class JobErrorsView(ScopedViewMixin, View):
    """The error report: the file with the faulty cells in red, and the list of problems.
    It copies the file's rows (CCCD, religion…): only roles that see sensitive values."""

    model = ImportJob
    required_actions = {"get": Action.VIEW_SENSITIVE}
    denied_message = "Tệp lỗi chép lại dữ liệu nhạy cảm của tệp nhập."

    def get(self, request, pk: int):
        job = get_object_or_404(self.get_queryset(), pk=pk)
        problems = (job.result or {}).get("problems", [])
        table = services.error_table(job) if problems else None
        content = workbooks.error_report(job.file_name, table, problems)
        return _xlsx(content, f"loi-nhap-{job.pk}.xlsx")


class MemberExportView(ScopedViewMixin, View):
    """The current members of a unit's subtree, in the import template's layout."""

    model = Organization
    kind = "members"
    file_prefix = "dang-vien"

    def rows(self, unit):
        return selectors.member_rows(self.request.user, unit)

    def get(self, request, pk: int):
        unit = get_object_or_404(self.get_queryset(), pk=pk)
        kind = KINDS[self.kind]
        rows, sensitive = self.rows(unit)
        if sensitive:
            record_sensitive_view(
                user=request.user,
                obj=unit,
                organization=unit,
                where=f"tệp xuất {kind.title.lower()}",
                person_ids=[row["person_id"] for row in rows],
                filters={"unit": unit.code, "subtree": True},
            )
        today = timezone.localdate()
        title = f"{kind.title.upper()} — {unit.name} (xuất ngày {today:%d/%m/%Y})"
        content = workbooks.export(kind, title, rows)
        return _xlsx(content, f"{self.file_prefix}-{unit.code}-{today:%Y%m%d}.xlsx")


class CandidateExportView(MemberExportView):
    """The candidates followed in a unit's subtree, in the candidate template's layout."""

    kind = "candidates"
    file_prefix = "quan-chung-uu-tu"

    def rows(self, unit):
        return selectors.candidate_rows(self.request.user, unit)


class PeriodForm(forms.Form):
    tu = VietnameseDateField(label="Từ ngày", required=False)
    den = VietnameseDateField(label="Đến ngày", required=False)

    def clean(self):
        data = super().clean()
        if data.get("tu") and data.get("den") and data["tu"] > data["den"]:
            raise forms.ValidationError("«Từ ngày» phải trước «Đến ngày».")
        return data


class HandoverView(ScopedViewMixin, View):
    """The hand-over file of newly admitted and newly recognised members of a period: the
    page says how many; the file itself (`?tai=1`) copies CCCD numbers."""

    model = Organization
    required_actions = {"download": Action.VIEW_SENSITIVE}
    denied_message = "Vai trò của bạn không được xuất tệp có số CCCD."

    def action_key(self, request) -> str:
        if request.GET.get("tai") == "1" and PeriodForm(request.GET).is_valid():
            return "download"
        return super().action_key(request)

    def get(self, request, pk: int):
        unit = get_object_or_404(self.get_queryset(), pk=pk)
        today = timezone.localdate()
        form = PeriodForm(request.GET or None)
        start, end = date(today.year, 1, 1), today
        if form.is_bound and form.is_valid():
            start = form.cleaned_data["tu"] or start
            end = form.cleaned_data["den"] or end
        rows = selectors.handover_rows(request.user, unit, start, end)
        if form.is_bound and form.is_valid() and request.GET.get("tai") == "1":
            record_sensitive_view(
                user=request.user,
                obj=unit,
                organization=unit,
                where="tệp bàn giao cơ sở dữ liệu đảng viên",
                count=len(rows),
                filters={
                    "unit": unit.code,
                    "subtree": True,
                    "from": start.isoformat(),
                    "to": end.isoformat(),
                },
            )
            return _xlsx(
                workbooks.handover(unit.name, start, end, selectors.HANDOVER_FIELDS, rows),
                f"ban-giao-{unit.code}-{start:%Y%m%d}-{end:%Y%m%d}.xlsx",
            )
        context = {
            "unit": unit,
            "form": form,
            "start": start,
            "end": end,
            "count": len(rows),
            "names": [row[0] for row in rows[:50]],
        }
        return render(request, "imports/handover.html", context)


class ListExportView(ScopedViewMixin, View):
    """A list of a unit's subtree as .xlsx: the unit and the date of generation on top."""

    model = Organization
    title = ""
    file_prefix = ""

    def sheets(self, unit, today):
        raise NotImplementedError

    def get(self, request, pk: int):
        unit = get_object_or_404(self.get_queryset(), pk=pk)
        today = timezone.localdate()
        content = workbooks.listing(self.title, unit.name, today, self.sheets(unit, today))
        return _xlsx(content, f"{self.file_prefix}-{unit.code}-{today:%Y%m%d}.xlsx")


class ClassExportView(ListExportView):
    title = "Lớp bồi dưỡng nhận thức về Đảng và học viên"
    file_prefix = "lop-boi-duong"

    def sheets(self, unit, today):
        return listings.classes(self.request.user, unit)


class DossierExportView(ListExportView):
    title = "Hồ sơ kết nạp đảng viên"
    file_prefix = "ho-so-ket-nap"

    def sheets(self, unit, today):
        return listings.dossiers(self.request.user, unit, today)


class TargetExportView(ListExportView):
    title = "Chỉ tiêu kết nạp và kết quả thực hiện"
    file_prefix = "chi-tieu"

    def sheets(self, unit, today):
        return listings.targets(self.request.user, unit, today)


class TreeExportView(ListExportView):
    title = "Hệ thống tổ chức đảng"
    file_prefix = "to-chuc-dang"

    def sheets(self, unit, today):
        return listings.tree(self.request.user, unit)
