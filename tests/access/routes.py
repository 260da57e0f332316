"""Every URL pattern of the project, classified for the access-matrix test.

A new page or API route must be added here, or test_access_matrix fails. Kinds:

- `Public(...)`: reachable without a login and shows no domain data (login, schema, docs).
- `NoData(...)`: needs a login but shows no domain data (a redirect, the API index).
- `Collection(build, params)`: a list. `build(tree, unit)` creates something belonging to
  `unit` and returns a text (a name) that the list shows for it; the list of a viewer must
  show it for the viewer's own unit and never for a unit outside the viewer's subtree.
- `ObjectRoute(build, methods)`: a page or endpoint about one object. `build(tree, unit)`
  creates an object belonging to `unit` and returns the URL kwargs; outside the viewer's
  subtree every method must answer 404 (or 405 where the method does not exist at all).
"""

import itertools
from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model


@dataclass(frozen=True)
class Public:
    note: str = ""


@dataclass(frozen=True)
class NoData:
    note: str = ""


@dataclass(frozen=True)
class Collection:
    build: Callable
    params: dict = field(default_factory=dict)


@dataclass(frozen=True)
class ObjectRoute:
    build: Callable
    methods: tuple = ("get", "post", "put", "patch", "delete")


_serial = itertools.count(1)


def unique(prefix: str) -> str:
    """A fresh name: `build` runs several times for the same unit in one test."""
    return f"{prefix}{next(_serial)}"


def unit_kwargs(tree, unit):
    return {"pk": unit.pk}


def unit_name(tree, unit):
    return unit.name


def user_in(tree, unit):
    user = get_user_model().objects.create(username=unique("nguoidung"), organization=unit)
    return f'"{user.username}"'


def audit_of(tree, unit):
    return unit.name


ROUTES: dict[str, object] = {
    "home": NoData("chuyển tới đơn vị của người dùng"),
    "accounts:login": Public(),
    "accounts:logout": Public(),
    "api-token": Public(),
    "api-schema": Public("lược đồ OpenAPI, không có dữ liệu"),
    "api-docs": Public("trang tài liệu API"),
    "api-root": NoData("danh mục API"),
    "organizations:tree": Collection(unit_name),
    "organizations:search": Collection(unit_name, params={"q": "chi bo thon"}),
    "organizations:detail": ObjectRoute(unit_kwargs),
    "organizations:children": ObjectRoute(unit_kwargs),
    "organizations:create": ObjectRoute(unit_kwargs),
    "organizations:edit": ObjectRoute(unit_kwargs),
    "organizations:audit": ObjectRoute(unit_kwargs),
    "organization-list": Collection(unit_name),
    "organization-detail": ObjectRoute(unit_kwargs),
    "user-list": Collection(user_in),
    "user-detail": ObjectRoute(
        lambda tree, unit: {
            "pk": get_user_model().objects.create(username=unique("u"), organization=unit).pk
        }
    ),
    "audit-event-list": Collection(audit_of),
    "audit-event-detail": ObjectRoute(
        lambda tree, unit: {
            "pk": __import__("ptdv.accounts.models", fromlist=["AuditEvent"])
            .AuditEvent.objects.filter(organization=unit)
            .first()
            .pk
        }
    ),
}


# ---- targets (issue 5) -------------------------------------------------------------------


def target_in(tree, unit):
    """A target of `unit`; returns its document text, which the API list shows."""
    from datetime import date

    from ptdv.targets.models import Target, TargetKind

    document = unique("Công văn CT-")
    year = 2000 + Target.objects.filter(organization=unit).count()  # one target per year
    Target.objects.create(
        organization=unit,
        kind=TargetKind.ASSIGNED,
        period_start=date(year, 1, 1),
        period_end=date(year, 12, 31),
        min_value=10,
        document=document,
    )
    return document


def target_kwargs(tree, unit):
    from ptdv.targets.models import Target

    target_in(tree, unit)
    return {"pk": Target.objects.filter(organization=unit).latest("pk").pk}


def oversight_kwargs(tree, unit):
    from datetime import date

    from ptdv.targets.models import Oversight

    oversight = Oversight.objects.create(
        organization=unit, follower_name=unique("Đồng chí "), starts_on=date(2024, 1, 1)
    )
    return {"pk": oversight.pk}


def oversight_name(tree, unit):
    from ptdv.targets.models import Oversight

    oversight_kwargs(tree, unit)
    return Oversight.objects.filter(organization=unit).latest("pk").follower_name


ROUTES.update(
    {
        "targets:oversight": ObjectRoute(unit_kwargs),
        "oversight-list": Collection(oversight_name),
        "oversight-detail": ObjectRoute(oversight_kwargs),
        "targets:oversight-reports": ObjectRoute(oversight_kwargs),
        "targets:unit": ObjectRoute(unit_kwargs),
        "targets:create": ObjectRoute(unit_kwargs),
        "targets:ranking": ObjectRoute(unit_kwargs),
        "targets:watch": ObjectRoute(unit_kwargs),
        "target-list": Collection(target_in),
        "target-detail": ObjectRoute(target_kwargs),
        "target-achievement": ObjectRoute(target_kwargs),
    }
)
# ---- end of targets ----------------------------------------------------------------------
