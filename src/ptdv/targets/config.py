"""Tunable values of the targets app: local practice, not fixed by a regulation. They live
in the configuration registry (`core.config`, docs/configuration.md) and are overridden in
`settings.PTDV_TARGETS` (a dict)."""

from ptdv.core.config import group, setting

DEFAULTS: dict = {key: item.default for key, item in group("targets").items()}


def conf(name: str):
    return setting(name)
