"""Report pages and exports. Thin: find the unit in the user's scope, read the period,
call `figures`, render."""

from datetime import date, datetime

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views import View

from ptdv.accounts.permissions import Action, user_can
from ptdv.core.formatting import file_name_part
from ptdv.core.routers import replica_reads
from ptdv.core.views import ScopedViewMixin
from ptdv.documents.periodic import briefing_parts
from ptdv.organizations import selectors as org_selectors
from ptdv.organizations.history import recorded_prefixes
from ptdv.organizations.models import Organization
from ptdv.organizations.scope import mergers_read_once, scope_prefixes
from ptdv.reports import config, exports, figures, statistical_form, timeseries, watch
from ptdv.reports.cache import Deferred, cached
from ptdv.reports.narrative import narrative

DATE_FORMATS = ("%d/%m/%Y", "%Y-%m-%d")
PEOPLE_LIMIT = 500


def parse_day(text: str | None) -> date | None:
    for pattern in DATE_FORMATS:
        try:
            return datetime.strptime((text or "").strip(), pattern).date()
        except ValueError:
            continue
    return None


def period_from(params) -> tuple[figures.Period, str]:
    """The period of the query string (`tu`, `den`: dd/mm/yyyy or yyyy-mm-dd); by default
    from the start of the term to today. Returns the period and an error to show, if any."""
    end = parse_day(params.get("den")) or timezone.localdate()
    start = parse_day(params.get("tu")) or min(config.TERM_START, end)
    error = ""
    if (params.get("tu") and not parse_day(params.get("tu"))) or (
        params.get("den") and not parse_day(params.get("den"))
    ):
        error = "Ngày không hợp lệ: nhập theo dạng dd/mm/yyyy."
    if start > end:
        error = "Ngày bắt đầu phải trước ngày kết thúc; đã đổi chỗ hai ngày."
        start, end = end, start
    return figures.Period(start, end), error


class ReportMixin(ScopedViewMixin):
    model = Organization
    required_actions = {"*": Action.VIEW}
    denied_message = "Vai trò của bạn không được xem báo cáo."

    def dispatch(self, request, *args, **kwargs):
        if request.method not in ("GET", "HEAD"):
            return super().dispatch(request, *args, **kwargs)
        # Reports only read: a replica may serve them, and the tree does not change within
        # the request (each subtree's merged units are read once).
        with replica_reads(), mergers_read_once():
            return super().dispatch(request, *args, **kwargs)

    def load(self, request, pk: int):
        """The unit, the period and the paths to count under; the statistics are read by
        the pages that show them (`load_statistics`), not by every report page."""
        self.load_unit(request, pk)
        self.prefixes = self.unit_prefixes()
        self.stats = None

    def load_statistics(self, request, pk: int):
        self.load(request, pk)
        self.stats = figures.statistics(self.unit, self.period, self.prefixes)

    def load_unit(self, request, pk: int):
        """The unit in the user's scope and the period asked."""
        self.unit = get_object_or_404(self.get_queryset().select_related("kind"), pk=pk)
        self.period, self.period_error = period_from(request.GET)
        self.as_recorded = request.GET.get("so-lieu") == "ghi-nhan"

    def unit_prefixes(self) -> tuple:
        """The paths to count under: restated to today's structure (the default) or as
        recorded on the period's last day."""
        if self.as_recorded:
            return recorded_prefixes(self.unit, self.period.end)
        return figures.unit_prefixes(self.unit)

    def figure_from(self, request) -> figures.Figure:
        figure = figures.FIGURES_BY_KEY.get(request.GET.get("chi-so", "admitted"))
        if figure is None:
            raise Http404("Không có chỉ số này.")
        if figure.sensitive and not user_can(request.user, Action.VIEW_SENSITIVE):
            raise PermissionDenied(
                "Vai trò của bạn không được xem danh sách theo tôn giáo, dân tộc."
            )
        return figure

    def base_context(self) -> dict:
        return {
            "unit": self.unit,
            "period": self.period,
            "period_error": self.period_error,
            "as_recorded": self.as_recorded,
            "query": f"tu={self.period.start:%d/%m/%Y}&den={self.period.end:%d/%m/%Y}"
            + ("&so-lieu=ghi-nhan" if self.as_recorded else ""),
        }


