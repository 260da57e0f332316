"""Form fields shared by the pages: a choice of related object limited to the user's scope."""

from django import forms


class ScopedModelChoiceField(forms.ModelChoiceField):
    """A choice among `model.objects.for_user(user)` (narrowed by `limit(queryset)` when
    given), the user set by `ScopedForm`: an object outside the scope is an invalid choice,
    exactly like one that does not exist."""

    def __init__(self, model, *, limit=None, **kwargs):
        self.model = model
        self.limit = limit
        super().__init__(queryset=model.objects.none(), **kwargs)

    def scope(self, user) -> None:
        queryset = self.model.objects.for_user(user)
        self.queryset = self.limit(queryset) if self.limit else queryset


class ScopedForm(forms.Form):
    """A form built for one user (`user=`): its scoped fields only offer and accept what the
    user may see."""

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        for field in self.fields.values():
            if isinstance(field, ScopedModelChoiceField):
                field.scope(user)
