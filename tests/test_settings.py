import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.db.backends.sqlite3.base import DatabaseWrapper

STRONG_KEY = "k3Y-" + "abcdefghijklmnopqrstuvwxyz0123456789" * 2

PRINT_SETTINGS = (
    "import json, config.settings as s; "
    "print(json.dumps({'debug': s.DEBUG, 'db': s.DATABASES['default'], 'hosts': s.ALLOWED_HOSTS}, default=str))"
)


def run_settings(**env: str) -> subprocess.CompletedProcess:
    clean = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_URL"))
    }
    return subprocess.run(
        [sys.executable, "-c", PRINT_SETTINGS],
        env={**clean, "DJANGO_SECRET_KEY_FILE": "/nonexistent/secret", **env},
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3",
    reason="about SQLite's PRAGMAs: the suite runs on PostgreSQL here (DATABASE_URL)",
)
def test_sqlite_pragmas_take_effect_on_a_real_database_file(
    tmp_path: Path, django_db_blocker
):
    config = {**settings.DATABASES["default"], "NAME": str(tmp_path / "db.sqlite3")}
    connection = DatabaseWrapper(config)
    with django_db_blocker.unblock():
        with connection.cursor() as cursor:
            values = {
                pragma: cursor.execute(f"PRAGMA {pragma}").fetchone()[0]
                for pragma in [
                    "journal_mode",
                    "synchronous",
                    "busy_timeout",
                    "mmap_size",
                ]
            }
        assert values == {
            "journal_mode": "wal",
            "synchronous": 1,
            "busy_timeout": 20000,
            "mmap_size": 0,
        }
        assert connection.transaction_mode == "IMMEDIATE"
        connection.close()


def test_defaults_are_safe_debug_off_and_local_sqlite():
    result = run_settings(DJANGO_SECRET_KEY=STRONG_KEY)
    assert result.returncode == 0, result.stderr
    loaded = json.loads(result.stdout)
    assert loaded["debug"] is False
    assert loaded["db"]["ENGINE"] == "django.db.backends.sqlite3"
    assert loaded["db"]["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    assert loaded["hosts"] == ["127.0.0.1", "localhost", "[::1]"]


def test_database_url_selects_postgresql_with_health_checks():
    result = run_settings(
        DJANGO_SECRET_KEY=STRONG_KEY,
        DATABASE_URL="postgres://quiz:secret@db.example:5432/quiz",
        DJANGO_ALLOWED_HOSTS="quiz.school.example",
    )
    loaded = json.loads(result.stdout)
    assert loaded["db"]["ENGINE"] == "django.db.backends.postgresql"
    assert loaded["db"]["CONN_HEALTH_CHECKS"] is True
    assert "transaction_mode" not in loaded["db"].get("OPTIONS", {})
    assert loaded["hosts"] == ["quiz.school.example"]


def test_missing_secret_key_stops_start_up_with_a_clear_message():
    result = run_settings()
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is not set" in result.stderr


def test_a_malformed_boolean_is_refused():
    result = run_settings(DJANGO_SECRET_KEY=STRONG_KEY, DJANGO_DEBUG="maybe")
    assert result.returncode != 0
    assert "DJANGO_DEBUG must be true or false" in result.stderr


def test_a_weak_secret_key_stops_production_start_up():
    for weak in ["short", "x" * 60, "django-insecure-" + "abcdefghij" * 5]:
        result = run_settings(DJANGO_SECRET_KEY=weak)
        assert result.returncode != 0
        assert "too weak for production" in result.stderr


def test_a_weak_key_is_accepted_for_local_debugging():
    assert run_settings(DJANGO_SECRET_KEY="short", DJANGO_DEBUG="true").returncode == 0


def test_a_rate_limit_setting_must_be_a_positive_whole_number():
    for name in ["DJANGO_STARTS_PER_ADDRESS", "DJANGO_ATTEMPTS_PER_ASSIGNMENT"]:
        for bad in ["0", "-5", "lots", "1.5"]:
            result = run_settings(DJANGO_SECRET_KEY=STRONG_KEY, **{name: bad})
            assert result.returncode != 0
            assert f"{name} must be a whole number above 0" in result.stderr
    assert (
        run_settings(
            DJANGO_SECRET_KEY=STRONG_KEY, DJANGO_STARTS_PER_ADDRESS="2000"
        ).returncode
        == 0
    )


def test_a_wildcard_host_is_refused_in_production():
    result = run_settings(DJANGO_SECRET_KEY=STRONG_KEY, DJANGO_ALLOWED_HOSTS="*")
    assert result.returncode != 0
    assert "must name the site's host names" in result.stderr


def test_an_app_server_starts_without_loading_spacy():
    """Only generating questions needs spaCy; every (recycled) gunicorn worker would pay for it."""
    script = (
        "import sys, django; django.setup(); import config.wsgi, config.urls, quiz.admin; "
        "print('spacy' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DJANGO_SECRET_KEY": STRONG_KEY,
        },
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.strip() == "False", result.stderr


def test_make_build_stops_on_a_deploy_check_warning():
    """A deploy warning (here: plain HTTP, so cookies are not Secure) used to scroll past while
    the build went on; `make build` runs the deploy check so that any warning fails it."""
    dry_run = subprocess.run(
        ["make", "--dry-run", "build"],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=60,
    )
    [check] = [
        line.split()
        for line in dry_run.stdout.splitlines()
        if "manage.py check" in line
    ]
    arguments = check[check.index("manage.py") + 1 :]
    clean = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_URL"))
    }
    production = {
        **clean,
        "DJANGO_SECRET_KEY": STRONG_KEY,
        "DJANGO_ALLOWED_HOSTS": "quiz.example.org",
    }
    for https, stops in (("false", True), ("true", False)):
        result = subprocess.run(
            [sys.executable, "manage.py", *arguments],
            env={**production, "DJANGO_HTTPS": https},
            cwd=settings.BASE_DIR,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert (result.returncode != 0) is stops, result.stderr
