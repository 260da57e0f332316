"""Pages of the organisation tree. Thin: parse, call a selector or service, render."""

from django.db.models import Count
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views import View

from ptdv.accounts.models import AuditEvent
from ptdv.accounts.permissions import Action, user_can
from ptdv.core.views import ScopedViewMixin, ServiceFormView, htmx_partial
from ptdv.organizations import selectors, services
from ptdv.organizations.forms import OrganizationEditForm, OrganizationForm
from ptdv.organizations.models import Organization


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
            .filter(organization__path__under=organization.path)
            .select_related("organization")[:200]
        )
        return render(
            request, "organizations/audit.html", {"organization": organization, "events": events}
        )
