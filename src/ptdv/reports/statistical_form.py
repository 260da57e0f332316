"""The statistical report on newly admitted members: its sections and its columns (the
unit, each child unit, the members under none of them)."""

from dataclasses import dataclass

from django.db.models import Count

from ptdv.organizations.models import Organization
from ptdv.organizations.rollup import roll_up
from ptdv.organizations.scope import subtree_prefixes_many
from ptdv.reports import config
from ptdv.reports.figures import (
    ADMITTED,
    FIGURES,
    FIGURES_BY_KEY,
    Figure,
    Period,
    by_cell,
    figure_condition,
    members_under,
    unit_prefixes,
)

FORM_PREFIXES = {"age": "age_", "edu": "edu_", "prof": "prof_", "work": "work_"}
OTHER_COLUMN = 0  # members under the unit but under none of its current child units


def form_rows() -> list[tuple[str, list[Figure]]]:
    """The sections of the form with their figures, from `config.FORM_SECTIONS`."""
    sections = []
    for title, keys in config.FORM_SECTIONS:
        if isinstance(keys, str):
            prefix = FORM_PREFIXES[keys]
            chosen = [f for f in FIGURES if f.key.startswith(prefix) and f.base == ADMITTED]
        else:
            chosen = [FIGURES_BY_KEY[key] for key in keys]
        sections.append((title, chosen))
    return sections


@dataclass
class FormColumn:
    label: str
    unit: Organization | None  # None: the total, or members under no current child
    counts: dict[str, int]


def statistical_form(
    unit: Organization, period: Period, prefixes=None, recorded_on=None
) -> list[FormColumn]:
    """The form's columns: the unit's total, then each direct child unit (units merged into a
    child count for it; a child merged away is not a column of its own), then "other" when
    members sit under none of the current children. ONE query for the figures, grouped by
    cell (each member's cell on their admission day), rolled up to the children (plus the child
    list and the merge lookups). As recorded on a day (`recorded_on`, with the `prefixes` of
    `history.recorded_prefixes`), the columns are the children of that day, each with what
    lay under it then (`history.recorded_children`)."""
    prefixes = prefixes if prefixes is not None else unit_prefixes(unit)
    if recorded_on is not None:
        from ptdv.organizations.history import recorded_children

        recorded = recorded_children(unit, recorded_on)
        children = list(recorded)
        child_prefixes = {child.pk: recorded[child] for child in children}
    else:
        children = list(
            Organization.objects.filter(parent=unit, merged_into__isnull=True).order_by("sort_key")
        )
        child_prefixes = subtree_prefixes_many(children) if children else {}
    keys = [figure for _, chosen in form_rows() for figure in chosen]
    # Grouped once by cell (the figures as columns), then rolled up to each child; what no
    # current child covers is the "other" column.
    cells = by_cell(
        members_under(prefixes, period),
        {f.key: Count("pk", filter=figure_condition(f, period)) for f in keys},
    )
    by_child = roll_up(cells, child_prefixes)
    covered = roll_up(cells, {OTHER_COLUMN: tuple(p for ps in child_prefixes.values() for p in ps)})
    everything = roll_up(cells, {None: prefixes})[None]
    by_column = {pk: values for pk, values in by_child.items() if any(values.values())}
    other = {f.key: everything[f.key] - covered[OTHER_COLUMN][f.key] for f in keys}
    if any(other.values()):
        by_column[OTHER_COLUMN] = other
    empty = dict.fromkeys((f.key for f in keys), 0)
    total = {f.key: everything[f.key] for f in keys}
    columns = [FormColumn("Tổng số", None, total)]
    for child in children:
        counts = by_column.get(child.pk, empty)
        columns.append(FormColumn(child.name, child, {f.key: counts.get(f.key, 0) for f in keys}))
    if OTHER_COLUMN in by_column:
        other = by_column[OTHER_COLUMN]
        columns.append(FormColumn("Đơn vị khác", None, {f.key: other[f.key] for f in keys}))
    return columns
