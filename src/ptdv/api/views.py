from rest_framework import mixins, viewsets

from ptdv.accounts.models import AuditEvent, User
from ptdv.accounts.permissions import Action
from ptdv.api.base import ScopedReadOnlyViewSet, ScopedViewSetMixin
from ptdv.api.serializers import (
    AuditEventSerializer,
    OrganizationSerializer,
    UserSerializer,
)
from ptdv.core.errors import DomainError
from ptdv.organizations import services
from ptdv.organizations.models import Organization


class OrganizationViewSet(
    ScopedViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Party organisations in the caller's subtree. Writes go through the services."""

    required_actions = dict.fromkeys(("update", "partial_update"), Action.MANAGE_ORGANIZATIONS)
    denied_message = "Vai trò của bạn không được thay đổi cây tổ chức đảng."
    queryset_model = Organization
    queryset = Organization.objects.none()  # for the schema; requests use get_queryset()
    serializer_class = OrganizationSerializer
    http_method_names = ["get", "post", "patch", "head", "options"]

    def scope_queryset(self, queryset):
        queryset = queryset.select_related("kind", "sector")
        search = self.request.query_params.get("q")
        if search:
            from ptdv.organizations.selectors import search as search_units

            ids = search_units(self.request.user, search, limit=500).values("pk")
            queryset = queryset.filter(pk__in=ids)
        parent = self.request.query_params.get("parent")
        if parent and parent.isdigit():
            queryset = queryset.filter(parent_id=int(parent))
        return queryset.order_by("path")

    def perform_create(self, serializer):
        data = serializer.validated_data
        if data.get("parent") is None and not self.request.user.has_global_scope:
            raise DomainError("Phải chọn tổ chức cấp trên.", field="parent")
        serializer.instance = services.organization_create(
            acting_user=self.request.user,
            parent=data.get("parent"),
            code=data["code"],
            name=data["name"],
            kind=data["kind"],
            sector=data.get("sector"),
            valid_from=data.get("valid_from"),
        )

    def perform_update(self, serializer):
        current = serializer.instance
        data = serializer.validated_data
        serializer.instance = services.organization_update(
            acting_user=self.request.user,
            organization=current,
            code=data.get("code", current.code),
            name=data.get("name", current.name),
            kind=data.get("kind", current.kind),
            sector=data.get("sector", current.sector),
            valid_from=data.get("valid_from", current.valid_from),
            valid_to=data.get("valid_to", current.valid_to),
            parent=data.get("parent", current.parent),
        )


class UserViewSet(ScopedReadOnlyViewSet):
    """Users whose unit lies in the caller's subtree."""

    queryset_model = User
    queryset = User.objects.none()
    serializer_class = UserSerializer

    def scope_queryset(self, queryset):
        return queryset.order_by("username")


class AuditEventViewSet(ScopedReadOnlyViewSet):
    """The audit trail of the caller's subtree."""

    required_actions = {"*": Action.VIEW_AUDIT}
    denied_message = "Vai trò của bạn không được xem nhật ký thay đổi."
    queryset_model = AuditEvent
    queryset = AuditEvent.objects.none()
    serializer_class = AuditEventSerializer

    def scope_queryset(self, queryset):
        organization = self.request.query_params.get("organization")
        if organization and organization.isdigit():
            queryset = queryset.filter(organization_id=int(organization))
        return queryset
