"""Read-only report endpoints: the statistics and the trends of a unit for a period.

GET /api/reports/<unit id>/statistics/?tu=01/07/2020&den=31/10/2023
GET /api/reports/<unit id>/trends/?tu=…&den=…&grain=month|quarter|year
"""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from ptdv.accounts.permissions import Action
from ptdv.api.base import ScopedViewSetMixin
from ptdv.organizations.models import Organization
from ptdv.reports import figures, timeseries, watch
from ptdv.reports.narrative import narrative
from ptdv.reports.views import period_from


class FigureSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    group = serializers.CharField()
    count = serializers.IntegerField()
    percent = serializers.FloatField(allow_null=True)


class ExitReasonSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    count = serializers.IntegerField()


class StatisticsSerializer(serializers.Serializer):
    unit = serializers.IntegerField()
    unit_name = serializers.CharField()
    start = serializers.DateField()
    end = serializers.DateField()
    admitted = serializers.IntegerField()
    members = serializers.IntegerField()
    official = serializers.IntegerField()
    probationary = serializers.IntegerField()
    exited = serializers.IntegerField()
    net_growth = serializers.IntegerField()
    exits_by_reason = ExitReasonSerializer(many=True)
    trained_not_admitted = serializers.IntegerField(
        help_text="Đã học lớp nhận thức về Đảng, giấy chứng nhận còn hạn ngày cuối kỳ, chưa kết nạp"
    )
    figures = FigureSerializer(many=True)
    narrative = serializers.CharField()


class TrendRowSerializer(serializers.Serializer):
    bucket = serializers.DateField()
    label = serializers.CharField()
    count = serializers.IntegerField()
    previous = serializers.IntegerField()
    cumulative = serializers.IntegerField()
    previous_cumulative = serializers.IntegerField()


class TrendsSerializer(serializers.Serializer):
    unit = serializers.IntegerField()
    start = serializers.DateField()
    end = serializers.DateField()
    grain = serializers.ChoiceField(choices=list(timeseries.GRAINS))
    series = TrendRowSerializer(many=True)


PERIOD_PARAMETERS = [
    OpenApiParameter("tu", OpenApiTypes.STR, description="Từ ngày (dd/mm/yyyy hoặc yyyy-mm-dd)"),
    OpenApiParameter("den", OpenApiTypes.STR, description="Đến ngày (dd/mm/yyyy hoặc yyyy-mm-dd)"),
]


class ReportViewSet(ScopedViewSetMixin, viewsets.GenericViewSet):
    """Figures of a unit in the caller's subtree (its own subtree and merged predecessors)."""

    required_actions = {"*": Action.VIEW}
    denied_message = "Vai trò của bạn không được xem báo cáo."
    queryset_model = Organization
    queryset = Organization.objects.none()
    serializer_class = StatisticsSerializer

    def _load(self):
        unit = self.get_object()
        period, _ = period_from(self.request.query_params)
        return unit, period, figures.unit_prefixes(unit)

    @extend_schema(parameters=PERIOD_PARAMETERS, responses=StatisticsSerializer)
    @action(detail=True, methods=["get"])
    def statistics(self, request, pk=None):
        unit, period, prefixes = self._load()
        stats = figures.statistics(unit, period, prefixes)
        data = {
            "unit": unit.pk,
            "unit_name": unit.name,
            "start": period.start,
            "end": period.end,
            **{key: stats[key] for key in ("admitted", "members", "official", "probationary")},
            "exited": stats["exited"],
            "net_growth": stats.net_growth,
            "exits_by_reason": [
                {"key": row["figure"].key, "label": row["figure"].label, "count": row["count"]}
                for row in stats.rows(figures.EXITS)
            ],
            "trained_not_admitted": watch.trained_not_admitted(request.user, unit, period.end),
            "figures": [
                {
                    "key": row["figure"].key,
                    "label": row["figure"].label,
                    "group": row["figure"].group,
                    "count": row["count"],
                    "percent": row["percent"],
                }
                for row in stats.rows()
            ],
            "narrative": narrative(stats),
        }
        return Response(StatisticsSerializer(data).data)

    @extend_schema(
        parameters=[
            *PERIOD_PARAMETERS,
            OpenApiParameter("grain", OpenApiTypes.STR, enum=list(timeseries.GRAINS)),
        ],
        responses=TrendsSerializer,
    )
    @action(detail=True, methods=["get"], serializer_class=TrendsSerializer)
    def trends(self, request, pk=None):
        unit, period, prefixes = self._load()
        grain = request.query_params.get("grain", "month")
        if grain not in timeseries.GRAINS:
            grain = "month"
        series = timeseries.trends(prefixes, period, grain)
        data = {
            "unit": unit.pk,
            "start": period.start,
            "end": period.end,
            "grain": grain,
            "series": series,
        }
        return Response(TrendsSerializer(data).data)


def register(router) -> None:
    router.register("reports", ReportViewSet, basename="report")
