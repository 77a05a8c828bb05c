"""Time `manage.py import_monuments` on a 10,000-row file (make bench-import).

    python bench/import_file.py [--rows 10000] [--write]

Writes a SYNTHETIC file in the layout of ../shared/data/monuments.csv (bench/work/, every
name marked "synthetic", every URL under example.org: 2,000 distinct sources and 300 sponsors,
so sources are shared by URL and actors matched by name as in a real file), then imports it
into a scratch database made for the purpose (`<bench database>_import`, dropped afterwards).
Prints JSON with the seconds it took; --write also puts the result in docs/benchmarks.md and
bench/results/import.json. (A --dry-run does the same work and rolls it back, so it takes as
long.)
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

from bench.common import RESULTS, ROOT, WORK, bench_database_url, replace_section

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
                "Synthetic outlet", f"{year}-05-10", f"Synthetic quote of row {n} (bench data).",
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
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()
    url, name = scratch_url(bench_database_url())
    WORK.mkdir(parents=True, exist_ok=True)
    path = WORK / f"import-{args.rows}.csv"
    psql(url, f'DROP DATABASE IF EXISTS "{name}"')
    psql(url, f'CREATE DATABASE "{name}"')
    try:
        manage(url, "migrate", "--noinput")
        write_file(path, args.rows, regions(url))
        imported = manage(url, "import_monuments", str(path), "--verbosity", "0")
        import psycopg

        with psycopg.connect(url) as db:
            created = db.execute("SELECT count(*) FROM registry_monument").fetchone()[0]
            sources = db.execute("SELECT count(*) FROM registry_source").fetchone()[0]
            actors = db.execute("SELECT count(*) FROM registry_actor").fetchone()[0]
    finally:
        psql(url, f'DROP DATABASE IF EXISTS "{name}"')
    result = {"rows": args.rows, "seconds": imported, "created": created, "sources": sources,
              "actors": actors, "bytes": path.stat().st_size}
    print(json.dumps(result))
    if args.write:
        (RESULTS / "import.json").write_text(json.dumps(result, indent=1))
        replace_section("Import of a 10,000-row file", report(result))


def report(result: dict) -> str:
    return (
        f"Run of {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} (`make bench-import`, "
        f"bench/import_file.py), same machine. A {result['rows']:,}-row CSV file "
        f"({result['bytes'] / 1e6:.1f} MB, synthetic) imported with `manage.py import_monuments` "
        f"into an empty migrated database, in one transaction: "
        f"**{result['seconds']:.0f} s, {result['rows'] / result['seconds']:.0f} rows/s** "
        f"({1000 * result['seconds'] / result['rows']:.0f} ms a row). It created "
        f"{result['created']:,} drafts, {result['sources']:,} sources (shared by URL) and "
        f"{result['actors']:,} actors (matched by name). No baseline: nothing else imports "
        "this format. Each row is checked, matched against existing records, and written with "
        "its event, sponsor role, citation and their history through the ORM (about 30 "
        "queries a row); a bulk path was not built.")


if __name__ == "__main__":
    main()
