"""This app's API view sets, registered on the shared router by `register`. Every dossier
transition is an action (POST /api/v1/dossiers/{id}/<action>/) calling the same service as
the page, with the same request fields (see `transitions.SPECS`)."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.validators import UniqueValidator

from ptdv.api.base import ScopedPrimaryKeyRelatedField, ScopedViewSetMixin
from ptdv.core.errors import DomainError
from ptdv.core.text import fold
from ptdv.organizations.models import Organization
from ptdv.people import services as people_services
from ptdv.people.models import Member, MemberStatus, Person
from ptdv.people.services import PERSON_FIELDS
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


class _PersonRecordFields(serializers.ModelSerializer):
    """Only a source of field definitions: the person's record, as the people API takes it."""

    class Meta:
        model = Person
        fields = [name for name in PERSON_FIELDS if name != "organization"]


SHOWN_PERSON_FIELDS = ("full_name", "birth_date", "sex", "general_education", "youth_union_member")


class CandidateSerializer(serializers.ModelSerializer):
    """A candidate. To enlist, give either `existing_person` (a person of your subtree), or
    `use_existing` with a CCCD (or name and birth date) to find one, or the person's full
    record (full_name, birth_date, sex, citizen_id, ethnicity, religion, education,
    occupation, residence, phone, Youth Union membership and date…) to create them."""

    person = serializers.IntegerField(source="person_id", read_only=True)
    existing_person = ScopedPrimaryKeyRelatedField(Person, write_only=True, required=False)
    use_existing = serializers.BooleanField(write_only=True, required=False, default=False)
    confirm_duplicate = serializers.BooleanField(write_only=True, required=False, default=False)
    organization = ScopedPrimaryKeyRelatedField(Organization)
    source = serializers.ChoiceField(choices=SourceOrganization.choices)
    dossier = serializers.SerializerMethodField()

    class Meta:
        model = Candidate
        fields = [
            "id",
            "person",
            "existing_person",
            "use_existing",
            "confirm_duplicate",
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

    def get_fields(self):
        fields = super().get_fields()
        for name, field in _PersonRecordFields().get_fields().items():
            field.source = f"person.{name}"
            field.required = False
            field.write_only = name not in SHOWN_PERSON_FIELDS
            # Uniqueness (CCCD) is the people service's check, with its own message.
            field.validators = [v for v in field.validators if not isinstance(v, UniqueValidator)]
            fields[name] = field
        return fields

    def get_dossier(self, candidate) -> int | None:
        dossier = candidate.dossiers.order_by("-id").first()
        return dossier.pk if dossier else None


class MentorRequestSerializer(serializers.Serializer):
    member = ScopedPrimaryKeyRelatedField(
        Member,
        limit=lambda queryset, request: queryset.filter(status=MemberStatus.OFFICIAL),
        help_text="Đảng viên chính thức của chi bộ.",
    )
    on = serializers.DateField(help_text="Ngày phân công.")


class MentorSerializer(serializers.Serializer):
    member = serializers.IntegerField(source="member_id")
    full_name = serializers.CharField(source="member.person.full_name")
    assigned_on = serializers.DateField()


class CandidateViewSet(
    ScopedViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Outstanding candidates (quần chúng ưu tú) in the caller's subtree. `q` searches names
    without accents; `organization` limits to one unit's subtree. POST enlists (one service
    for the page and the API); PATCH corrects the candidate and their person record."""

    queryset_model = Candidate
    queryset = Candidate.objects.none()
    serializer_class = CandidateSerializer
    http_method_names = ["get", "post", "patch", "head", "options"]

    def scope_queryset(self, queryset):
        queryset = queryset.select_related("person", "organization")
        for word in fold(self.request.query_params.get("q", "")).split():
            queryset = queryset.filter(person__search_key__contains=word)
        unit = self.request.query_params.get("organization")
        if unit and unit.isdigit():
            queryset = queryset.filter(organization_id=int(unit))
        return queryset.order_by("person__sort_key", "id")

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        serializer.instance = services.candidate_enlist(
            acting_user=self.request.user,
            organization=data.pop("organization"),
            source=data.pop("source"),
            listed_on=data.pop("listed_on", None),
            person=data.pop("existing_person", None),
            use_existing=data.pop("use_existing", False),
            confirm_duplicate=data.pop("confirm_duplicate", False),
            person_data=data.pop("person", {}),
            **data,
        )

    @extend_schema(request=MentorRequestSerializer, responses=MentorSerializer)
    @action(detail=True, methods=["post"])
    def mentor(self, request, pk=None):
        """Assign the official member who helps the candidate, from the day they are listed."""
        candidate = self.get_object()
        body = MentorRequestSerializer(data=request.data, context={"request": request})
        body.is_valid(raise_exception=True)
        assignment = services.candidate_assign_mentor(
            acting_user=request.user, candidate=candidate, **body.validated_data
        )
        return Response(MentorSerializer(assignment).data, status=201)

    @transaction.atomic
    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        candidate = serializer.instance
        for name in ("existing_person", "use_existing"):
            if data.pop(name, None):
                raise DomainError("Không đổi người của một quần chúng đã có.", field=name)
        unit = data.pop("organization", candidate.organization)
        if unit != candidate.organization:
            raise DomainError("Không đổi chi bộ của quần chúng ở đây.", field="organization")
        person_changes = data.pop("person", {})
        confirm = data.pop("confirm_duplicate", False)
        if person_changes:
            people_services.person_update(
                acting_user=self.request.user,
                person=candidate.person,
                confirm_duplicate=confirm,
                **person_changes,
            )
        serializer.instance = services.candidate_update(
            acting_user=self.request.user, candidate=candidate, **data
        )


def _make_action(spec: transitions.Spec):
    request_serializer = transitions.serializer_for(spec)

    def handler(self, request, pk=None):
        dossier = self.get_object()
        if not spec.gate.role_may(request.user, dossier):
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
            elif field.kind == "enrolment":
                body.fields[field.name].queryset = transitions.passed_enrolments(
                    dossier, request.user
                )
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


class DossierViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
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
