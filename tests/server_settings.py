"""Settings for the gunicorn servers tests/test_servers.py starts: the production settings, except
what a test must control from outside. Each change applies only when its variable is set.

- SERVER_TESTS_STATIC_ROOT: where the test session ran `collectstatic` (hashed, compressed files
  as in production), instead of the checkout's staticfiles/.
- DJANGO_DB_TIMEOUT: SQLite's busy timeout in seconds, shortened so that a test can hold the write
  lock for longer than it quickly.
- SERVER_TESTS_SQLITE_MAX_PAGE_COUNT: the most pages the SQLite file may grow to, on every
  connection: a disk that fills up.
"""

import os
from pathlib import Path

from config.settings import *  # noqa: F403
from config.settings import DATABASES

if os.environ.get("SERVER_TESTS_STATIC_ROOT"):
    STATIC_ROOT = Path(os.environ["SERVER_TESTS_STATIC_ROOT"])

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    options = DATABASES["default"]["OPTIONS"]
    if os.environ.get("DJANGO_DB_TIMEOUT"):
        options["timeout"] = float(os.environ["DJANGO_DB_TIMEOUT"])
    if os.environ.get("SERVER_TESTS_SQLITE_MAX_PAGE_COUNT"):
        pages = int(os.environ["SERVER_TESTS_SQLITE_MAX_PAGE_COUNT"])
        options["init_command"] += f" PRAGMA max_page_count={pages};"
