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


# SQLSTATE 57014 (query_canceled): PostgreSQL cancelled the statement, because it ran longer
# than the session's statement_timeout (settings.STATEMENT_TIMEOUT_MS) or was cancelled.
QUERY_CANCELED = "57014"


def is_statement_timeout(exc: BaseException | None) -> bool:
    """Whether `exc` (or the database error it wraps) is a statement the database cancelled
    (Django wraps the driver's QueryCanceled in its own OperationalError)."""
    seen = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        if getattr(exc, "sqlstate", None) == QUERY_CANCELED:  # psycopg 3
            return True
        if getattr(exc, "pgcode", None) == QUERY_CANCELED:  # psycopg 2
            return True
        exc = exc.__cause__ or exc.__context__
    return False
