"""Shared by the bench scripts: Django set-up against the bench database, and docs updating."""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
WORK = BENCH / "work"
RESULTS = BENCH / "results"
DOC = ROOT / "docs" / "benchmarks.md"

#: The scratch database the benchmarks fill with synthetic records (never the real one).
DEFAULT_BENCH_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/registry_bench"
BENCH_COUNT = 100_000


def bench_database_url() -> str:
    return os.environ.get("BENCH_DATABASE_URL", DEFAULT_BENCH_DATABASE_URL)


def setup_django() -> None:
    """Set Django up against the bench database (BENCH_DATABASE_URL)."""
    os.environ["DATABASE_URL"] = bench_database_url()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "registry.settings")
    os.environ.setdefault("DJANGO_LOG_LEVEL", "WARNING")
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def replace_section(title: str, body: str, path: Path = DOC) -> None:
    """Replace (or append) the `## title` section of docs/benchmarks.md with `body`.

    Generated sections sit between HTML comments so hand-written text around them survives.
    """
    start, end = f"<!-- begin: {title} -->", f"<!-- end: {title} -->"
    block = f"{start}\n## {title}\n\n{body.strip()}\n{end}"
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n"
    pattern = re.compile(re.escape(start) + r".*?" + re.escape(end), re.S)
    if pattern.search(text):
        text = pattern.sub(lambda _: block, text)
    else:
        text = text.rstrip() + "\n\n" + block + "\n"
    path.write_text(text, encoding="utf-8")
