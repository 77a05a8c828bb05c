"""Time `manage.py import_monuments` on a 10,000-row file (make bench).

    python bench/import_file.py [--rows 10000]

Writes a SYNTHETIC file in the layout of ../shared/data/monuments.csv (bench/work/, every
name marked "synthetic", every URL under example.org: 2,000 distinct sources and 300 sponsors,
so sources are shared by URL and actors matched by name as in a real file), then imports it
into a scratch database made for the purpose (`<bench database>_import`, dropped afterwards):
once with --dry-run (checking only) and once for real. Prints JSON with the seconds of each.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import ROOT, WORK, bench_database_url

FORMS = ["bust", "bust", "bust", "statue", "bas_relief", "plaque"]
CATEGORIES = ["kprf", "kprf", "kprf", "private", "veterans_org", "other", "unknown"]


def regions(database_url: str) -> list[str]:
    import psycopg

    with psycopg.connect(database_url) as db:
        return [row[0] for row in db.execute(
            "SELECT name_en FROM registry_region WHERE country = 'RU' ORDER BY code")]


def write_file(path: Path, rows: int, region_names: list[str]) -> None:
    rng = random.Random(2025)
    header = ["name_en", "name_ru", "settlement", "region", "country", "latitude", "longitude",
              "year_unveiled", "date_unveiled", "monument_type", "status", "sponsor",
              "sponsor_category", "source_title", "source_url", "source_publisher",
              "source_date", "quote"]
    with path.open("w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file)
        writer.writerow(header)
        for n in range(1, rows + 1):
            year = rng.choice(range(1995, 2026)) if rng.random() < 0.5 else rng.choice(
                range(2015, 2026))
            source = rng.randrange(2000)
            has_point = rng.random() < 0.4
            writer.writerow([
                f"Synthetic Stalin {rng.choice(FORMS)} no. {n} (bench)",
                f"Синтетический памятник Сталину № {n} (тест)",
                f"Synthetic settlement {n}", rng.choice(region_names), "Russia",
                f"{rng.uniform(43, 68):.5f}" if has_point else "",
                f"{rng.uniform(30, 130):.5f}" if has_point else "",
                year, f"{year}-05-09" if rng.random() < 0.5 else "",
                rng.choice(FORMS), "standing",
                f"Synthetic sponsor {rng.randrange(300)}", rng.choice(CATEGORIES),
                f"Synthetic report {source}", f"https://synthetic.example.org/report-{source}",
                "Synthetic outlet", f"{year}-05-10", "Synthetic quote (bench data).",
            ])


def scratch_url(url: str) -> tuple[str, str]:
    base, _, name = url.rpartition("/")
    return f"{base}/{name}_import", f"{name}_import"


def psql(url: str, sql: str) -> None:
    base = url.rpartition("/")[0] + "/postgres"
    subprocess.run(["psql", base, "-qc", sql], check=True, capture_output=True)


def manage(url: str, *args: str) -> float:
    started = time.monotonic()
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, check=True,
                   env={**os.environ, "DATABASE_URL": url, "DJANGO_LOG_LEVEL": "WARNING"},
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.monotonic() - started


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=10_000)
    args = parser.parse_args()
    url, name = scratch_url(bench_database_url())
    WORK.mkdir(parents=True, exist_ok=True)
    path = WORK / f"import-{args.rows}.csv"
    psql(url, f'DROP DATABASE IF EXISTS "{name}"')
    psql(url, f'CREATE DATABASE "{name}"')
    try:
        manage(url, "migrate", "--noinput")
        write_file(path, args.rows, regions(url))
        dry_run = manage(url, "import_monuments", str(path), "--dry-run", "--verbosity", "0")
        imported = manage(url, "import_monuments", str(path), "--verbosity", "0")
        import psycopg

        with psycopg.connect(url) as db:
            created = db.execute("SELECT count(*) FROM registry_monument").fetchone()[0]
            sources = db.execute("SELECT count(*) FROM registry_source").fetchone()[0]
            actors = db.execute("SELECT count(*) FROM registry_actor").fetchone()[0]
    finally:
        psql(url, f'DROP DATABASE IF EXISTS "{name}"')
    print(json.dumps({"rows": args.rows, "dry_run_seconds": dry_run, "seconds": imported,
                      "created": created, "sources": sources, "actors": actors,
                      "bytes": path.stat().st_size}))


if __name__ == "__main__":
    main()
