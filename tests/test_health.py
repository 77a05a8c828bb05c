"""/healthz tells a load balancer whether this app server can serve."""

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.django_db


def test_healthz_answers_200_with_the_database_up(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert response["Cache-Control"] == "no-store"


def test_healthz_needs_no_allowed_host_and_no_language_prefix(client):
    response = client.get("/healthz", HTTP_HOST="10.0.0.7")
    assert response.status_code == 200


def test_healthz_answers_503_with_the_database_unreachable():
    # A separate process whose only database is a closed port.
    script = textwrap.dedent("""
        import django
        django.setup()
        from django.test import Client
        response = Client().get("/healthz")
        print(response.status_code, response.content.decode())
    """)
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "registry.settings",
           "DATABASE_URL": "postgres://postgres@127.0.0.1:1/unreachable",
           "DJANGO_LOG_LEVEL": "CRITICAL"}
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    status, body = result.stdout.strip().split(" ", 1)
    assert status == "503"
    assert json.loads(body)["status"] == "unavailable"
    assert "default" in json.loads(body)["databases"]
