"""People's API view sets, registered on the shared router by `register`."""

from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from ptdv.accounts.permissions import Action, user_can
from ptdv.api.base import ScopedPrimaryKeyRelatedField, ScopedViewSetMixin
from ptdv.core.errors import DomainError
from ptdv.core.text import fold
from ptdv.organizations.models import Organization
from ptdv.organizations.scope import subtree_filter
from ptdv.people import selectors, services
from ptdv.people.models import (
    CommitteeSeat,
    ExitReason,
    Member,
    MemberExit,
    MemberStatus,
    MemberTransfer,
    Person,
)

CHOICE_ERRORS = {"invalid_choice": "«{input}» không phải là lựa chọn hợp lệ."}
UNIT_ERRORS = {
    "does_not_exist": "Không tìm thấy tổ chức {pk_value}.",
    "incorrect_type": "Mã tổ chức phải là số.",
}


PERSON_ERRORS = {
    "does_not_exist": "Không tìm thấy người {pk_value}.",
    "incorrect_type": "Mã người phải là số.",
}


def _units(queryset, request):
    return queryset.select_related("kind")


class PersonSerializer(serializers.ModelSerializer):
    organization = ScopedPrimaryKeyRelatedField(
        Organization, limit=_units, error_messages=UNIT_ERRORS
    )
    confirm_duplicate = serializers.BooleanField(write_only=True, required=False, default=False)

    class Meta:
        model = Person
        fields = ["id", "full_name", "birth_date", *services.PERSON_FIELDS[2:], "confirm_duplicate"]
        read_only_fields = ["id"]
        extra_kwargs = {
            name: {"error_messages": CHOICE_ERRORS}
            for name in [
                "sex",
                "ethnicity",
                "religion",
                "general_education",
                "professional_level",
                "workplace_type",
            ]
        }

    def to_representation(self, instance):
        data = super().to_representation(instance)
        if not self.context.get("show_sensitive"):
            for name in services.SENSITIVE_FIELDS:
                data.pop(name, None)
        return data


class MemberSerializer(serializers.ModelSerializer):
    person = ScopedPrimaryKeyRelatedField(Person, error_messages=PERSON_ERRORS)
    organization = ScopedPrimaryKeyRelatedField(
        Organization, limit=_units, error_messages=UNIT_ERRORS
    )
    full_name = serializers.CharField(source="person.full_name", read_only=True)
    status = serializers.ChoiceField(
        choices=MemberStatus.choices, required=False, error_messages=CHOICE_ERRORS
    )

    class Meta:
        model = Member
        fields = [
            "id",
            "person",
            "full_name",
            "organization",
            "status",
            "admission_decided_on",
            "ceremony_on",
            "probation_ends_on",
            "recognized_on",
            "official_from",
            "party_card_number",
            "ended_on",
        ]
        read_only_fields = ["id", "ended_on"]
        extra_kwargs = {"admission_decided_on": {"required": True, "allow_null": False}}


class MemberTransferRequestSerializer(serializers.Serializer):
    to_organization = serializers.PrimaryKeyRelatedField(
        queryset=Organization.objects.select_related("kind"), error_messages=UNIT_ERRORS
    )
    requested_on = serializers.DateField()
    document_number = serializers.CharField(required=False, allow_blank=True, default="")
    note = serializers.CharField(required=False, allow_blank=True, default="")


class TransferSerializer(serializers.ModelSerializer):
    full_name = serializers.CharField(source="member.person.full_name", read_only=True)

    class Meta:
        model = MemberTransfer
        fields = [
            "id",
            "member",
            "full_name",
            "from_organization",
            "to_organization",
            "state",
            "requested_on",
            "document_number",
            "note",
            "confirmed_on",
        ]
        read_only_fields = fields


class TransferConfirmSerializer(serializers.Serializer):
    confirmed_on = serializers.DateField(required=False)


class ExitSerializer(serializers.ModelSerializer):
    reason = serializers.ChoiceField(choices=ExitReason.choices, error_messages=CHOICE_ERRORS)

    class Meta:
        model = MemberExit
        fields = [
            "id",
            "member",
            "organization",
            "reason",
            "on",
            "document_number",
            "document_date",
            "note",
        ]
        read_only_fields = ["id", "member", "organization"]


class PersonSearchResultSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    full_name = serializers.CharField()
    birth_date = serializers.DateField(allow_null=True)
    organization = serializers.IntegerField(source="organization_id")
    organization_name = serializers.CharField(source="organization.name")
    status = serializers.CharField(source="status_label")


