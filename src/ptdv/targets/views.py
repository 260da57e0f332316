"""Pages of targets. Thin: parse the query, call the computations, render."""

from datetime import date, datetime

from django.contrib import messages
from django.db.models import Count, Max
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views import View

from ptdv.accounts.permissions import Action, user_can
from ptdv.core.errors import DomainError
from ptdv.core.views import ScopedViewMixin
from ptdv.organizations.models import Organization
from ptdv.organizations.scope import subtree_filter
from ptdv.organizations.selectors import ancestors_in_scope
from ptdv.targets import achievement as calc
from ptdv.targets import selectors, services, watchlist
from ptdv.targets.config import conf
from ptdv.targets.forms import OversightForm, OversightReportForm, TargetForm
from ptdv.targets.models import Oversight, TargetKind, TargetMeasure
from ptdv.targets.ranking import CRITERIA_LABELS


def parse_day(text: str | None) -> date | None:
    try:
        return datetime.strptime(text or "", "%d/%m/%Y").date()
    except ValueError:
        return None


def parse_int(text: str | None, default: int, low: int, high: int) -> int:
    return int(text) if text and text.isdigit() and low <= int(text) <= high else default


class UnitMixin(ScopedViewMixin):
    model = Organization

    def get_unit(self, pk: int) -> Organization:
        return get_object_or_404(self.get_queryset().select_related("kind"), pk=pk)

    def as_of(self) -> date:
        """The date of the figures: ?ngay=dd/mm/yyyy, else today."""
        return parse_day(self.request.GET.get("ngay")) or timezone.localdate()


class UnitTargetsView(UnitMixin, View):
    def get(self, request, pk: int):
        unit = self.get_unit(pk)
        as_of = self.as_of()
        targets = list(unit.targets.select_related("organization"))
        items = calc.achievements(targets, as_of=as_of)
        groups = [
            (label, [item for item in items if item.target.kind == kind])
            for kind, label in TargetKind.choices
        ]
        counts = [t for t in targets if t.measure == TargetMeasure.COUNT]
        selected = next((t for t in counts if str(t.pk) == request.GET.get("chi_tieu")), None)
        selected = selected or (counts[0] if counts else None)
        children = Organization.objects.for_user(request.user).filter(parent=unit)
        context = {
            "organization": unit,
            "breadcrumb": ancestors_in_scope(request.user, unit),
            "as_of": as_of,
            "groups": [(label, group) for label, group in groups if group],
            "count_targets": counts,
            "selected": selected,
            "can_manage": user_can(request.user, Action.MANAGE_TARGETS),
        }
        if selected is not None:
            children = children.active_between(selected.period_start, selected.period_end)
            context["children_rows"] = calc.children_table(children, target=selected, as_of=as_of)
            context["allocation"] = calc.allocation_check(selected)
        return render(request, "targets/unit.html", context)


class CreateTargetView(UnitMixin, View):
    required_actions = {"*": Action.MANAGE_TARGETS}
    denied_message = "Vai trò của bạn không được giao hoặc đăng ký chỉ tiêu."

    def get(self, request, pk: int):
        unit = self.get_unit(pk)
        return self._render(request, unit, TargetForm())

    def post(self, request, pk: int):
        unit = self.get_unit(pk)
        form = TargetForm(request.POST)
        if form.is_valid():
            try:
                target = services.target_create(
                    acting_user=request.user, organization=unit, **form.cleaned_data
                )
            except DomainError as error:
                form.add_error(error.field if error.field in form.fields else None, error.message)
            else:
                messages.success(
                    request, f"Đã lưu chỉ tiêu {target.value_text} ({target.period_text})."
                )
                return redirect("targets:unit", pk=unit.pk)
        return self._render(request, unit, form, status=400)

    def _render(self, request, unit, form, status=200):
        return render(
            request,
            "targets/form.html",
            {"form": form, "organization": unit, "title": f"Thêm chỉ tiêu cho {unit.name}"},
            status=status,
        )


