"""Import jobs in the API: upload a file (checked by a background task), poll the job,
confirm (written by a background task)."""

from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from ptdv.api.base import ScopedViewSetMixin
from ptdv.imports import services
from ptdv.imports.kinds import KINDS
from ptdv.imports.models import ImportJob
from ptdv.training.models import AwarenessClass


class ProblemSerializer(serializers.Serializer):
    row = serializers.IntegerField(help_text="Dòng trong tệp (0: cả tệp).")
    column = serializers.CharField(allow_blank=True)
    message = serializers.CharField()


class ImportJobSerializer(serializers.ModelSerializer):
    problems = serializers.SerializerMethodField()
    counts = serializers.SerializerMethodField()
    status_display = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = ImportJob
        fields = [
            "id",
            "kind",
            "organization",
            "awareness_class",
            "file_name",
            "size",
            "status",
            "status_display",
            "total_rows",
            "progress",
            "counts",
            "problems",
            "created_at",
            "finished_at",
        ]
        read_only_fields = fields

    @extend_schema_field(ProblemSerializer(many=True))
    def get_problems(self, job) -> list[dict]:
        problems = (job.result or {}).get("problems", [])[:1000]
        request = self.context.get("request")
        if request is not None:
            problems = services.visible_problems(request.user, problems)
        return ProblemSerializer(problems, many=True).data

    @extend_schema_field(serializers.DictField(child=serializers.IntegerField()))
    def get_counts(self, job) -> dict[str, int]:
        return (job.result or {}).get("counts", {})


class ImportUploadSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(
        choices=[(k.code, k.title) for k in KINDS.values()],
        error_messages={"invalid_choice": "«{input}» không phải là loại dữ liệu nhập."},
    )
    awareness_class = serializers.PrimaryKeyRelatedField(
        queryset=AwarenessClass.objects.all(),
        required=False,
        allow_null=True,
        help_text="Lớp bồi dưỡng, chỉ khi nhập kết quả lớp.",
        error_messages={"does_not_exist": "Không tìm thấy lớp {pk_value}."},
    )
    file = serializers.FileField(allow_empty_file=True, error_messages={"required": "Hãy gửi tệp."})


class ImportJobViewSet(
    ScopedViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Import jobs of the caller's subtree. POST uploads a file and enqueues its check
    (nothing is written; poll the job for its status); `commit` enqueues the writing of a
    checked file, every row or none."""

    queryset_model = ImportJob
    queryset = ImportJob.objects.none()
    serializer_class = ImportJobSerializer
    parser_classes = [MultiPartParser, FormParser]

    def scope_queryset(self, queryset):
        services.jobs_expire_leases()  # a job whose worker died says so
        return queryset.defer("content")

    @extend_schema(request=ImportUploadSerializer, responses={201: ImportJobSerializer})
    def create(self, request):
        upload = ImportUploadSerializer(data=request.data)
        upload.is_valid(raise_exception=True)
        file = upload.validated_data["file"]
        job = services.job_submit(
            acting_user=request.user,
            kind=upload.validated_data["kind"],
            file_name=file.name,
            content=file.read(),
            awareness_class=upload.validated_data.get("awareness_class"),
        )
        data = ImportJobSerializer(job, context=self.get_serializer_context()).data
        return Response(data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=None,
        responses={200: ImportJobSerializer, 202: ImportJobSerializer, 409: ImportJobSerializer},
    )
    @action(detail=True, methods=["post"])
    def commit(self, request, pk=None):
        """Write a checked file in the background: 202 while the job is queued or writing
        (poll the job), 200 when written, 409 with the job's problems when nothing was."""
        job = ImportJob.objects.get(pk=self.get_object().pk)
        job = services.job_confirm(acting_user=request.user, job=job)
        if job.status == "done":
            code = status.HTTP_200_OK
        elif job.is_running:
            code = status.HTTP_202_ACCEPTED
        else:
            code = status.HTTP_409_CONFLICT
        return Response(
            ImportJobSerializer(job, context=self.get_serializer_context()).data, status=code
        )

    @extend_schema(request=None, responses={200: ImportJobSerializer, 202: ImportJobSerializer})
    @action(detail=True, methods=["post"])
    def retry(self, request, pk=None):
        """Run again a job whose worker died («failed» with `retry`): 202 while queued."""
        job = ImportJob.objects.get(pk=self.get_object().pk)
        job = services.job_retry(acting_user=request.user, job=job)
        code = status.HTTP_202_ACCEPTED if job.is_running else status.HTTP_200_OK
        return Response(
            ImportJobSerializer(job, context=self.get_serializer_context()).data, status=code
        )


def register(router) -> None:
    router.register("import-jobs", ImportJobViewSet, basename="import-job")
