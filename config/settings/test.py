"""The test suite: SQLite (file-based, so a real Celery worker and a browser's live server
share it) unless DATABASE_URL points at PostgreSQL."""

import os
import tempfile
from pathlib import Path

from .base import *  # noqa: F403
from .base import BASE_DIR, DATABASES

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # One file per test run, so two runs on one machine never share a database.
    _db_dir = Path(os.environ.get("THIDUA_TEST_DB_DIR", BASE_DIR / ".pytest-db"))
    _db_dir.mkdir(exist_ok=True)
    DATABASES["default"]["TEST"] = {"NAME": str(_db_dir / f"test-{os.getpid()}.sqlite3")}
THIDUA_JOBS_MODE = "inline"
# One folder of assistant index builds per test process.
THIDUA_ASSISTANT_INDEX_DIR = Path(tempfile.mkdtemp(prefix="thidua-index-"))
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    # Published index builds: a real folder, so other processes of a test can fetch them.
    "assistant_index": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": tempfile.mkdtemp(prefix="thidua-index-store-")},
    },
}
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
