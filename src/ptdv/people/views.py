"""Pages for persons and members. Thin: parse, call a selector or service, render."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views import View

from ptdv.accounts.permissions import Action, user_can
from ptdv.core.errors import DomainError
from ptdv.core.views import ScopedViewMixin, htmx_partial
from ptdv.organizations.models import Organization
from ptdv.people import selectors, services
from ptdv.people.forms import ConfirmForm, ExitForm, PersonForm, TransferForm
from ptdv.people.models import Member, MemberTransfer, Person

SENSITIVE_PARAM = "nhay-cam"
LIST_LIMIT = 500  # a committee's whole list is for exports; pages show the first ones


def _form_error(form, error: DomainError) -> None:
    form.add_error(error.field if error.field in form.fields else None, error.message)


class MemberListView(ScopedViewMixin, View):
    """The members of a unit (a cell, or every cell under a committee)."""

    model = Organization

    def get(self, request, pk: int):
        unit = get_object_or_404(self.get_queryset().select_related("kind"), pk=pk)
        query = request.GET.get("q", "")
        can_sensitive = user_can(request.user, Action.VIEW_SENSITIVE)
        show_sensitive = can_sensitive and request.GET.get(SENSITIVE_PARAM) == "1"
        members = list(selectors.members_of(request.user, unit, query)[: LIST_LIMIT + 1])
        truncated = len(members) > LIST_LIMIT
        members = members[:LIST_LIMIT]
        if show_sensitive:
            services.record_sensitive_view(
                user=request.user,
                obj=unit,
                organization=unit,
                where="danh sách đảng viên",
                person_ids=[member.person_id for member in members],
                filters={"unit": unit.code, "q": query},
            )
        context = {
            "unit": unit,
            "members": members,
            "query": query,
            "truncated": truncated,
            "limit": LIST_LIMIT,
            "can_sensitive": can_sensitive,
            "show_sensitive": show_sensitive,
            "transfers": selectors.transfers_pending_for(request.user, unit),
            "counts": selectors.member_counts_at(request.user, unit, timezone.localdate()),
            "can_manage": user_can(request.user, Action.MANAGE_DOSSIERS),
            "can_add_person": any(user_can(request.user, a) for a in services.PERSON_WRITE_ACTIONS),
        }
        template = "people/_member_rows.html" if htmx_partial(request) else "people/members.html"
        return render(request, template, context)


class PersonSearchView(ScopedViewMixin, View):
    """Find a person of the user's subtree by name without accents, or by CCCD."""

    model = Person

    def get(self, request):
        query = request.GET.get("q", "")
        results = selectors.persons_search(request.user, query)
        return render(request, "people/search.html", {"query": query, "results": results})


class PersonDetailView(ScopedViewMixin, View):
    model = Person

    def get(self, request, pk: int):
        person = get_object_or_404(self.get_queryset().select_related("organization"), pk=pk)
        show_sensitive = user_can(request.user, Action.VIEW_SENSITIVE)
        if show_sensitive:
            services.record_sensitive_view(
                user=request.user,
                obj=person,
                organization=person.organization,
                where="trang cá nhân",
                person_ids=[person.pk],
            )
        member = Member.objects.filter(person=person).select_related("organization").first()
        context = {
            "person": person,
            "member": member,
            "show_sensitive": show_sensitive,
            "transfers": (
                member.transfers.select_related("from_organization", "to_organization")
                if member
                else []
            ),
            "exit": getattr(member, "exit", None) if member else None,
            "timeline": selectors.person_timeline(request.user, person.pk),
            "can_manage": user_can(request.user, Action.MANAGE_DOSSIERS),
            "can_edit": any(user_can(request.user, a) for a in services.PERSON_WRITE_ACTIONS),
        }
        return render(request, "people/person.html", context)


class PersonCreateView(ScopedViewMixin, View):
    model = Organization
    required_actions = {"*": tuple(services.PERSON_WRITE_ACTIONS)}
    denied_message = "Vai trò của bạn không được thêm người."

    def _unit(self, request, pk):
        return get_object_or_404(self.get_queryset().select_related("kind"), pk=pk)

    def get(self, request, pk: int):
        unit = self._unit(request, pk)
        return self._render(request, unit, PersonForm())

    def post(self, request, pk: int):
        unit = self._unit(request, pk)
        form = PersonForm(request.POST)
        if form.is_valid():
            try:
                person = services.person_create(
                    acting_user=request.user, organization=unit, **form.cleaned_data
                )
            except DomainError as error:
                _form_error(form, error)
            else:
                messages.success(request, f"Đã thêm «{person.full_name}».")
                return redirect("people:person", pk=person.pk)
        return self._render(request, unit, form, status=400)

    def _render(self, request, unit, form, status=200):
        title = f"Thêm người — {unit.name}"
        return render(
            request,
            "people/form.html",
            {"form": form, "title": title, "back_url": reverse("people:members", args=[unit.pk])},
            status=status,
        )


