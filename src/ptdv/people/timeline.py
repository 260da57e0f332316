"""A person's timeline: everything that happened to them, newest first. Each app that records
something about a person adds its lines through `SOURCES` (registered from its AppConfig), so
people imports none of the apps above it; the words of every line are in the templates
`people/timeline/title.html` and `detail.html`."""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

from django.template.loader import render_to_string

# fn(visible) -> list[TimelineEvent]; `visible` is a queryset of the person's primary key,
# empty when the user may not see them. One query per source table.
SOURCES: list[Callable] = []
KEPT = "\ue000"  # stands for a line break inside a value while the details are joined


def source(function: Callable) -> Callable:
    """Register a function that adds a person's lines from one app's tables."""
    if function not in SOURCES:
        SOURCES.append(function)
    return function


@dataclass
class TimelineEvent:
    """One line of the timeline: the day, what happened (`what`, the key of its words, and
    `values`, the facts they are written with), its kind of line and where to read more."""

    on: date
    what: str
    values: dict = field(default_factory=dict)
    kind: str = ""
    url: str = ""
    order: tuple = field(default=(), compare=False)

    @cached_property
    def title(self) -> str:
        context = {"event": self, "v": self.values}
        return render_to_string("people/timeline/title.html", context).strip()

    @cached_property
    def detail(self) -> str:
        """The details, one per line of the template, joined into one sentence (a line
        break inside a value, such as a review's text, is kept as it is)."""
        values = {
            name: KEPT.join(value.splitlines()) if isinstance(value, str) else value
            for name, value in self.values.items()
        }
        text = render_to_string("people/timeline/detail.html", {"event": self, "v": values})
        parts = (line.strip() for line in text.splitlines())
        return "; ".join(part for part in parts if part).replace(KEPT, "\n")