class PersonViewSet(
    ScopedViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Persons followed by cells in the caller's subtree. Ethnicity, religion and CCCD appear
    only for roles allowed to see them, and each such answer is written to the audit trail.
    Filters: `q` (accent-free name), `organization` (a unit: its whole subtree)."""

    queryset_model = Person
    queryset = Person.objects.none()
    serializer_class = PersonSerializer
    http_method_names = ["get", "post", "patch", "head", "options"]

    def scope_queryset(self, queryset):
        queryset = queryset.select_related("organization")
        query = self.request.query_params.get("q", "")
        for word in fold(query).split():
            queryset = queryset.filter(search_key__contains=word)
        unit = self.request.query_params.get("organization")
        if unit and unit.isdigit():
            unit_obj = Organization.objects.for_user(self.request.user).filter(pk=unit).first()
            queryset = queryset.filter(subtree_filter(unit_obj)) if unit_obj else queryset.none()
        return queryset.order_by("sort_key", "pk")

    def get_serializer_context(self):
        context = super().get_serializer_context()
        context["show_sensitive"] = user_can(self.request.user, Action.VIEW_SENSITIVE)
        return context

    def list(self, request, *args, **kwargs):
        response = super().list(request, *args, **kwargs)
        self._audit(response, "API danh sách người")
        return response

    def retrieve(self, request, *args, **kwargs):
        response = super().retrieve(request, *args, **kwargs)
        self._audit(response, "API thông tin người")
        return response

    def _audit(self, response, where):
        if not user_can(self.request.user, Action.VIEW_SENSITIVE):
            return
        rows = (
            response.data.get("results", response.data)
            if isinstance(response.data, dict)
            else response.data
        )
        rows = rows if isinstance(rows, list) else [rows]
        if not rows:
            return
        user = self.request.user
        services.record_sensitive_view(
            user=user,
            obj=user.organization or user,
            organization=user.organization,
            where=where,
            count=len(rows),
            person_ids=[row["id"] for row in rows if isinstance(row, dict) and "id" in row],
            filters=dict(self.request.query_params.items()),
        )

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "q", str, description="Họ tên (không dấu cũng được) hoặc số CCCD", required=True
            )
        ],
        responses=PersonSearchResultSerializer(many=True),
    )
    @action(detail=False, methods=["get"], pagination_class=None)
    def search(self, request):
        """Persons of the caller's subtree by accent-free name or CCCD (at most 50), each
        with their unit and status (member, candidate with the dossier's step, or none)."""
        results = selectors.persons_search(request.user, request.query_params.get("q", ""))
        return Response(PersonSearchResultSerializer(results, many=True).data)

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        unit = data.pop("organization")
        serializer.instance = services.person_create(
            acting_user=self.request.user, organization=unit, **data
        )

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        if "organization" in data and data["organization"] != serializer.instance.organization:
            raise DomainError(
                "Không đổi chi bộ theo dõi ở đây: đảng viên chuyển bằng thủ tục chuyển sinh hoạt.",
                field="organization",
            )
        data.pop("organization", None)
        confirm = data.pop("confirm_duplicate", False)
        serializer.instance = services.person_update(
            acting_user=self.request.user,
            person=serializer.instance,
            confirm_duplicate=confirm,
            **data,
        )


class MemberViewSet(
    ScopedViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Party members of the caller's subtree. Filters: `organization` (subtree), `q`
    (accent-free name), `current=1` (only those still on the list). Transfers and exits are
    actions; the receiving side confirms a transfer at /member-transfers/{id}/confirm/."""

    queryset_model = Member
    queryset = Member.objects.none()
    serializer_class = MemberSerializer

    def scope_queryset(self, queryset):
        queryset = queryset.select_related("person", "organization")
        params = self.request.query_params
        for word in fold(params.get("q", "")).split():
            queryset = queryset.filter(person__search_key__contains=word)
        if params.get("current") == "1":
            queryset = queryset.current()
        unit = params.get("organization")
        if unit and unit.isdigit():
            unit_obj = Organization.objects.for_user(self.request.user).filter(pk=unit).first()
            queryset = queryset.filter(subtree_filter(unit_obj)) if unit_obj else queryset.none()
        return queryset.order_by("person__sort_key", "pk")

    http_method_names = ["get", "post", "patch", "head", "options"]

    def perform_update(self, serializer):
        """PATCH corrects dates and the card number (member_update); the status and official
        dates change only through their procedures, the cell through a transfer."""
        data = dict(serializer.validated_data)
        member = serializer.instance
        for name, how in (("organization", "chuyển sinh hoạt đảng"), ("person", "thêm người")):
            if name in data and data.pop(name) != getattr(member, name):
                raise DomainError(f"Không sửa trường này; hãy dùng thủ tục {how}.", field=name)
        serializer.instance = services.member_update(
            acting_user=self.request.user, member=member, **data
        )

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        unit = data.pop("organization")
        person = data.pop("person")
        serializer.instance = services.member_create(
            acting_user=self.request.user, person=person, organization=unit, **data
        )

    @extend_schema(request=MemberTransferRequestSerializer, responses=TransferSerializer)
    @action(detail=True, methods=["post"])
    def transfer(self, request, pk=None):
        """Ask to move the member to another cell (the receiving side confirms)."""
        return self.act_on_object(
            services.member_transfer_request,
            "member",
            MemberTransferRequestSerializer,
            TransferSerializer,
            status=201,
        )

    @extend_schema(request=ExitSerializer, responses=ExitSerializer)
    @action(detail=True, methods=["post"], url_path="exit", url_name="exit")
    def exit_(self, request, pk=None):
        """Record the member leaving the list, with reason and document."""
        return self.act_on_object(
            services.member_exit, "member", ExitSerializer, ExitSerializer, status=201
        )


class MemberTransferViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """Transfers seen from either side. `confirm` is for the receiving side."""

    required_actions = {"confirm": (Action.MANAGE_DOSSIERS, Action.RECORD_CELL_DECISIONS)}
    denied_message = "Vai trò của bạn không được tiếp nhận chuyển sinh hoạt đảng."
    queryset_model = MemberTransfer
    queryset = MemberTransfer.objects.none()
    serializer_class = TransferSerializer

    def scope_queryset(self, queryset):
        return queryset.select_related("member__person")

    @extend_schema(request=TransferConfirmSerializer, responses=TransferSerializer)
    @action(detail=True, methods=["post"])
    def confirm(self, request, pk=None):
        transfer = self.get_object()
        payload = TransferConfirmSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        transfer = services.member_transfer_confirm(
            acting_user=request.user,
            transfer=transfer,
            confirmed_on=payload.validated_data.get("confirmed_on") or timezone.localdate(),
        )
        return Response(TransferSerializer(transfer).data)


class CommitteeSeatSerializer(serializers.ModelSerializer):
    organization = ScopedPrimaryKeyRelatedField(
        Organization, limit=_units, error_messages=UNIT_ERRORS
    )
    member = ScopedPrimaryKeyRelatedField(Member)
    full_name = serializers.CharField(source="member.person.full_name", read_only=True)

    class Meta:
        model = CommitteeSeat
        fields = ["id", "organization", "member", "full_name", "term", "started_on", "ended_on"]


class SeatEndSerializer(serializers.Serializer):
    ended_on = serializers.DateField()


class CommitteeSeatViewSet(
    ScopedViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Committee members per term (R24): the committee's vote counts these seats on the
    meeting date. `organization` filters; `end` records a member leaving the committee."""

    queryset_model = CommitteeSeat
    queryset = CommitteeSeat.objects.none()
    serializer_class = CommitteeSeatSerializer

    def scope_queryset(self, queryset):
        queryset = queryset.select_related("member__person", "organization")
        unit = self.request.query_params.get("organization", "")
        return queryset.filter(organization_id=int(unit)) if unit.isdigit() else queryset

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        unit = data.pop("organization")
        serializer.instance = services.committee_seat_add(
            acting_user=self.request.user, organization=unit, **data
        )

    @extend_schema(request=SeatEndSerializer, responses=CommitteeSeatSerializer)
    @action(detail=True, methods=["post"])
    def end(self, request, pk=None):
        return self.act_on_object(
            services.committee_seat_end, "seat", SeatEndSerializer, CommitteeSeatSerializer
        )


def register(router) -> None:
    router.register("persons", PersonViewSet, basename="person")
    router.register("members", MemberViewSet, basename="member")
    router.register("transfers", MemberTransferViewSet, basename="transfer")
    router.register("committee-seats", CommitteeSeatViewSet, basename="committee-seat")
