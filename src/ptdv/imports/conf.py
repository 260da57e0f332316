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
    # Checked before a workbook is read (sandbox.prescan): its parts once expanded, and the
    # extent of each sheet (the reader allocates rows × columns, even for empty cells).
    "MAX_EXPANDED_BYTES": 200 * 1024 * 1024,
    "MAX_SHEET_ROWS": 1_048_576,
    "MAX_COLUMNS": 200,
    "MAX_CELLS": 20_000_000,
    # The child process that reads a file: address space added to the worker's, CPU seconds.
    "CHILD_MEMORY_MB": 1024,
    "CHILD_SECONDS": 120,
    # A running job's lease: renewed by its worker; a job whose lease has run out for this
    # long had its worker die, and is marked failed (it can be run again).
    "LEASE_SECONDS": 120,
    # Stored files of finished jobs are deleted after this many days (`ptdv imports_cleanup`).
    "KEEP_FILES_DAYS": 30,
}


def limit(name: str) -> int:
    return getattr(settings, "PTDV_IMPORTS", {}).get(name, DEFAULTS[name])
