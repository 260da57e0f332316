"""The base of every API view set: scope applied once, in `get_queryset`; the action a
method needs declared once; someone else's object answers 404 before anything else; ids in
request bodies limited to the caller's scope."""

from rest_framework import exceptions, serializers, viewsets
from rest_framework.response import Response


class DeclaredActionsMixin:
    """`required_actions` maps a view-set action ("create", "update", "partial_update",
    "destroy", an `@action` name, or "*" for all) to an action of the permission table or a
    tuple of them (any one suffices); refused with `denied_message` (403), after the object
    of the URL is found (someone else's object answers 404 first)."""

    required_actions: dict = {}
    denied_message = "Vai trò của bạn không được thực hiện thao tác này."

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        needed = self.required_actions.get(self.action, self.required_actions.get("*"))
        if needed is None:
            return
        actions = needed if isinstance(needed, tuple) else (needed,)
        if not request.user.can(*actions):
            if "pk" in kwargs:
                self.get_object()
            raise exceptions.PermissionDenied(self.denied_message)


class ScopedViewSetMixin(DeclaredActionsMixin):
    """Querysets come from `model.objects.for_user(user)`: an object outside the user's
    subtree answers 404, exactly like one that does not exist — whatever the method, even
    before "method not allowed" or "forbidden"."""

    queryset_model = None

    def get_queryset(self):
        queryset = self.queryset_model.objects.for_user(self.request.user)
        return self.scope_queryset(queryset)

    def scope_queryset(self, queryset):
        return queryset

    def http_method_not_allowed(self, request, *args, **kwargs):
        if "pk" in kwargs:
            self.get_object()
        return super().http_method_not_allowed(request, *args, **kwargs)

    def act_on_object(self, service, name, payload_class, answer_class, status=200):
        """An `@action` on the object of the URL: the object (404 outside the scope), the
        body checked by `payload_class`, then `service(acting_user=…, <name>=object, **body)`;
        its result answered through `answer_class` (a DomainError answers 400)."""
        target = self.get_object()
        payload = payload_class(data=self.request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        result = service(acting_user=self.request.user, **{name: target}, **data)
        return Response(answer_class(result).data, status=status)


class ScopedReadOnlyViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    pass


class ScopedPrimaryKeyRelatedField(serializers.PrimaryKeyRelatedField):
    """An id in a request body that only names objects in the caller's scope:
    `model.objects.for_user(user)`, narrowed by `limit(queryset, request)` when given. An id
    outside the scope is refused like one that does not exist (a 400 on that field)."""

    def __init__(self, model, *, limit=None, **kwargs):
        self.model = model
        self.limit = limit
        kwargs.setdefault("queryset", model.objects.none())
        super().__init__(**kwargs)

    def get_queryset(self):
        request = self.context.get("request")
        if request is None:
            return self.model.objects.none()
        queryset = self.model.objects.for_user(request.user)
        return self.limit(queryset, request) if self.limit else queryset
