"""Pages of targets. Thin: parse the query, call the computations, render."""

from datetime import date, datetime

from django.db.models import Count, Max
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views import View

from ptdv.accounts.permissions import Action, user_can
from ptdv.core.views import ServiceFormView
from ptdv.organizations.models import Organization
from ptdv.organizations.pages import UnitPageMixin
from ptdv.organizations.scope import mergers_read_once, subtree_filter
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


class UnitMixin(UnitPageMixin):
    def as_of(self) -> date:
        """The date of the figures: ?ngay=dd/mm/yyyy, else today."""
        return parse_day(self.request.GET.get("ngay")) or timezone.localdate()


class UnitTargetsView(UnitMixin, View):
    def dispatch(self, request, *args, **kwargs):
        # A page that only reads: each subtree's merged units are read once (the page's
        # targets, its children's rows, the user's scope).
        with mergers_read_once():
            return super().dispatch(request, *args, **kwargs)

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


class CreateTargetView(UnitMixin, ServiceFormView):
    required_actions = {"*": Action.MANAGE_TARGETS}
    denied_message = "Vai trò của bạn không được giao hoặc đăng ký chỉ tiêu."
    form_class = TargetForm
    template_name = "targets/form.html"
    service = staticmethod(services.target_create)

    def success_message(self, target) -> str:
        return f"Đã lưu chỉ tiêu {target.value_text} ({target.period_text})."

    def success_url(self, target) -> str:
        return reverse("targets:unit", args=[self.object.pk])

    def get_context(self, form) -> dict:
        unit = self.object
        return {"form": form, "organization": unit, "title": f"Thêm chỉ tiêu cho {unit.name}"}


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


class OversightView(UnitMixin, ServiceFormView):
    """The committee members assigned to follow units of the subtree; the form to assign."""

    required_actions = {"post": Action.MANAGE_TARGETS}
    denied_message = "Vai trò của bạn không được phân công cấp ủy viên phụ trách."
    form_class = OversightForm
    template_name = "targets/oversight.html"
    service = staticmethod(services.oversight_create)

    def get_form_kwargs(self) -> dict:
        return {"user": self.request.user}

    def success_message(self, oversight) -> str:
        return "Đã phân công cấp ủy viên phụ trách."

    def success_url(self, oversight) -> str:
        return reverse("targets:oversight", args=[self.object.pk])

    def get_context(self, form) -> dict:
        unit, user = self.object, self.request.user
        oversights = (
            Oversight.objects.for_user(user)
            .filter(subtree_filter(unit))
            .select_related("organization")
            .annotate(report_count=Count("reports"), last_report=Max("reports__meeting_on"))
        )
        return {
            "organization": unit,
            "oversights": oversights,
            "form": form,
            "can_manage": user_can(user, Action.MANAGE_TARGETS),
        }


class OversightReportsView(ServiceFormView):
    """One assignment with its reports; the follower files a new report here."""

    model = Oversight
    form_class = OversightReportForm
    template_name = "targets/oversight_reports.html"
    related = ("organization",)
    service = staticmethod(services.oversight_report_file)
    object_argument = "oversight"

    def success_message(self, report) -> str:
        return "Đã gửi phiếu báo cáo."

    def success_url(self, report) -> str:
        return reverse("targets:oversight-reports", args=[self.object.pk])

    def get_context(self, form) -> dict:
        oversight, user = self.object, self.request.user
        can_file = oversight.follower_user_id == user.pk or user_can(user, Action.MANAGE_TARGETS)
        return {
            "oversight": oversight,
            "organization": oversight.organization,
            "reports": oversight.reports.select_related("filed_by"),
            "form": form,
            "can_file": can_file,
        }
