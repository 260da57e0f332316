"""The reorganisation operations over the API: one POST per operation on the unit in the
URL (`/api/reorganisation/{id}/merge/` …), and the list of reorganisations in scope. Ids in
the body are looked up in the caller's scope: an id outside it is refused like an unknown one."""

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from ptdv.accounts.permissions import Action
from ptdv.api.base import ScopedViewSetMixin
from ptdv.core.errors import DomainError
from ptdv.organizations import reorganisation
from ptdv.organizations.models import Organization, OrganizationKind, Reorganisation


class DecisionSerializer(serializers.Serializer):
    decision_number = serializers.CharField(max_length=60)
    decision_date = serializers.DateField()
    issuing_body = serializers.CharField(max_length=255)
    effective_on = serializers.DateField()


class MergeSerializer(DecisionSerializer):
    sources = serializers.ListField(child=serializers.IntegerField(), required=False)
    into = serializers.IntegerField(required=False)
    new_code = serializers.CharField(max_length=40, required=False)
    new_name = serializers.CharField(max_length=255, required=False)
    new_kind = serializers.SlugRelatedField(
        slug_field="code", queryset=OrganizationKind.objects.all(), required=False
    )
    new_parent = serializers.IntegerField(required=False)


class PlacementSerializer(serializers.Serializer):
    unit = serializers.IntegerField()
    parent = serializers.IntegerField()


class MemberPlacementSerializer(serializers.Serializer):
    member = serializers.IntegerField()
    cell = serializers.IntegerField()


class CandidatePlacementSerializer(serializers.Serializer):
    candidate = serializers.IntegerField()
    cell = serializers.IntegerField()


class SplitSerializer(DecisionSerializer):
    placements = PlacementSerializer(many=True, required=False)
    members = MemberPlacementSerializer(many=True, required=False)
    candidates = CandidatePlacementSerializer(many=True, required=False)


class MoveSerializer(DecisionSerializer):
    parent = serializers.IntegerField()


class RenameSerializer(DecisionSerializer):
    name = serializers.CharField(max_length=255)
    code = serializers.CharField(max_length=40, required=False, allow_blank=True)


class ChangeKindSerializer(DecisionSerializer):
    kind = serializers.SlugRelatedField(slug_field="code", queryset=OrganizationKind.objects.all())


class DissolveSerializer(DecisionSerializer):
    merged_into = serializers.IntegerField(required=False)


class ReorganisationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Reorganisation
        fields = [
            "id",
            "kind",
            "decision_number",
            "decision_date",
            "issuing_body",
            "effective_on",
            "organization",
            "summary",
            "created_at",
        ]


