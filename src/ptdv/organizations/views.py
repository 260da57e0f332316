"""Pages of the organisation tree. Thin: parse, call a selector or service, render."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.views import View

from ptdv.accounts.models import AuditEvent
from ptdv.accounts.permissions import Action, user_can
from ptdv.core.errors import DomainError
from ptdv.core.views import ScopedViewMixin, htmx_partial
from ptdv.organizations import (
    accounts_follow,
    forms,
    history,
    reorganisation,
    selectors,
    services,
)
from ptdv.organizations.models import Organization
from ptdv.organizations.scope import subtree_filter
from ptdv.people.models import Member, MemberStatus


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
        # One query for the three member figures of the whole subtree.
        members = Member.objects.current().filter(subtree_filter(organization))
        counts = members.aggregate(
            total=Count("pk"),
            official=Count("pk", filter=Q(status=MemberStatus.OFFICIAL)),
            probationary=Count("pk", filter=Q(status=MemberStatus.PROBATIONARY)),
        )
        context = {
            "organization": organization,
            "breadcrumb": selectors.ancestors_in_scope(request.user, organization),
            "children": selectors.children_of(request.user, organization),
            "predecessors": organization.predecessors.select_related("kind"),
            "member_counts": counts,
            "officers": organization.users.filter(is_active=True).order_by("role", "username"),
            "can_manage": user_can(request.user, Action.MANAGE_ORGANIZATIONS),
            "can_view_audit": user_can(request.user, Action.VIEW_AUDIT),
        }
        return render(request, "organizations/detail.html", context)


class CreateChildView(OrganizationMixin, View):
    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not user_can(
            request.user, Action.MANAGE_ORGANIZATIONS
        ):
            raise PermissionDenied("Vai trò của bạn không được thay đổi cây tổ chức đảng.")
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, pk: int):
        parent = self.get_organization(pk)
        return self._render(request, parent, forms.OrganizationForm())

    def post(self, request, pk: int):
        parent = self.get_organization(pk)
        form = forms.OrganizationForm(request.POST)
        if form.is_valid():
            try:
                child = services.organization_create(
                    acting_user=request.user, parent=parent, **form.cleaned_data
                )
            except DomainError as error:
                form.add_error(error.field if error.field in form.fields else None, error.message)
            else:
                messages.success(request, f"Đã thêm «{child.name}».")
                return redirect("organizations:detail", pk=child.pk)
        return self._render(request, parent, form, status=400)

    def _render(self, request, parent, form, status=200):
        return render(
            request,
            "organizations/form.html",
            {"form": form, "parent": parent, "title": f"Thêm tổ chức trực thuộc {parent.name}"},
            status=status,
        )


class EditView(CreateChildView):
    def get(self, request, pk: int):
        organization = self.get_organization(pk)
        form = forms.OrganizationEditForm(
            user=request.user,
            initial={
                "code": organization.code,
                "name": organization.name,
                "kind": organization.kind,
                "sector": organization.sector,
                "valid_from": organization.valid_from,
                "valid_to": organization.valid_to,
                "parent": organization.parent,
            },
        )
        return self._render_edit(request, organization, form)

    def post(self, request, pk: int):
        organization = self.get_organization(pk)
        form = forms.OrganizationEditForm(request.POST, user=request.user)
        if form.is_valid():
            try:
                services.organization_update(
                    acting_user=request.user, organization=organization, **form.cleaned_data
                )
            except DomainError as error:
                form.add_error(error.field if error.field in form.fields else None, error.message)
            else:
                messages.success(request, "Đã lưu thay đổi.")
                return redirect("organizations:detail", pk=organization.pk)
        return self._render_edit(request, organization, form, status=400)

    def _render_edit(self, request, organization, form, status=200):
        return render(
            request,
            "organizations/form.html",
            {
                "form": form,
                "organization": organization,
                "title": f"Sửa thông tin {organization.name}",
            },
            status=status,
        )


class AuditView(OrganizationMixin, View):
    def get(self, request, pk: int):
        organization = self.get_organization(pk)
        if not user_can(request.user, Action.VIEW_AUDIT):
            raise PermissionDenied("Vai trò của bạn không được xem nhật ký thay đổi.")
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
    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not user_can(
            request.user, Action.MANAGE_ORGANIZATIONS
        ):
            raise PermissionDenied("Vai trò của bạn không được thay đổi cây tổ chức đảng.")
        return super().dispatch(request, *args, **kwargs)


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


class OperationView(ManageMixin, View):
    """GET the form, POST: the form, then the service; a DomainError goes back to the form."""

    form_class = forms.DecisionForm
    title = ""
    submit = "Thực hiện"

    def perform(self, form, organization):  # returns the unit to show next
        raise NotImplementedError

    def get(self, request, pk: int):
        organization = self.get_organization(pk)
        form = self.form_class(user=request.user, unit=organization)
        return self._render(request, organization, form)

    def post(self, request, pk: int):
        organization = self.get_organization(pk)
        form = self.form_class(request.POST, user=request.user, unit=organization)
        if form.is_valid():
            try:
                shown = self.perform(form, organization)
            except DomainError as error:
                form.add_error(error.field if error.field in form.fields else None, error.message)
            else:
                messages.success(request, f"Đã thực hiện: {self.title.lower()}.")
                return redirect("organizations:detail", pk=shown.pk)
        return self._render(request, organization, form, status=400)

    def _render(self, request, organization, form, status=200):
        return render(
            request,
            "organizations/operation.html",
            {
                "form": form,
                "organization": organization,
                "title": f"{self.title}: {organization.name}",
                "submit": self.submit,
            },
            status=status,
        )


class MergeView(OperationView):
    form_class = forms.MergeForm
    title = "Hợp nhất, sáp nhập"

    def perform(self, form, organization):
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

    def perform(self, form, organization):
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

    def perform(self, form, organization):
        return reorganisation.move(
            acting_user=self.request.user,
            unit=organization,
            parent=form.cleaned_data["parent"],
            decision=form.decision(),
        )


class RenameView(OperationView):
    form_class = forms.RenameForm
    title = "Đổi tên"

    def perform(self, form, organization):
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

    def perform(self, form, organization):
        return reorganisation.change_kind(
            acting_user=self.request.user,
            unit=organization,
            kind=form.cleaned_data["kind"],
            decision=form.decision(),
        )


class DissolveView(OperationView):
    form_class = forms.DissolveForm
    title = "Giải thể"

    def perform(self, form, organization):
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