class DashboardView(ReportMixin, View):
    def get(self, request, pk: int):
        self.load_unit(request, pk)
        user, today = request.user, timezone.localdate()
        sensitive = user_can(user, Action.VIEW_SENSITIVE)
        # Everything the figures depend on besides the data (reports/cache.py): the same
        # page for every officer of the same scope and role, until the next write under it.
        parts = (
            self.unit.pk,
            self.period,
            self.period_error,
            self.as_recorded,
            today,
            scope_prefixes(user),
            getattr(user, "role", ""),
            sensitive,
        )
        # What it reads: the unit's subtree (merged units included); read as recorded on a
        # past day, units that have left it since, so any write counts.
        self.prefixes = None if self.as_recorded else self.unit_prefixes()
        reads = ("/",) if self.prefixes is None else self.prefixes
        data = cached("dashboard", parts, lambda: self.figures(user, today, sensitive), reads=reads)
        context = {
            **self.base_context(),
            **data["figures"].lazily(),
            "body": data["body"],
            "breadcrumb": org_selectors.ancestors_in_scope(user, self.unit),
            "can_view_sensitive": sensitive,
        }
        return render(request, "reports/dashboard.html", context)

    def figures(self, user, today, sensitive: bool) -> dict:
        """The page's figures, and the page below its breadcrumb rendered from them: read
        from the database and the key's parts, nothing else of the request."""
        if self.prefixes is None:  # as recorded: read only when computed
            self.prefixes = self.unit_prefixes()
        self.stats = stats = figures.statistics(self.unit, self.period, self.prefixes)
        trends = timeseries.trends_by_grain(
            self.prefixes, self.period, ("month", "quarter", "year")
        )
        series = trends["month"]
        progress, behind = watch.progress_and_behind(user, self.unit, self.period)
        target = timeseries.count_target(self.unit, self.period)
        chart = {
            "labels": [row["label"] for row in series],
            "current": [row["count"] for row in series],
            "previous": [row["previous"] for row in series],
            "cumulative": [row["cumulative"] for row in series],
            "target": timeseries.target_line(target, self.period, series),
            "target_label": f"Đường chỉ tiêu ({target.value_text})" if target else "",
        }
        data = {
            "stats": stats,
            "target": target,
            "progress": progress,
            "growth": stats.growth(),
            "trained": watch.trained_not_admitted(user, self.unit, self.period.end),
            "watch": watch.watch_list(user, self.unit, self.period.end, today, behind=behind),
            "groups": stats.groups(),
            "occupations": figures.occupations(self.prefixes, self.period),
            "children": timeseries.children_admissions(user, self.unit, self.period),
            "years": trends["year"],
            "quarters": trends["quarter"],
            "chart": chart,
            "narrative": narrative(stats),
        }
        body = {**self.base_context(), **data, "can_view_sensitive": sensitive}
        return {
            "body": mark_safe(render_to_string("reports/_dashboard_body.html", body)),
            # Stored with the entry, unpickled only if read (the page above shows the body).
            "figures": Deferred(data),
        }


class TrainedView(ReportMixin, View):
    """The trained-not-admitted pool: certificate valid on the period's last day."""

    def get(self, request, pk: int):
        self.load(request, pk)
        persons = watch.trained_people(request.user, self.unit, self.period.end)
        total = watch.trained_not_admitted(request.user, self.unit, self.period.end)
        context = {
            **self.base_context(),
            "persons": persons[:PEOPLE_LIMIT],
            "total": total,
            "limit": PEOPLE_LIMIT,
            "can_enlist": user_can(request.user, Action.MANAGE_CANDIDATES),
        }
        return render(request, "reports/trained.html", context)


class FormMixin(ReportMixin):
    def form_context(self) -> dict:
        columns = statistical_form.statistical_form(
            self.unit,
            self.period,
            self.prefixes,
            recorded_on=self.period.end if self.as_recorded else None,
        )
        sections = [
            (
                title,
                [
                    {"figure": f, "counts": [column.counts[f.key] for column in columns]}
                    for f in chosen
                ],
            )
            for title, chosen in statistical_form.form_rows()
        ]
        return {**self.base_context(), "columns": columns, "sections": sections}


class FormView(FormMixin, View):
    def get(self, request, pk: int):
        self.load(request, pk)
        return render(request, "reports/form.html", self.form_context())


class FormXlsxView(FormMixin, View):
    def get(self, request, pk: int):
        self.load(request, pk)
        context = self.form_context()
        content = exports.form_xlsx(self.unit, self.period, context["columns"], context["sections"])
        return _attachment(
            content, exports.XLSX_TYPE, f"bieu-thong-ke-dang-vien-moi-{self.unit.pk}.xlsx"
        )


class PeopleView(ReportMixin, View):
    def get(self, request, pk: int):
        self.load(request, pk)
        figure = self.figure_from(request)
        occupation = request.GET.get("nghe")
        members = figures.people(self.prefixes, self.period, figure, occupation)
        total = members.count()
        context = {
            **self.base_context(),
            "figure": figure,
            "occupation": occupation,
            "members": members[:PEOPLE_LIMIT],
            "total": total,
            "limit": PEOPLE_LIMIT,
        }
        return render(request, "reports/people.html", context)


def _attachment(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


class MakeupXlsxView(ReportMixin, View):
    def get(self, request, pk: int):
        self.load_statistics(request, pk)
        content = exports.makeup_xlsx(self.stats, figures.occupations(self.prefixes, self.period))
        return _attachment(content, exports.XLSX_TYPE, f"co-cau-dang-vien-moi-{self.unit.pk}.xlsx")


class PeopleXlsxView(ReportMixin, View):
    def get(self, request, pk: int):
        self.load(request, pk)
        figure = self.figure_from(request)
        members = figures.people(self.prefixes, self.period, figure, request.GET.get("nghe"))
        content = exports.people_xlsx(self.unit, self.period, figure, members)
        return _attachment(
            content,
            exports.XLSX_TYPE,
            f"danh-sach-{file_name_part(figure.label)}-{self.unit.pk}.xlsx",
        )


class BriefingPdfView(ReportMixin, View):
    def get(self, request, pk: int):
        self.load_statistics(request, pk)
        series = timeseries.trends(self.prefixes, self.period, "month")
        peak = max([row["count"] for row in series] + [1])
        context = {
            **self.base_context(),
            "groups": self.stats.groups(),
            "narrative": narrative(self.stats),
            "growth": self.stats.growth(),
            "series": [{**row, "width": round(row["count"] * 100 / peak, 1)} for row in series],
            "years": timeseries.trends(self.prefixes, self.period, "year"),
            "children": timeseries.children_admissions(request.user, self.unit, self.period),
        }
        # The Party's document format (header, headline figures, chart, signing block).
        context.update(briefing_parts(request.user, self.unit, self.period, self.stats, series))
        return _attachment(
            exports.briefing_pdf(context), "application/pdf", f"giao-ban-{self.unit.pk}.pdf"
        )