class ReorganisationViewSet(ScopedViewSetMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    """Reorganisations of units in the caller's subtree; operations on a unit of it."""

    queryset_model = Reorganisation
    queryset = Reorganisation.objects.none()
    serializer_class = ReorganisationSerializer
    required_actions = {
        name: Action.MANAGE_ORGANIZATIONS
        for name in ("merge", "split", "move", "rename", "change_kind", "dissolve")
    }
    denied_message = "Vai trò của bạn không được thay đổi cây tổ chức đảng."

    def get_queryset(self):
        if self.action == "list":
            return super().get_queryset().select_related("organization")
        return Organization.objects.for_user(self.request.user).select_related("kind")

    def _unit(self, pk, field) -> Organization:
        found = Organization.objects.for_user(self.request.user).filter(pk=pk).first()
        if found is None:
            raise DomainError(f"Không tìm thấy tổ chức {pk} trong phạm vi của bạn.", field=field)
        return found

    def _run(self, serializer_class, operation):
        unit = self.get_object()  # outside the scope: 404 before anything else
        payload = serializer_class(data=self.request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        decision = reorganisation.Decision(
            number=data["decision_number"],
            date=data["decision_date"],
            issuing_body=data["issuing_body"],
            effective_on=data["effective_on"],
        )
        result = operation(unit, data, decision)
        shown = result if isinstance(result, Organization) else unit
        shown.refresh_from_db()
        return Response(
            {"id": shown.pk, "name": shown.name, "path": shown.path, "valid_to": shown.valid_to},
            status=201,
        )

    @extend_schema(request=MergeSerializer)
    @action(detail=True, methods=["post"])
    def merge(self, request, pk=None):
        """Merge this unit (and `sources`) into `into`, or into a new unit (`new_*`)."""

        def run(unit, data, decision):
            sources = [unit, *(self._unit(pk, "sources") for pk in data.get("sources", []))]
            into = self._unit(data["into"], "into") if data.get("into") else None
            new = None
            if into is None:
                new = {
                    "parent": self._unit(data.get("new_parent"), "new_parent"),
                    "code": data.get("new_code", ""),
                    "name": data.get("new_name", ""),
                    "kind": data.get("new_kind") or unit.kind,
                    "sector": unit.sector,
                }
            return reorganisation.merge(
                acting_user=request.user, sources=sources, decision=decision, into=into, new=new
            )

        return self._run(MergeSerializer, run)

    @extend_schema(request=SplitSerializer)
    @action(detail=True, methods=["post"])
    def split(self, request, pk=None):
        """Split this unit: `placements` (unit → parent), `members` (member → cell) and
        `candidates` (candidate → cell, for the candidates who are not members of it)."""

        def run(unit, data, decision):
            placements = {
                self._unit(row["unit"], "placements"): self._unit(row["parent"], "placements")
                for row in data.get("placements", [])
            }
            from django.apps import apps

            Member = apps.get_model("people", "Member")  # a higher app, reached by name
            members = {}
            for row in data.get("members", []):
                member = Member.objects.for_user(request.user).filter(pk=row["member"]).first()
                if member is None:
                    raise DomainError(f"Không tìm thấy đảng viên {row['member']}.", field="members")
                members[member] = self._unit(row["cell"], "members")
            # Candidate ids are checked by the service against those the unit holds.
            candidates = {
                row["candidate"]: self._unit(row["cell"], "candidates")
                for row in data.get("candidates", [])
            }
            return reorganisation.split(
                acting_user=request.user,
                unit=unit,
                decision=decision,
                placements=placements,
                members=members,
                candidates=candidates,
            )

        return self._run(SplitSerializer, run)

    @extend_schema(request=MoveSerializer)
    @action(detail=True, methods=["post"])
    def move(self, request, pk=None):
        def run(unit, data, decision):
            return reorganisation.move(
                acting_user=request.user,
                unit=unit,
                parent=self._unit(data["parent"], "parent"),
                decision=decision,
            )

        return self._run(MoveSerializer, run)

    @extend_schema(request=RenameSerializer)
    @action(detail=True, methods=["post"])
    def rename(self, request, pk=None):
        def run(unit, data, decision):
            return reorganisation.rename(
                acting_user=request.user,
                unit=unit,
                name=data["name"],
                code=data.get("code", ""),
                decision=decision,
            )

        return self._run(RenameSerializer, run)

    @extend_schema(request=ChangeKindSerializer)
    @action(detail=True, methods=["post"], url_path="change-kind", url_name="change-kind")
    def change_kind(self, request, pk=None):
        def run(unit, data, decision):
            return reorganisation.change_kind(
                acting_user=request.user, unit=unit, kind=data["kind"], decision=decision
            )

        return self._run(ChangeKindSerializer, run)

    @extend_schema(request=DissolveSerializer)
    @action(detail=True, methods=["post"])
    def dissolve(self, request, pk=None):
        def run(unit, data, decision):
            into = data.get("merged_into")
            return reorganisation.dissolve(
                acting_user=request.user,
                unit=unit,
                decision=decision,
                merged_into=self._unit(into, "merged_into") if into else None,
            )

        return self._run(DissolveSerializer, run)


def register(router) -> None:
    router.register("reorganisation", ReorganisationViewSet, basename="reorganisation")
