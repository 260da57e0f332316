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
from ptdv.organizations import selectors, services
from ptdv.organizations.forms import OrganizationEditForm, OrganizationForm
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
        return self._render(request, parent, OrganizationForm())

    def post(self, request, pk: int):
        parent = self.get_organization(pk)
        form = OrganizationForm(request.POST)
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
        form = OrganizationEditForm(
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
        form = OrganizationEditForm(request.POST, user=request.user)
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
            .filter(organization__path__under=organization.path)
            .select_related("organization")[:200]
        )
        return render(
            request, "organizations/audit.html", {"organization": organization, "events": events}
        )