class PersonEditView(ScopedViewMixin, View):
    model = Person
    required_actions = {"*": tuple(services.PERSON_WRITE_ACTIONS)}
    denied_message = "Vai trò của bạn không được sửa thông tin người."

    def _person(self, request, pk):
        return get_object_or_404(self.get_queryset(), pk=pk)

    def get(self, request, pk: int):
        person = self._person(request, pk)
        initial = {name: getattr(person, name, None) for name in PersonForm.base_fields}
        return self._render(request, person, PersonForm(initial=initial))

    def post(self, request, pk: int):
        person = self._person(request, pk)
        form = PersonForm(request.POST)
        if form.is_valid():
            try:
                services.person_update(acting_user=request.user, person=person, **form.cleaned_data)
            except DomainError as error:
                _form_error(form, error)
            else:
                messages.success(request, "Đã lưu thay đổi.")
                return redirect("people:person", pk=person.pk)
        return self._render(request, person, form, status=400)

    def _render(self, request, person, form, status=200):
        return render(
            request,
            "people/form.html",
            {
                "form": form,
                "title": f"Sửa thông tin — {person.full_name}",
                "back_url": reverse("people:person", args=[person.pk]),
            },
            status=status,
        )


class MemberActionView(ScopedViewMixin, View):
    """A form about one current member, for roles that manage dossiers."""

    model = Member
    required_actions = {"*": Action.MANAGE_DOSSIERS}
    form_class = None
    title = ""

    def _member(self, request, pk):
        return get_object_or_404(
            self.get_queryset().select_related("person", "organization"), pk=pk
        )

    def get(self, request, pk: int):
        member = self._member(request, pk)
        return self._render(request, member, self.form_class())

    def post(self, request, pk: int):
        member = self._member(request, pk)
        form = self.form_class(request.POST)
        if form.is_valid():
            try:
                self.perform(request, member, form.cleaned_data)
            except DomainError as error:
                _form_error(form, error)
            else:
                return redirect("people:person", pk=member.person_id)
        return self._render(request, member, form, status=400)

    def _render(self, request, member, form, status=200):
        return render(
            request,
            "people/form.html",
            {
                "form": form,
                "title": f"{self.title} — {member.person.full_name}",
                "back_url": reverse("people:person", args=[member.person_id]),
            },
            status=status,
        )


class TransferRequestView(MemberActionView):
    form_class = TransferForm
    title = "Chuyển sinh hoạt đảng"

    def perform(self, request, member, data):
        target = (
            Organization.objects.select_related("kind")
            .filter(code=data["to_code"].strip().upper())
            .first()
        )
        if target is None:
            raise DomainError(f"Không tìm thấy chi bộ mã «{data['to_code']}».", field="to_code")
        services.member_transfer_request(
            acting_user=request.user,
            member=member,
            to_organization=target,
            requested_on=data["requested_on"],
            document_number=data["document_number"],
            note=data["note"],
        )
        messages.success(request, f"Đã gửi đề nghị chuyển sinh hoạt tới «{target.name}».")


class ExitView(MemberActionView):
    form_class = ExitForm
    title = "Ra khỏi danh sách đảng viên"

    def perform(self, request, member, data):
        services.member_exit(acting_user=request.user, member=member, **data)
        messages.success(request, "Đã ghi đảng viên ra khỏi danh sách.")


class TransferConfirmView(ScopedViewMixin, View):
    """The receiving side confirms a transfer."""

    model = MemberTransfer
    required_actions = {"*": (Action.MANAGE_DOSSIERS, Action.RECORD_CELL_DECISIONS)}
    denied_message = "Vai trò của bạn không được tiếp nhận chuyển sinh hoạt đảng."

    def _transfer(self, request, pk):
        return get_object_or_404(
            self.get_queryset().select_related(
                "member__person", "from_organization", "to_organization"
            ),
            pk=pk,
        )

    def get(self, request, pk: int):
        transfer = self._transfer(request, pk)
        return self._render(request, transfer, ConfirmForm())

    def post(self, request, pk: int):
        transfer = self._transfer(request, pk)
        form = ConfirmForm(request.POST)
        if form.is_valid():
            try:
                services.member_transfer_confirm(
                    acting_user=request.user,
                    transfer=transfer,
                    confirmed_on=form.cleaned_data["confirmed_on"],
                )
            except DomainError as error:
                _form_error(form, error)
            else:
                messages.success(request, "Đã tiếp nhận đảng viên chuyển đến.")
                return redirect("people:members", pk=transfer.to_organization_id)
        return self._render(request, transfer, form, status=400)

    def _render(self, request, transfer, form, status=200):
        return render(
            request,
            "people/transfer_confirm.html",
            {"form": form, "transfer": transfer},
            status=status,
        )
