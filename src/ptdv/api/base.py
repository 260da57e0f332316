"""The base of every API view set: scope applied once, in `get_queryset`."""

from rest_framework import viewsets


class ScopedViewSetMixin:
    """Querysets come from `model.objects.for_user(user)`: an object outside the user's
    subtree answers 404, exactly like one that does not exist."""

    queryset_model = None

    def get_queryset(self):
        queryset = self.queryset_model.objects.for_user(self.request.user)
        return self.scope_queryset(queryset)

    def scope_queryset(self, queryset):
        return queryset


class ScopedReadOnlyViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    pass


class NotFoundBeforeMethodMixin:
    """An action on someone else's object answers 404 whatever the method: "not yours"
    looks like "not found", even before "method not allowed"."""

    def http_method_not_allowed(self, request, *args, **kwargs):
        if "pk" in kwargs:
            self.get_object()
        return super().http_method_not_allowed(request, *args, **kwargs)
