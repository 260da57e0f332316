"""Settings for the test suite: the real settings with a fast password hasher."""

import os

os.environ.setdefault("PTDV_TESTING", "1")

from ptdv.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
# Tasks run at once, inside the test (tests/imports enqueue on the database backend too).
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# Scanned attachments and received packages of the tests go to a temporary folder.
import tempfile  # noqa: E402

PTDV_MEDIA_DIR = Path(tempfile.mkdtemp(prefix="ptdv-media-"))  # noqa: F405
# The report cache of each test process in its memory (reports/cache.py).
CACHES["reports"] = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}  # noqa: F405
