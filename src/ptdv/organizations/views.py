"""Pages of the organisation tree. Thin: parse, call a selector or service, render."""

from django.contrib import messages
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views import View

from ptdv.accounts.models import AuditEvent
from ptdv.accounts.permissions import Action, user_can
from ptdv.core.errors import DomainError
from ptdv.core.views import ScopedViewMixin, ServiceFormView, htmx_partial
from ptdv.organizations import accounts_follow, forms, history, reorganisation, selectors, services
from ptdv.organizations.forms import OrganizationEditForm, OrganizationForm
from ptdv.organizations.models import Organization
from ptdv.organizations.scope import subtree_filter


class OrganizationMixin(ScopedViewMixin):
    model = Organization

    def get_organization(self, pk: int) -> Organization:
        return get_object_or_404(self.get_queryset().select_related("kind", "sector"), pk=pk)


class TreeView(OrganizationMixin, View):
    def get(self, request):
        roots = (
            selectors.roots_for(request.user)
            .select_related("kind")
            .annotate(child_count=Count("children"))
        )
        return render(request, "organizations/tree.html", {"roots": roots})


class ChildrenView(OrganizationMixin, View):
    def get(self, request, pk: int):
        organization = self.get_organization(pk)
        children = selectors.children_of(request.user, organization)
        return render(
            request,
            "organizations/_children.html",
            {"organization": organization, "children": children},
        )


class SearchView(OrganizationMixin, View):
    def get(self, request):
        query = request.GET.get("q", "")
        results = selectors.search(request.user, query)
        template = (
            "organizations/_search_results.html"
            if htmx_partial(request)
            else ("organizations/search.html")
        )
        return render(request, template, {"query": query, "results": results})


class DetailView(OrganizationMixin, View):
    def get(self, request, pk: int):
        organization = self.get_organization(pk)
        context = {
            "organization": organization,
            "breadcrumb": selectors.ancestors_in_scope(request.user, organization),
            "children": selectors.children_of(request.user, organization),
            "predecessors": organization.predecessors.select_related("kind"),
            "officers": organization.users.filter(is_active=True).order_by("role", "username"),
            "can_manage": user_can(request.user, Action.MANAGE_ORGANIZATIONS),
            "can_view_audit": user_can(request.user, Action.VIEW_AUDIT),
        }
        return render(request, "organizations/detail.html", context)


class CreateChildView(OrganizationMixin, ServiceFormView):
    required_actions = {"*": Action.MANAGE_ORGANIZATIONS}
    denied_message = "Vai trò của bạn không được thay đổi cây tổ chức đảng."
    form_class = OrganizationForm
    template_name = "organizations/form.html"
    related = ("kind", "sector")

    def perform(self, form):
        return services.organization_create(
            acting_user=self.request.user, parent=self.object, **form.cleaned_data
        )

    def success_message(self, child) -> str:
        return f"Đã thêm «{child.name}»."

    def success_url(self, child) -> str:
        return reverse("organizations:detail", args=[child.pk])

    def get_context(self, form) -> dict:
        parent = self.object
        return {"form": form, "parent": parent, "title": f"Thêm tổ chức trực thuộc {parent.name}"}


class EditView(CreateChildView):
    form_class = OrganizationEditForm

    def get_form_kwargs(self) -> dict:
        return {"user": self.request.user}

    def get_initial(self) -> dict:
        organization = self.object
        return {
            "code": organization.code,
            "name": organization.name,
            "kind": organization.kind,
            "sector": organization.sector,
            "valid_from": organization.valid_from,
            "valid_to": organization.valid_to,
            "parent": organization.parent,
        }

    def perform(self, form):
        return services.organization_update(
            acting_user=self.request.user, organization=self.object, **form.cleaned_data
        )

    def success_message(self, result) -> str:
        return "Đã lưu thay đổi."

    def success_url(self, result) -> str:
        return reverse("organizations:detail", args=[self.object.pk])

    def get_context(self, form) -> dict:
        organization = self.object
        return {
            "form": form,
            "organization": organization,
            "title": f"Sửa thông tin {organization.name}",
        }


class AuditView(OrganizationMixin, View):
    required_actions = {"*": Action.VIEW_AUDIT}
    denied_message = "Vai trò của bạn không được xem nhật ký thay đổi."

    def get(self, request, pk: int):
        organization = self.get_organization(pk)
        events = (
            AuditEvent.objects.for_user(request.user)
            .filter(subtree_filter(organization))
            .select_related("organization")[:200]
        )
        return render(
            request, "organizations/audit.html", {"organization": organization, "events": events}
        )


