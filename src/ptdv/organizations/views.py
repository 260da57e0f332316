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
    """One reorganisation: the decision form, then the service; `perform` returns the unit
    to show next."""

    form_class = forms.DecisionForm
    template_name = "organizations/operation.html"
    related = ("kind", "sector")
    title = ""
    submit = "Thực hiện"

    def get_form_kwargs(self) -> dict:
        return {"user": self.request.user, "unit": self.object}

    def perform(self, form):
        return self.operate(form, self.object)

    def operate(self, form, organization):
        raise NotImplementedError

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
    form_class = forms.MergeForm
    title = "Hợp nhất, sáp nhập"

    def operate(self, form, organization):
        data = form.cleaned_data
        new = None
        if data.get("into") is None:
            new = {
                "parent": data["new_parent"],
                "code": data["new_code"],
                "name": data["new_name"],
                "kind": data["new_kind"],
                "sector": organization.sector,
            }
        return reorganisation.merge(
            acting_user=self.request.user,
            sources=[organization, *data["sources"]],
            decision=form.decision(),
            into=data.get("into"),
            new=new,
        )


class SplitView(OperationView):
    form_class = forms.SplitForm
    title = "Chia tách"

    def operate(self, form, organization):
        reorganisation.split(
            acting_user=self.request.user,
            unit=organization,
            decision=form.decision(),
            placements=form.placements(),
            members=form.member_cells(),
        )
        return organization


class MoveView(OperationView):
    form_class = forms.MoveForm
    title = "Chuyển cấp trên trực tiếp"

    def operate(self, form, organization):
        return reorganisation.move(
            acting_user=self.request.user,
            unit=organization,
            parent=form.cleaned_data["parent"],
            decision=form.decision(),
        )


class RenameView(OperationView):
    form_class = forms.RenameForm
    title = "Đổi tên"

    def operate(self, form, organization):
        return reorganisation.rename(
            acting_user=self.request.user,
            unit=organization,
            name=form.cleaned_data["name"],
            code=form.cleaned_data.get("code", ""),
            decision=form.decision(),
        )


class ChangeKindView(OperationView):
    form_class = forms.ChangeKindForm
    title = "Đổi loại tổ chức"

    def operate(self, form, organization):
        return reorganisation.change_kind(
            acting_user=self.request.user,
            unit=organization,
            kind=form.cleaned_data["kind"],
            decision=form.decision(),
        )


class DissolveView(OperationView):
    form_class = forms.DissolveForm
    title = "Giải thể"

    def operate(self, form, organization):
        return reorganisation.dissolve(
            acting_user=self.request.user,
            unit=organization,
            decision=form.decision(),
            merged_into=form.cleaned_data.get("merged_into"),
        )


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
