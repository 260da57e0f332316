"""The base of the pages about one unit of the URL, shared by the apps' views."""

from django.shortcuts import get_object_or_404

from ptdv.core.views import ScopedViewMixin
from ptdv.organizations.models import Organization


class UnitPageMixin(ScopedViewMixin):
    """A page about the unit of the URL (`pk`), scoped: 404 outside the user's subtree.
    On a `ServiceFormView` its form acts on that unit: the service takes it as
    `organization`."""

    model = Organization
    related: tuple = ("kind",)
    object_argument = "organization"

    def get_unit(self, pk: int) -> Organization:
        return get_object_or_404(self.get_queryset().select_related(*self.related), pk=pk)