# --- reorganisation ---------------------------------------------------------------------------


class ManageMixin(OrganizationMixin):
    required_actions = {"*": Action.MANAGE_ORGANIZATIONS}
    denied_message = "Vai trò của bạn không được thay đổi cây tổ chức đảng."


class ReorganisationView(ManageMixin, View):
    """The reorganisations of a unit and its earlier places, with the operations offered."""

    def get(self, request, pk: int):
        organization = self.get_organization(pk)
        context = {
            "organization": organization,
            "breadcrumb": selectors.ancestors_in_scope(request.user, organization),
            "operations": history.operations_of(organization),
            "places": organization.parent_history.select_related(
                "parent", "reorganisation"
            ).order_by("-valid_to"),
        }
        return render(request, "organizations/reorganisation.html", context)


class OperationView(ManageMixin, ServiceFormView):
    """One reorganisation: the decision form, then the service. Each page says it in data:
    the service (`operation`), the argument the unit of the page is passed as, the form
    fields passed as they are, and `arguments` for those the form builds."""

    form_class = forms.DecisionForm
    template_name = "organizations/operation.html"
    related = ("kind", "sector")
    title = ""
    submit = "Thực hiện"
    operation = None
    unit_argument: str | None = "unit"
    fields: tuple[str, ...] = ()

    def get_form_kwargs(self) -> dict:
        return {"user": self.request.user, "unit": self.object}

    def arguments(self, form) -> dict:
        return {}

    def perform(self, form):
        """Returns the unit to show next: the one the service returns, else the page's."""
        values = {name: form.cleaned_data.get(name) for name in self.fields}
        if self.unit_argument:
            values[self.unit_argument] = self.object
        result = type(self).operation(
            acting_user=self.request.user,
            decision=form.decision(),
            **values,
            **self.arguments(form),
        )
        return result if isinstance(result, Organization) else self.object

    def success_message(self, shown) -> str:
        return f"Đã thực hiện: {self.title.lower()}."

    def success_url(self, shown) -> str:
        return reverse("organizations:detail", args=[shown.pk])

    def get_context(self, form) -> dict:
        return {
            "form": form,
            "organization": self.object,
            "title": f"{self.title}: {self.object.name}",
            "submit": self.submit,
        }


class MergeView(OperationView):
    form_class, title = forms.MergeForm, "Hợp nhất, sáp nhập"
    operation = staticmethod(reorganisation.merge)
    unit_argument, fields = None, ("into",)

    def arguments(self, form) -> dict:
        data, unit = form.cleaned_data, self.object
        new = None
        if data.get("into") is None:
            new = {
                "parent": data["new_parent"],
                "code": data["new_code"],
                "name": data["new_name"],
                "kind": data["new_kind"],
                "sector": unit.sector,
            }
        return {"sources": [unit, *data["sources"]], "new": new}


class SplitView(OperationView):
    form_class, title = forms.SplitForm, "Chia tách"
    operation = staticmethod(reorganisation.split)

    def arguments(self, form) -> dict:
        return {
            "placements": form.placements(),
            "members": form.member_cells(),
            "candidates": form.candidate_cells(),
        }


class MoveView(OperationView):
    form_class, title = forms.MoveForm, "Chuyển cấp trên trực tiếp"
    operation, fields = staticmethod(reorganisation.move), ("parent",)


class RenameView(OperationView):
    form_class, title = forms.RenameForm, "Đổi tên"
    operation, fields = staticmethod(reorganisation.rename), ("name", "code")


class ChangeKindView(OperationView):
    form_class, title = forms.ChangeKindForm, "Đổi loại tổ chức"
    operation, fields = staticmethod(reorganisation.change_kind), ("kind",)


class DissolveView(OperationView):
    form_class, title = forms.DissolveForm, "Giải thể"
    operation, fields = staticmethod(reorganisation.dissolve), ("merged_into",)


class DissolvedAccountsView(ManageMixin, View):
    """Accounts still attached to a dissolved unit, for the administrator to move or close."""

    def get(self, request):
        accounts = accounts_follow.accounts_of_dissolved_units(request.user)
        return render(request, "organizations/dissolved_accounts.html", {"accounts": accounts})

    def post(self, request):
        account = get_object_or_404(
            accounts_follow.accounts_of_dissolved_units(request.user),
            pk=request.POST.get("account") if str(request.POST.get("account", "")).isdigit() else 0,
        )
        try:
            accounts_follow.account_follow(
                acting_user=request.user, account=account, close=request.POST.get("close") == "1"
            )
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, f"Đã xử lý tài khoản {account.username}.")
        return redirect("organizations:dissolved-accounts")
