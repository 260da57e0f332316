"""The calendar API: anyone logged in reads it; the administrator writes through the service."""

from django.db import transaction
from rest_framework import mixins, serializers, viewsets

from ptdv.accounts import calendar_services as services
from ptdv.accounts.permissions import Action
from ptdv.api.base import DeclaredActionsMixin
from ptdv.core.models import CalendarDay, CalendarDayKind


class CalendarDaySerializer(serializers.ModelSerializer):
    kind = serializers.ChoiceField(choices=CalendarDayKind.choices)

    class Meta:
        model = CalendarDay
        fields = ["id", "day", "kind", "note", "legal_basis"]
        # The service says whether the day already has a row (it then corrects it).
        extra_kwargs = {"day": {"validators": []}, "legal_basis": {"required": False}}


class CalendarDayViewSet(
    DeclaredActionsMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """The days off and make-up working days of the civil-servant calendar; `year` filters.
    Not unit data: the same for everyone. POST on an existing day corrects it."""

    required_actions = dict.fromkeys(
        ("create", "update", "partial_update", "destroy"), Action.MANAGE_CALENDAR
    )
    denied_message = "Chỉ quản trị hệ thống được sửa lịch làm việc."
    serializer_class = CalendarDaySerializer
    queryset = CalendarDay.objects.all()

    def get_queryset(self):
        year = self.request.query_params.get("year", "")
        queryset = CalendarDay.objects.order_by("day")
        return queryset.filter(day__year=int(year)) if year.isdigit() else queryset

    def perform_create(self, serializer):
        serializer.instance = services.calendar_day_save(
            acting_user=self.request.user, **serializer.validated_data
        )

    def perform_update(self, serializer):
        current = serializer.instance
        fields = ("day", "kind", "note", "legal_basis")
        data = {
            name: serializer.validated_data.get(name, getattr(current, name)) for name in fields
        }
        with transaction.atomic():  # moving a row to another day: both writes or neither
            if data["day"] != current.day:
                services.calendar_day_delete(acting_user=self.request.user, row=current)
            serializer.instance = services.calendar_day_save(acting_user=self.request.user, **data)

    def perform_destroy(self, instance):
        services.calendar_day_delete(acting_user=self.request.user, row=instance)


def register(router) -> None:
    router.register("calendar-days", CalendarDayViewSet, basename="calendar-day")
