"""This app's API view sets, registered on the shared router by `register`."""

from datetime import date

from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from ptdv.api.base import ScopedPrimaryKeyRelatedField, ScopedReadOnlyViewSet, ScopedViewSetMixin
from ptdv.organizations.models import Organization
from ptdv.targets import achievement as calc
from ptdv.targets import selectors, services, watchlist
from ptdv.targets.models import Oversight, OversightReport, Target


class TargetSerializer(serializers.ModelSerializer):
    organization = ScopedPrimaryKeyRelatedField(
        Organization,
        error_messages={
            "does_not_exist": "Không tìm thấy đơn vị {pk_value}.",
            "incorrect_type": "Mã đơn vị phải là số.",
            "required": "Phải chọn đơn vị.",
        },
    )
    organization_name = serializers.CharField(source="organization.name", read_only=True)
    kind_name = serializers.CharField(source="get_kind_display", read_only=True)
    measure_name = serializers.CharField(source="get_measure_display", read_only=True)
    value_text = serializers.CharField(read_only=True)
    period_text = serializers.CharField(read_only=True)

    class Meta:
        model = Target
        fields = [
            "id",
            "organization",
            "organization_name",
            "kind",
            "kind_name",
            "measure",
            "measure_name",
            "period_start",
            "period_end",
            "min_value",
            "max_value",
            "value_text",
            "period_text",
            "document",
            "note",
        ]
        validators = []  # the service checks uniqueness with a Vietnamese message


class PipelineSerializer(serializers.Serializer):
    months = serializers.IntegerField()
    dossiers = serializers.IntegerField()
    landing = serializers.IntegerField()
    last_expected = serializers.DateField(allow_null=True)
    dossier_rate = serializers.DecimalField(max_digits=6, decimal_places=3)
    trained = serializers.IntegerField()
    trained_rate = serializers.DecimalField(max_digits=6, decimal_places=3)
    time_share = serializers.DecimalField(max_digits=6, decimal_places=3)
    expected = serializers.IntegerField()
    method = serializers.CharField()


class ForecastSerializer(serializers.Serializer):
    value = serializers.IntegerField(help_text="Dự báo theo nhịp gần đây.")
    linear = serializers.IntegerField()
    recent = serializers.IntegerField()
    window_days = serializers.IntegerField()
    remaining_days = serializers.IntegerField()
    method = serializers.CharField()
    with_pipeline = serializers.IntegerField(
        allow_null=True, help_text="Dự báo theo nhịp và nguồn đang có (kỳ đang diễn ra)."
    )
    combined_method = serializers.CharField()
    pipeline = PipelineSerializer(allow_null=True)


class AchievementSerializer(serializers.Serializer):
    target = serializers.IntegerField(source="target.pk")
    as_of = serializers.DateField()
    admitted = serializers.IntegerField()
    value = serializers.DecimalField(max_digits=12, decimal_places=2)
    percent_min = serializers.DecimalField(max_digits=12, decimal_places=1, allow_null=True)
    percent_max = serializers.DecimalField(max_digits=12, decimal_places=1, allow_null=True)
    elapsed_percent = serializers.DecimalField(max_digits=12, decimal_places=1)
    pace = serializers.DecimalField(max_digits=12, decimal_places=2, allow_null=True)
    met = serializers.BooleanField()
    status = serializers.CharField()
    text = serializers.CharField()
    members_at_start = serializers.IntegerField(allow_null=True)
    cells_total = serializers.IntegerField(allow_null=True)
    cells_admitting = serializers.IntegerField(allow_null=True)
    forecast = ForecastSerializer(allow_null=True)


