"""Settings come from the environment; production refuses to start without a secret."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run_django(env_overrides: dict[str, str], code: str) -> subprocess.CompletedProcess:
    env = {**os.environ, **env_overrides}
    env.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/unused")
    script = f"import django; django.setup(); {code}"
    return subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True,
                          text=True, timeout=60,
                          env={**env, "DJANGO_SETTINGS_MODULE": "registry.settings"})


def test_production_settings_refuse_to_start_without_a_secret_key():
    result = run_django({"DJANGO_ENV": "production", "DJANGO_SECRET_KEY": ""}, "")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_production_settings_turn_debug_off_and_cookies_secure():
    result = run_django(
        {"DJANGO_ENV": "production", "DJANGO_SECRET_KEY": "x" * 60,
         "DJANGO_ALLOWED_HOSTS": "registry.example.org"},
        "from django.conf import settings as s; "
        "print(s.DEBUG, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.ALLOWED_HOSTS)",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "True", "True", "['registry.example.org']"]


def test_development_defaults_work_with_nothing_set():
    result = run_django({"DJANGO_ENV": "", "DJANGO_SECRET_KEY": "", "DJANGO_DEBUG": ""},
                        "from django.conf import settings as s; print(s.DEBUG)")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "True"
