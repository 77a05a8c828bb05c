"""How the registry finds its PostgreSQL: DATABASE_URL, or the embedded server."""

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import psutil
import pytest
from django.core.exceptions import ImproperlyConfigured

from registry.database import database_settings

ROOT = Path(__file__).resolve().parent.parent


def postgres_processes_for(path: Path) -> list[psutil.Process]:
    found = []
    for process in psutil.process_iter(["name", "cmdline"]):
        if process.info["name"] == "postgres" and str(path) in " ".join(
            process.info["cmdline"] or []
        ):
            found.append(process)
    return found


def test_the_embedded_server_starts_without_database_url_and_stops_when_its_user_exits(
    tmp_path,
):
    root = tmp_path / "pgdata"
    script = textwrap.dedent(f"""
        import psycopg
        from pathlib import Path
        from registry.database import start_embedded_server
        server = start_embedded_server(Path({str(root)!r}))
        with psycopg.connect(server.get_uri()) as connection:
            print(connection.execute("SHOW server_version").fetchone()[0])
    """)
    env = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().startswith("18.")
    assert not postgres_processes_for(root)


def test_database_url_names_the_server(monkeypatch, tmp_path):
    monkeypatch.setenv("DATABASE_URL", "postgres://someone@db.example.org:5433/registry")
    config = database_settings(tmp_path)
    assert config["HOST"] == "db.example.org"
    assert config["PORT"] == 5433
    assert config["NAME"] == "registry"
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert not (tmp_path / ".pgdata").exists()


def test_a_database_url_that_is_not_postgresql_is_refused(monkeypatch, tmp_path):
    monkeypatch.setenv("DATABASE_URL", "sqlite:///registry.db")
    with pytest.raises(ImproperlyConfigured, match="PostgreSQL"):
        database_settings(tmp_path)


@pytest.mark.django_db
def test_the_tests_run_on_postgresql_with_the_extensions_search_needs():
    from django.db import connection

    assert connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        cursor.execute("SELECT extname FROM pg_extension")
        extensions = {row[0] for row in cursor.fetchall()}
    assert {"pg_trgm", "unaccent"} <= extensions