class TargetViewSet(
    ScopedViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Admission targets of the units in the caller's subtree. Creation goes through the
    service (role, scope, range, period and uniqueness checks)."""

    queryset_model = Target
    queryset = Target.objects.none()  # for the schema; requests use get_queryset()
    serializer_class = TargetSerializer

    def scope_queryset(self, queryset):
        queryset = queryset.select_related("organization")
        organization = self.request.query_params.get("organization")
        if organization and organization.isdigit():
            queryset = queryset.filter(organization_id=int(organization))
        return queryset.order_by("organization__path", "-period_start", "kind")

    def perform_create(self, serializer):
        data = serializer.validated_data
        serializer.instance = services.target_create(
            acting_user=self.request.user,
            organization=data["organization"],
            kind=data["kind"],
            measure=data.get("measure", "count"),
            period_start=data["period_start"],
            period_end=data["period_end"],
            min_value=data["min_value"],
            max_value=data.get("max_value"),
            document=data.get("document", ""),
            note=data.get("note", ""),
        )

    @extend_schema(
        responses=AchievementSerializer,
        parameters=[
            OpenApiParameter(
                "as_of", str, description="Ngày tính số liệu (YYYY-MM-DD), mặc định hôm nay."
            )
        ],
    )
    @action(detail=True, methods=["get"])
    def achievement(self, request, pk=None):
        """Achievement of the target: count, percentages, pace and forecast."""
        target = self.get_object()
        try:
            as_of = serializers.DateField().to_internal_value(
                request.query_params.get("as_of") or timezone.localdate().isoformat()
            )
        except serializers.ValidationError as error:
            # Keyed by the parameter, like every other 400 of the API (not a bare list).
            raise serializers.ValidationError({"as_of": error.detail}) from None
        item = calc.achievements([target], as_of=as_of)[0]
        return Response(AchievementSerializer(item).data)


class OversightReportSerializer(serializers.ModelSerializer):
    filed_by = serializers.StringRelatedField()

    class Meta:
        model = OversightReport
        fields = ["id", "meeting_on", "summary", "issues", "filed_by", "created_at"]
        read_only_fields = fields


class OversightSerializer(serializers.ModelSerializer):
    organization_name = serializers.CharField(source="organization.name", read_only=True)
    reports = OversightReportSerializer(many=True, read_only=True)

    class Meta:
        model = Oversight
        fields = [
            "id",
            "organization",
            "organization_name",
            "follower_name",
            "follower_title",
            "follower_user",
            "starts_on",
            "ends_on",
            "document",
            "reports",
        ]
        read_only_fields = fields


class OversightViewSet(ScopedReadOnlyViewSet):
    """Committee members assigned to follow units of the caller's subtree, with the reports
    they filed (read-only; assignments and reports are made on the pages)."""

    queryset_model = Oversight
    queryset = Oversight.objects.none()
    serializer_class = OversightSerializer

    def scope_queryset(self, queryset):
        queryset = queryset.select_related("organization").prefetch_related("reports__filed_by")
        organization = self.request.query_params.get("organization")
        if organization and organization.isdigit():
            queryset = queryset.filter(organization_id=int(organization))
        return queryset.order_by("organization__path", "-starts_on")


class WatchCellSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    name = serializers.CharField()
    parent_name = serializers.CharField(source="parent.name", default="")


class QuietCellSerializer(WatchCellSerializer):
    last_admission = serializers.DateField(allow_null=True)


class BehindSerializer(serializers.Serializer):
    organization = serializers.IntegerField(source="target.organization_id")
    organization_name = serializers.CharField(source="target.organization.name")
    target = serializers.IntegerField(source="target.pk")
    text = serializers.CharField()
    elapsed_percent = serializers.DecimalField(max_digits=12, decimal_places=1)
    forecast = serializers.IntegerField(source="forecast.value")


class WatchSerializer(serializers.Serializer):
    organization = serializers.IntegerField(source="organization.pk")
    as_of = serializers.DateField()
    years = serializers.IntegerField()
    quiet_cells = QuietCellSerializer(many=True)
    behind_pace = BehindSerializer(many=True)
    cells_without_source = WatchCellSerializer(many=True)
    residential_cells_without_members = WatchCellSerializer(many=True)


def unit_and_day(request, pk) -> tuple[Organization, date]:
    """The unit of the URL in the caller's subtree (404 outside it) and the day of the
    figures: `?as_of=YYYY-MM-DD`, else today."""
    unit = get_object_or_404(Organization.objects.for_user(request.user), pk=pk)
    try:
        as_of = serializers.DateField().to_internal_value(
            request.query_params.get("as_of") or timezone.localdate().isoformat()
        )
    except serializers.ValidationError as error:  # an object naming the parameter
        raise serializers.ValidationError({"as_of": error.detail}) from error
    return unit, as_of


class WatchViewSet(viewsets.ViewSet):
    """Units to watch under a unit of the caller's subtree (read-only): cells with no
    admission for N years, targets behind pace, cells with no trained candidate and no open
    dossier, residential cells without members."""

    @extend_schema(
        responses=WatchSerializer,
        parameters=[
            OpenApiParameter("id", int, OpenApiParameter.PATH, description="Mã đơn vị."),
            OpenApiParameter("as_of", str, description="Ngày tính (YYYY-MM-DD), mặc định hôm nay."),
            OpenApiParameter("years", int, description="Số năm không kết nạp (mặc định 2)."),
        ],
    )
    def retrieve(self, request, pk=None):
        unit, as_of = unit_and_day(request, pk)
        years = request.query_params.get("years", "")
        data = watchlist.watch_list(
            unit,
            as_of=as_of,
            years=int(years) if years.isdigit() and 0 < int(years) <= 20 else None,
        )
        return Response(WatchSerializer(data).data)


class RankingRowSerializer(serializers.Serializer):
    rank = serializers.IntegerField(help_text="Hạng; 0 với đơn vị chưa có chỉ tiêu.")
    organization = serializers.IntegerField(source="unit.pk")
    name = serializers.CharField(source="unit.name")
    target = serializers.IntegerField(source="target.pk", allow_null=True, default=None)
    target_min = serializers.DecimalField(
        source="target.min_value", max_digits=12, decimal_places=2, allow_null=True, default=None
    )
    admitted = serializers.IntegerField()
    achievement = serializers.DecimalField(max_digits=8, decimal_places=2, allow_null=True)
    score = serializers.DecimalField(max_digits=8, decimal_places=2)
    scores = serializers.DictField(child=serializers.DecimalField(max_digits=8, decimal_places=2))
    eligible = serializers.BooleanField()
    eligibility_text = serializers.CharField()


class RankingSerializer(serializers.Serializer):
    organization = serializers.IntegerField(source="unit.pk")
    year = serializers.IntegerField()
    as_of = serializers.DateField()
    ranked = RankingRowSerializer(many=True)
    without_target = RankingRowSerializer(
        many=True, help_text="Đơn vị chưa có chỉ tiêu kết nạp: liệt kê riêng, không xếp hạng."
    )


class RankingViewSet(viewsets.ViewSet):
    """The emulation ranking of the direct children of a unit of the caller's subtree for
    one year (read-only). Units without an admission target are listed apart, never ranked."""

    @extend_schema(
        responses=RankingSerializer,
        parameters=[
            OpenApiParameter("id", int, OpenApiParameter.PATH, description="Mã đơn vị."),
            OpenApiParameter("year", int, description="Năm xếp hạng, mặc định năm nay."),
            OpenApiParameter("as_of", str, description="Ngày tính (YYYY-MM-DD), mặc định hôm nay."),
        ],
    )
    def retrieve(self, request, pk=None):
        unit, as_of = unit_and_day(request, pk)
        year = request.query_params.get("year", "")
        year = int(year) if year.isdigit() and 1945 <= int(year) <= 2100 else as_of.year
        ranking = selectors.emulation_ranking_for(request.user, unit, year=year, as_of=as_of)
        return Response(RankingSerializer(ranking).data)


def register(router) -> None:
    router.register("targets", TargetViewSet, basename="target")
    router.register("target-watch", WatchViewSet, basename="target-watch")
    router.register("ranking", RankingViewSet, basename="ranking")
    router.register("oversights", OversightViewSet, basename="oversight")
