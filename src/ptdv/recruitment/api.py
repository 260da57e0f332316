"""This app's API view sets, registered on the shared router by `register`. Every dossier
transition is an action (POST /api/v1/dossiers/{id}/<action>/) calling the same service as
the page, with the same request fields (see `transitions.SPECS`)."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from ptdv.accounts.permissions import Action, user_can
from ptdv.api.base import ScopedViewSetMixin
from ptdv.core.text import fold
from ptdv.organizations.models import Organization
from ptdv.people.models import Member, MemberStatus, Person
from ptdv.recruitment import services, transitions
from ptdv.recruitment.models import (
    Candidate,
    Dossier,
    DossierTransition,
    SourceOrganization,
    VerificationRequest,
)


class TransitionSerializer(serializers.ModelSerializer):
    class Meta:
        model = DossierTransition
        fields = [
            "id",
            "from_state",
            "to_state",
            "action",
            "at",
            "meeting_date",
            "official_members",
            "votes_for",
            "votes_against",
            "document_number",
            "document_date",
            "deadline_breached",
            "note",
        ]
        read_only_fields = fields


class VerificationSerializer(serializers.ModelSerializer):
    exempt = serializers.BooleanField(read_only=True)

    class Meta:
        model = VerificationRequest
        fields = [
            "id",
            "relation",
            "full_name",
            "is_party_member",
            "declared_fully",
            "exempt",
            "sent_to",
            "sent_on",
            "answered_on",
            "result",
        ]
        read_only_fields = fields


class DossierSerializer(serializers.ModelSerializer):
    state_name = serializers.CharField(source="get_state_display", read_only=True)
    person_name = serializers.CharField(source="candidate.person.full_name", read_only=True)
    next_deadline = serializers.SerializerMethodField()
    transitions = TransitionSerializer(many=True, read_only=True)
    verifications = VerificationSerializer(many=True, read_only=True)

    class Meta:
        model = Dossier
        exclude = []
        read_only_fields = ["id"]

    def get_next_deadline(self, dossier) -> dict | None:
        from ptdv.recruitment.selectors import next_deadline

        item = next_deadline(dossier)
        if item is None:
            return None
        return {"due": item.due.isoformat(), "rule": item.rule, "action": item.action}


class NotFoundBeforeMethodMixin:
    """Someone else's dossier answers 404 whatever the method, even before "405"."""

    def http_method_not_allowed(self, request, *args, **kwargs):
        if "pk" in kwargs:
            self.get_object()
        return super().http_method_not_allowed(request, *args, **kwargs)


class CandidateSerializer(serializers.ModelSerializer):
    """A candidate; on create, the person's essentials are given inline."""

    full_name = serializers.CharField(source="person.full_name")
    birth_date = serializers.DateField(source="person.birth_date")
    sex = serializers.CharField(source="person.sex")
    general_education = serializers.CharField(source="person.general_education")
    youth_union_member = serializers.BooleanField(
        source="person.youth_union_member", required=False, default=False
    )
    organization = serializers.PrimaryKeyRelatedField(queryset=Organization.objects.none())
    source = serializers.ChoiceField(choices=SourceOrganization.choices)
    dossier = serializers.SerializerMethodField()

    class Meta:
        model = Candidate
        fields = [
            "id",
            "full_name",
            "birth_date",
            "sex",
            "general_education",
            "youth_union_member",
            "organization",
            "source",
            "status",
            "listed_on",
            "disadvantaged_area",
            "is_readmission",
            "left_party_on",
            "left_party_reason",
            "conviction_expunged_on",
            "closed_reason",
            "dossier",
        ]
        read_only_fields = ["status", "closed_reason"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            self.fields["organization"].queryset = Organization.objects.for_user(request.user)

    def get_dossier(self, candidate) -> int | None:
        dossier = candidate.dossiers.order_by("-id").first()
        return dossier.pk if dossier else None


class CandidateViewSet(
    NotFoundBeforeMethodMixin,
    ScopedViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Outstanding candidates (quần chúng ưu tú) in the caller's subtree. `q` searches names
    without accents; `organization` limits to one unit's subtree."""

    queryset_model = Candidate
    queryset = Candidate.objects.none()
    serializer_class = CandidateSerializer

    def scope_queryset(self, queryset):
        queryset = queryset.select_related("person", "organization")
        for word in fold(self.request.query_params.get("q", "")).split():
            queryset = queryset.filter(person__search_key__contains=word)
        unit = self.request.query_params.get("organization")
        if unit and unit.isdigit():
            queryset = queryset.filter(organization_id=int(unit))
        return queryset.order_by("person__sort_key", "id")

    @transaction.atomic
    def perform_create(self, serializer):
        data = serializer.validated_data
        person_data = data.pop("person")
        if not user_can(self.request.user, Action.MANAGE_CANDIDATES):
            raise PermissionDenied("Vai trò của bạn không được thêm quần chúng ưu tú.")
        name = person_data["full_name"]
        from ptdv.core.text import sort_key

        person = Person.objects.create(
            **person_data, search_key=fold(name), sort_key=sort_key(name, given_name_first=True)
        )
        serializer.instance = services.candidate_create(
            acting_user=self.request.user, person=person, **data
        )


def _make_action(spec: transitions.Spec):
    request_serializer = transitions.serializer_for(spec)

    def handler(self, request, pk=None):
        dossier = self.get_object()
        if not user_can(request.user, spec.action):
            raise PermissionDenied("Vai trò của bạn không được thực hiện bước này.")
        body = request_serializer(data=request.data)
        for field in spec.fields:  # related choices limited to what the caller sees
            if field.kind == "member":
                body.fields[field.name].queryset = Member.objects.for_user(request.user).filter(
                    status=MemberStatus.OFFICIAL
                )
            elif field.kind == "members":
                body.fields[field.name].child_relation.queryset = Member.objects.for_user(
                    request.user
                ).filter(status=MemberStatus.OFFICIAL)
            elif field.kind == "request":
                body.fields[field.name].queryset = dossier.verifications.all()
        body.is_valid(raise_exception=True)
        transitions.run(spec, dossier, request.user, dict(body.validated_data))
        dossier = self.get_queryset().get(pk=dossier.pk)
        return Response(DossierSerializer(dossier, context={"request": request}).data)

    handler.__name__ = spec.name
    handler.__doc__ = spec.label
    routed = action(
        detail=True,
        methods=["post"],
        url_path=spec.name.replace("_", "-"),
        url_name=spec.name.replace("_", "-"),
    )(handler)
    return extend_schema(
        request=request_serializer, responses=DossierSerializer, summary=spec.label
    )(routed)


class DossierViewSet(NotFoundBeforeMethodMixin, ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """Admission dossiers in the caller's subtree; `state` and `organization` filter. Each
    transition is a POST action; a refused one answers 400 with the Vietnamese reason."""

    queryset_model = Dossier
    queryset = Dossier.objects.none()
    serializer_class = DossierSerializer

    def scope_queryset(self, queryset):
        queryset = queryset.select_related("candidate__person").prefetch_related(
            "transitions", "verifications"
        )
        state = self.request.query_params.get("state")
        if state:
            queryset = queryset.filter(state=state)
        unit = self.request.query_params.get("organization")
        if unit and unit.isdigit():
            queryset = queryset.filter(organization_id=int(unit))
        return queryset.order_by("-id")


for _spec in transitions.SPECS:
    setattr(DossierViewSet, _spec.name, _make_action(_spec))


def register(router) -> None:
    router.register("candidates", CandidateViewSet, basename="candidate")
    router.register("dossiers", DossierViewSet, basename="dossier")
