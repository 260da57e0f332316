"""Where the apps above people take part in people's own work, without people importing them
(docs/architecture.md): each registers its functions here from its AppConfig.ready(). The
lines of a person's timeline are registered the same way (`people.timeline.SOURCES`)."""

from collections.abc import Callable

# fn(persons) -> {person_id: status}: the status a person search shows for persons who are
# not members (a candidate, with the step of their dossier).
PERSON_STATUSES: list[Callable] = []
# fn(member) -> bool: the member has an open procedure that will record their recognition
# itself, so the recognition of an older register may not be recorded by hand.
OPEN_PROCEDURES: list[Callable] = []
# fn(*, acting_user, member, to_organization, on): a member's transfer was confirmed (in the
# same transaction); what followed the member follows them to their new cell.
MEMBER_MOVED: list[Callable] = []


def register(hooks: list[Callable]) -> Callable:
    """`@register(PERSON_STATUSES)` above a function adds it to those hooks."""

    def add(function: Callable) -> Callable:
        if function not in hooks:
            hooks.append(function)
        return function

    return add
