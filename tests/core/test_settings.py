"""Settings come from the environment and fail loudly."""

import os
import subprocess
import sys


def load_settings(**env) -> subprocess.CompletedProcess:
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"SECRET_KEY", "DEBUG", "PTDV_TESTING", "DATABASE_URL"}
    }
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import ptdv.settings as s; print(s.DATABASES['default']['ENGINE'])",
        ],
        env={**clean, **env},
        capture_output=True,
        text=True,
        check=False,
    )


def test_secret_key_is_required_when_debug_is_off(tmp_path):
    result = load_settings(PTDV_HOME=str(tmp_path), DEBUG="false")
    assert result.returncode != 0 and "SECRET_KEY must be set" in result.stderr


def test_a_malformed_boolean_stops_the_start(tmp_path):
    result = load_settings(PTDV_HOME=str(tmp_path), DEBUG="perhaps")
    assert result.returncode != 0 and "DEBUG='perhaps'" in result.stderr


def test_sqlite_under_var_is_the_default_and_database_url_selects_postgresql(tmp_path):
    result = load_settings(PTDV_HOME=str(tmp_path), DEBUG="true")
    assert result.stdout.strip() == "django.db.backends.sqlite3"
    assert (tmp_path / "var").is_dir()
    result = load_settings(
        PTDV_HOME=str(tmp_path),
        SECRET_KEY="x" * 50,
        DATABASE_URL="postgres://u@127.0.0.1:5432/ptdv",
    )
    assert result.stdout.strip() == "django.db.backends.postgresql"


def test_vietnamese_locale_and_formats(settings):
    from datetime import date

    from django.utils import formats, translation

    assert settings.LANGUAGE_CODE == "vi" and settings.TIME_ZONE == "Asia/Ho_Chi_Minh"
    with translation.override("vi"):
        assert formats.date_format(date(2021, 3, 1), "SHORT_DATE_FORMAT") == "01/03/2021"
        assert formats.number_format(1234.5, 1, use_l10n=True, force_grouping=True) == "1.234,5"


def test_the_deployment_check_is_clean_with_production_settings(tmp_path):
    # Not the test run's own switches (the browser tests allow async-unsafe calls).
    test_only = {"SECRET_KEY", "DEBUG", "PTDV_TESTING", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {k: v for k, v in os.environ.items() if k not in test_only}
    env.update(
        PTDV_HOME=str(tmp_path),
        SECRET_KEY="k" * 20 + "-production-like-secret-with-enough-entropy-0123456789",
        ALLOWED_HOSTS="ptdv.example.vn",
        DJANGO_SETTINGS_MODULE="ptdv.settings",
    )
    result = subprocess.run(
        [sys.executable, "-m", "ptdv", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout


def test_https_redirect_and_hsts_can_be_switched_off(tmp_path):
    code = "import ptdv.settings as s; print(s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS)"
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"SECRET_KEY", "DEBUG", "PTDV_TESTING", "DATABASE_URL"}
    }
    env.update(PTDV_HOME=str(tmp_path), SECRET_KEY="x" * 60)
    default = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert default.stdout.split() == ["True", "31536000"]
    env.update(SECURE_SSL_REDIRECT="off", SECURE_HSTS_SECONDS="0")
    off = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert off.stdout.split() == ["False", "0"]
