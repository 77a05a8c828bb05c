"""Admin security: login throttling, session cookies, and no accounts with default passwords."""

import io
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command

from registry.workflow import CURATOR
from tests.factories import user_with_role

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/?next=/admin/"
PASSWORD = "a-long-test-password"  # tests/factories.py


def log_in(client, username: str, password: str, address: str = "203.0.113.7"):
    return client.post(LOGIN, {"username": username, "password": password},
                       REMOTE_ADDR=address)


def is_logged_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_guessing_passwords_locks_the_account_even_for_the_right_password(client):
    user_with_role(CURATOR)
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = log_in(client, CURATOR, "wrong-guess")
        assert response.status_code == 200  # the login form again, with an error
    assert log_in(client, CURATOR, "wrong-guess").status_code == 429  # the limit: locked out
    response = log_in(client, CURATOR, PASSWORD)
    assert response.status_code == 429
    assert not is_logged_in(client)


def test_the_lockout_also_stops_guessing_from_another_address(client):
    user_with_role(CURATOR)
    for number in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, CURATOR, "wrong-guess", address=f"198.51.100.{number}")
    assert log_in(client, CURATOR, PASSWORD, address="192.0.2.1").status_code == 429


def test_a_successful_login_resets_the_count_of_failures(client):
    user_with_role(CURATOR)
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        log_in(client, CURATOR, "wrong-guess")
    assert log_in(client, CURATOR, PASSWORD).status_code == 302
    client.logout()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        log_in(client, CURATOR, "wrong-guess")
    assert log_in(client, CURATOR, PASSWORD).status_code == 302
    assert is_logged_in(client)


def test_the_session_cookie_is_http_only_same_site_and_ends_with_the_browser(client):
    user_with_role(CURATOR)
    response = log_in(client, CURATOR, PASSWORD)
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"
    assert not cookie["expires"] and not cookie["max-age"]
    assert settings.SESSION_COOKIE_AGE <= 12 * 60 * 60


def test_the_admin_refuses_to_be_framed(client):
    user_with_role(CURATOR)
    assert client.get(LOGIN)["X-Frame-Options"] == "DENY"


def test_the_projects_commands_create_no_accounts(tmp_path):
    from tests.test_imports import csv_bytes, row

    path = tmp_path / "monuments.csv"
    path.write_bytes(csv_bytes([row()]))
    call_command("load_records", stdout=io.StringIO())
    call_command("import_monuments", str(path), stdout=io.StringIO(), verbosity=0)
    assert get_user_model().objects.count() == 0


def test_no_code_of_the_project_makes_staff_accounts_or_sets_passwords():
    # The only ways to an account are `createsuperuser` and `create_account`, which ask for a
    # password and check it against AUTH_PASSWORD_VALIDATORS (tests/test_accounts.py). Tests
    # may make users; other shipped code may not.
    root = Path(settings.BASE_DIR)
    pattern = re.compile(r"create_superuser|is_staff\s*=\s*True|set_password\(|"
                         r"DJANGO_SUPERUSER_PASSWORD")
    shipped = [path for folder in ("registry", "api") for path in (root / folder).rglob("*.py")]
    shipped += [root / name for name in ("Dockerfile", "docker-compose.yml", "Makefile")
                if (root / name).exists()]
    asks_for_a_password = root / "registry/management/commands/create_account.py"
    offenders = [str(path.relative_to(root)) for path in shipped
                 if "migrations" not in path.parts and path != asks_for_a_password
                 and pattern.search(path.read_text())]
    assert offenders == []
