"""Limits of the imports, overridable in settings.PTDV_IMPORTS (a dict)."""

from django.conf import settings

DEFAULTS = {
    # A bigger file is refused before it is read.
    "MAX_BYTES": 25 * 1024 * 1024,
    # Data rows (empty rows not counted) in one file.
    "MAX_ROWS": 100_000,
    # The header row is looked for in the first rows of each sheet.
    "HEADER_SEARCH_ROWS": 30,
    # Files with more data rows than this are meant for the background task.
    "BACKGROUND_ROWS": 2_000,
    # Rows shown in the preview page (the whole preview is in the job's result).
    "PREVIEW_ROWS": 200,
    # How often (in rows) the job writes its progress.
    "PROGRESS_EVERY": 500,
}


def limit(name: str) -> int:
    return getattr(settings, "PTDV_IMPORTS", {}).get(name, DEFAULTS[name])
