"""Settings for the test suite: the real settings, made fast and independent of the machine."""

import os

os.environ.setdefault(
    "DJANGO_SECRET_KEY",
    "tests-only-secret-key-not-for-production-0123456789-abcdefghijklmnop",
)

from config.settings import *  # noqa: E402, F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_AUTOREFRESH = True
