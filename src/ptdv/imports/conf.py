"""Limits of the imports, overridable in settings.PTDV_IMPORTS (a dict). They live in the
configuration registry (`core.config`, docs/configuration.md)."""

from ptdv.core.config import group, setting

DEFAULTS = {key: item.default for key, item in group("imports").items()}


def limit(name: str) -> int:
    return setting(name)
