"""Production configuration: check --deploy clean, security headers, structured logs, and
conditional GET on public pages."""

import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.http import HttpResponse
from django.test import RequestFactory

from registry.choices import State
from registry.http import public_cache
from registry.logs import JsonFormatter
from registry.workflow import monument_transition
from tests.factories import MonumentFactory, UserFactory

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION = {
    "DJANGO_ENV": "production",
    "DJANGO_SECRET_KEY": "k7#v-Qm2!pZr9@xW4&bN8*eT1^uY6%hJ3$cL5(fG0)sD-aM+oP=iK_lV",
    "DJANGO_ALLOWED_HOSTS": "registry.example.org",
    "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/unused",
}


def manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    # Browser tests allow sync database calls from Playwright's event loop; production never.
    inherited = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=120, env={**inherited, **env})


def test_check_deploy_reports_nothing_with_production_settings():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


@pytest.mark.django_db
def test_pages_carry_a_strict_content_security_policy(client):
    response = client.get("/en/")
    policy = response["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    assert directives["default-src"] == "'self'"
    assert "'unsafe-inline'" not in policy
    # The nonce is only added when a template asks for it ({{ request.csp_nonce }}).
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert "https://tile.openstreetmap.org" in directives["img-src"]
    assert directives["frame-ancestors"] == "'none'"


@pytest.mark.django_db
def test_pages_switch_off_browser_features_and_keep_referrers_on_site(client):
    response = client.get("/en/")
    assert "geolocation=()" in response["Permissions-Policy"]
    assert "camera=()" in response["Permissions-Policy"]
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_log_lines_are_json_objects():
    record = logging.LogRecord("registry", logging.WARNING, __file__, 1, "slow %s", ("query",),
                               None)
    line = json.loads(JsonFormatter().format(record))
    assert line["level"] == "WARNING"
    assert line["message"] == "slow query"
    assert line["logger"] == "registry"
    assert line["time"].endswith("+00:00")


def test_gunicorn_access_lines_become_json_fields():
    record = logging.LogRecord("gunicorn.access", logging.INFO, __file__, 1, "%(h)s",
                               ({"h": "10.0.0.1", "m": "GET", "U": "/en/", "s": "200",
                                 "D": 1234},), None)
    line = json.loads(JsonFormatter().format(record))
    assert line["method"] == "GET" and line["path"] == "/en/" and line["status"] == "200"
    assert line["duration_us"] == 1234


def test_production_logs_are_json_lines():
    result = subprocess.run(
        [sys.executable, "-c", "import django, logging; django.setup(); "
                               "logging.getLogger('registry').warning('hello')"],
        cwd=ROOT, capture_output=True, text=True, timeout=60,
        env={**os.environ, **PRODUCTION, "DJANGO_SETTINGS_MODULE": "registry.settings"})
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stderr.splitlines() if line.strip()]
    assert {"level": "WARNING", "logger": "registry", "message": "hello"}.items() <= \
        lines[-1].items()


@pytest.mark.django_db
class TestConditionalGet:
    @pytest.fixture
    def view(self):
        from registry.models import Monument

        @public_cache()
        def count_view(request):
            return HttpResponse(str(Monument.objects.published().count()))

        return count_view

    def get(self, view, etag=None, user=None):
        from django.contrib.auth.models import AnonymousUser

        headers = {"HTTP_IF_NONE_MATCH": etag} if etag else {}
        request = RequestFactory().get("/en/stats/?year_min=2000", **headers)
        request.user = user or AnonymousUser()
        return view(request)

    def test_a_repeated_request_gets_304(self, view):
        first = self.get(view)
        assert first.status_code == 200
        assert "must-revalidate" in first["Cache-Control"]
        assert self.get(view, etag=first["ETag"]).status_code == 304

    def test_a_publish_changes_the_etag(self, view, django_capture_on_commit_callbacks):
        from django.contrib.auth.models import Group

        reviewer = UserFactory(is_staff=True)
        reviewer.groups.add(Group.objects.get(name="reviewer"))
        draft = MonumentFactory(state=State.IN_REVIEW)
        first = self.get(view)
        with django_capture_on_commit_callbacks(execute=True):
            monument_transition(monument=draft, name="publish", user=reviewer)
        second = self.get(view, etag=first["ETag"])
        assert second.status_code == 200
        assert second.content == b"1"

    def test_logged_in_users_get_private_uncached_responses(self, view):
        response = self.get(view, user=UserFactory())
        assert "private" in response["Cache-Control"]
        assert not response.has_header("ETag")
