"""This app's API view sets, registered on the shared router by `register`."""

from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from ptdv.accounts.permissions import Action
from ptdv.api.base import ScopedPrimaryKeyRelatedField, ScopedViewSetMixin
from ptdv.core.errors import DomainError
from ptdv.organizations.models import Organization
from ptdv.people.models import Person
from ptdv.training import selectors, services
from ptdv.training.models import AwarenessClass, Enrolment, EnrolmentResult, TargetGroup

CHOICE_ERRORS = {"invalid_choice": "«{input}» không phải là lựa chọn hợp lệ."}


MANAGE_DENIED = "Vai trò của bạn không được quản lý lớp bồi dưỡng."


class AwarenessClassSerializer(serializers.ModelSerializer):
    organization = ScopedPrimaryKeyRelatedField(
        Organization,
        limit=lambda queryset, request: queryset.select_related("kind"),
        error_messages={"does_not_exist": "Không tìm thấy tổ chức {pk_value}."},
    )
    target_group = serializers.ChoiceField(
        choices=TargetGroup.choices, error_messages=CHOICE_ERRORS
    )

    class Meta:
        model = AwarenessClass
        fields = [
            "id",
            "name",
            "organization",
            "issuing_body",
            "target_group",
            "starts_on",
            "ends_on",
            "place",
        ]
        read_only_fields = ["id"]


class EnrolmentSerializer(serializers.ModelSerializer):
    full_name = serializers.CharField(source="person.full_name", read_only=True)

    class Meta:
        model = Enrolment
        fields = [
            "id",
            "awareness_class",
            "person",
            "full_name",
            "organization",
            "result",
            "certificate_number",
            "certificate_date",
            "certificate_expires_on",
        ]
        read_only_fields = fields


class EnrolSerializer(serializers.Serializer):
    person = serializers.IntegerField()
    organization = serializers.IntegerField(required=False)


class ResultSerializer(serializers.Serializer):
    result = serializers.ChoiceField(
        choices=[(EnrolmentResult.PASSED, "Đạt"), (EnrolmentResult.FAILED, "Không đạt")],
        error_messages=CHOICE_ERRORS,
    )
    certificate_number = serializers.CharField(required=False, allow_blank=True, default="")
    certificate_date = serializers.DateField(required=False, allow_null=True, default=None)


class AwarenessClassViewSet(
    ScopedViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Party-awareness classes organised in the caller's subtree or attended by people its
    cells sent. `enrol` adds a student; `trained-not-admitted` gives the unit's figure."""

    required_actions = {"enrol": Action.MANAGE_TRAINING}
    denied_message = MANAGE_DENIED
    queryset_model = AwarenessClass
    queryset = AwarenessClass.objects.none()
    serializer_class = AwarenessClassSerializer

    def scope_queryset(self, queryset):
        return queryset.select_related("organization").order_by("-starts_on", "-pk")

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        unit = data.pop("organization")
        serializer.instance = services.awareness_class_create(
            acting_user=self.request.user, organization=unit, **data
        )

    @extend_schema(request=EnrolSerializer, responses=EnrolmentSerializer)
    @action(detail=True, methods=["post"])
    def enrol(self, request, pk=None):
        awareness_class = self.get_object()
        payload = EnrolSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        person = get_object_or_404(
            Person.objects.for_user(request.user), pk=payload.validated_data["person"]
        )
        unit = None
        if "organization" in payload.validated_data:
            unit = get_object_or_404(
                Organization.objects.for_user(request.user).select_related("kind"),
                pk=payload.validated_data["organization"],
            )
        enrolment = services.enrolment_create(
            acting_user=request.user,
            awareness_class=awareness_class,
            person=person,
            organization=unit,
        )
        return Response(EnrolmentSerializer(enrolment).data, status=201)

    @extend_schema(
        parameters=[
            OpenApiParameter("organization", int, description="mặc định: đơn vị của người gọi")
        ],
        responses=inline_serializer(
            "TrainedNotAdmitted",
            {
                "organization": serializers.IntegerField(),
                "on": serializers.DateField(),
                "count": serializers.IntegerField(),
            },
        ),
    )
    @action(detail=False, methods=["get"], url_path="trained-not-admitted")
    def trained_not_admitted(self, request):
        """Persons with a valid certificate (R8), sent from the unit's subtree, not members."""
        unit_id = request.query_params.get("organization", "")
        if unit_id.isdigit():
            unit = get_object_or_404(Organization.objects.for_user(request.user), pk=int(unit_id))
        elif request.user.organization is not None:
            unit = request.user.organization  # by default the caller's own unit
        else:
            raise DomainError("Phải chọn tổ chức.", field="organization")
        today = timezone.localdate()
        count = selectors.trained_not_admitted(request.user, unit, today)
        return Response({"organization": unit.pk, "on": today, "count": count})


class EnrolmentViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """Students sent by the caller's subtree or in its classes. `result` records the result."""

    required_actions = {"result": Action.MANAGE_TRAINING}
    denied_message = MANAGE_DENIED
    queryset_model = Enrolment
    queryset = Enrolment.objects.none()
    serializer_class = EnrolmentSerializer

    def scope_queryset(self, queryset):
        queryset = queryset.select_related("person")
        awareness_class = self.request.query_params.get("awareness_class", "")
        if awareness_class.isdigit():
            queryset = queryset.filter(awareness_class_id=int(awareness_class))
        return queryset

    @extend_schema(request=ResultSerializer, responses=EnrolmentSerializer)
    @action(detail=True, methods=["post"])
    def result(self, request, pk=None):
        return self.act_on_object(
            services.enrolment_record_result, "enrolment", ResultSerializer, EnrolmentSerializer
        )


def register(router) -> None:
    router.register("awareness-classes", AwarenessClassViewSet, basename="awareness-class")
    router.register("enrolments", EnrolmentViewSet, basename="enrolment")