class RankingView(UnitMixin, View):
    def get(self, request, pk: int):
        unit = self.get_unit(pk)
        as_of = self.as_of()
        year = parse_int(request.GET.get("nam"), as_of.year, 1945, 2100)
        ranking = selectors.emulation_ranking_for(request.user, unit, year=year, as_of=as_of)
        criteria = [
            (name, CRITERIA_LABELS.get(name, name), weight)
            for name, weight in conf("EMULATION_CRITERIA")
        ]
        return render(
            request,
            "targets/ranking.html",
            {
                "organization": unit,
                "rows": ranking.ranked,
                "without_target": ranking.without_target,
                "year": year,
                "as_of": ranking.as_of,
                "criteria": criteria,
            },
        )


class WatchView(UnitMixin, View):
    def get(self, request, pk: int):
        unit = self.get_unit(pk)
        as_of = self.as_of()
        years = parse_int(request.GET.get("so_nam"), conf("WATCH_YEARS"), 1, 20)
        return render(
            request, "targets/watch.html", watchlist.watch_list(unit, as_of=as_of, years=years)
        )


class OversightView(UnitMixin, View):
    """The committee members assigned to follow units of the subtree; the form to assign."""

    required_actions = {"post": Action.MANAGE_TARGETS}
    denied_message = "Vai trò của bạn không được phân công cấp ủy viên phụ trách."

    def get(self, request, pk: int):
        unit = self.get_unit(pk)
        return self._render(request, unit, OversightForm(user=request.user))

    def post(self, request, pk: int):
        unit = self.get_unit(pk)
        form = OversightForm(request.POST, user=request.user)
        if form.is_valid():
            try:
                services.oversight_create(
                    acting_user=request.user, organization=unit, **form.cleaned_data
                )
            except DomainError as error:
                form.add_error(error.field if error.field in form.fields else None, error.message)
            else:
                messages.success(request, "Đã phân công cấp ủy viên phụ trách.")
                return redirect("targets:oversight", pk=unit.pk)
        return self._render(request, unit, form, status=400)

    def _render(self, request, unit, form, status=200):
        oversights = (
            Oversight.objects.for_user(request.user)
            .filter(subtree_filter(unit))
            .select_related("organization")
            .annotate(report_count=Count("reports"), last_report=Max("reports__meeting_on"))
        )
        return render(
            request,
            "targets/oversight.html",
            {
                "organization": unit,
                "oversights": oversights,
                "form": form,
                "can_manage": user_can(request.user, Action.MANAGE_TARGETS),
            },
            status=status,
        )


class OversightReportsView(ScopedViewMixin, View):
    """One assignment with its reports; the follower files a new report here."""

    model = Oversight

    def get_oversight(self, pk: int) -> Oversight:
        return get_object_or_404(self.get_queryset().select_related("organization"), pk=pk)

    def get(self, request, pk: int):
        oversight = self.get_oversight(pk)
        return self._render(request, oversight, OversightReportForm())

    def post(self, request, pk: int):
        oversight = self.get_oversight(pk)
        form = OversightReportForm(request.POST)
        if form.is_valid():
            try:
                services.oversight_report_file(
                    acting_user=request.user, oversight=oversight, **form.cleaned_data
                )
            except DomainError as error:
                form.add_error(error.field if error.field in form.fields else None, error.message)
            else:
                messages.success(request, "Đã gửi phiếu báo cáo.")
                return redirect("targets:oversight-reports", pk=oversight.pk)
        return self._render(request, oversight, form, status=400)

    def _render(self, request, oversight, form, status=200):
        can_file = oversight.follower_user_id == request.user.pk or user_can(
            request.user, Action.MANAGE_TARGETS
        )
        return render(
            request,
            "targets/oversight_reports.html",
            {
                "oversight": oversight,
                "organization": oversight.organization,
                "reports": oversight.reports.select_related("filed_by"),
                "form": form,
                "can_file": can_file,
            },
            status=status,
        )
