from rest_framework import serializers

from ptdv.accounts.models import AuditEvent, User
from ptdv.api.base import ScopedPrimaryKeyRelatedField
from ptdv.organizations.models import Organization, OrganizationKind, Sector


class OrganizationSerializer(serializers.ModelSerializer):
    kind = serializers.SlugRelatedField(
        slug_field="code",
        queryset=OrganizationKind.objects.all(),
        error_messages={
            "does_not_exist": "Loại tổ chức «{value}» không tồn tại.",
            "required": "Phải chọn loại tổ chức.",
        },
    )
    sector = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Sector.objects.all(),
        required=False,
        allow_null=True,
        error_messages={"does_not_exist": "Loại hình «{value}» không tồn tại."},
    )
    parent = ScopedPrimaryKeyRelatedField(
        Organization,
        required=False,
        allow_null=True,
        error_messages={
            "does_not_exist": "Không tìm thấy tổ chức cấp trên {pk_value}.",
            "incorrect_type": "Mã tổ chức cấp trên phải là số.",
        },
    )
    kind_name = serializers.CharField(source="kind.name", read_only=True)
    is_dissolved = serializers.BooleanField(read_only=True)

    class Meta:
        model = Organization
        fields = [
            "id",
            "code",
            "name",
            "kind",
            "kind_name",
            "sector",
            "parent",
            "path",
            "depth",
            "valid_from",
            "valid_to",
            "merged_into",
            "is_dissolved",
        ]
        read_only_fields = ["path", "depth", "merged_into"]
        extra_kwargs = {
            "code": {"validators": [], "required": True, "allow_blank": True},
            "name": {"required": True, "allow_blank": True},
        }


class UserSerializer(serializers.ModelSerializer):
    role_name = serializers.CharField(source="get_role_display", read_only=True)

    class Meta:
        model = User
        fields = ["id", "username", "full_name", "organization", "role", "role_name", "is_active"]
        read_only_fields = fields


class AuditEventSerializer(serializers.ModelSerializer):
    class Meta:
        model = AuditEvent
        fields = [
            "id",
            "at",
            "actor_name",
            "event",
            "object_type",
            "object_id",
            "object_repr",
            "organization",
            "old",
            "new",
        ]
        read_only_fields = fields
