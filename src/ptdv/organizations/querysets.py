"""The one scoped queryset most domain models share."""

from django.db import models

from ptdv.organizations.paths import descendant_filter
from ptdv.organizations.scope import scope_prefixes


class ScopedQuerySet(models.QuerySet):
    """`for_user(user)`: the rows whose unit lies in the user's scope. `scope_path` names the
    path of that unit from the model (override it for a model reached through another)."""

    scope_path = "organization__path"

    def for_user(self, user):
        return self.filter(descendant_filter(self.scope_path, scope_prefixes(user)))
