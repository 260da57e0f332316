"""The domain error every service raises: a Vietnamese message for the user."""


class DomainError(Exception):
    """A refused operation. `message` is shown to the user as it is; `field` names the
    form field it belongs to, when there is one; `rule` cites the regulation."""

    def __init__(self, message: str, *, field: str | None = None, rule: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field
        self.rule = rule

    def __str__(self) -> str:
        return self.message


class RoleRefused(DomainError):
    """The user's role may not do this, on data they may see: the API answers 403."""


class StaleState(DomainError):
    """The object moved since the user's page was drawn: the API answers 409."""
