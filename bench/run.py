"""`make bench`: the registry against Datasette and the raw floor, side by side.

1. the bench database (BENCH_DATABASE_URL) with 100,000 synthetic records: reused when it
   holds exactly that many, else created, migrated and filled (generate_synthetic);
2. the same published rows exported to SQLite with FTS5 and equivalent indexes, served by
   Datasette (installed into its own venv under bench/work/, not a project dependency);
3. three servers on loopback, each under gunicorn with 2 workers: the registry (production
   settings, DEBUG off), Datasette (uvicorn workers), the raw floor (bench/rawfloor.py);
4. `wrk -t2 -c16 -d10s --latency` on each URL of bench/targets.py, systems alternating,
   three rounds, medians;
5. full CSV / GeoJSON exports against `COPY … TO STDOUT WITH CSV` through psql, with peak
   memory;
6. raw outputs to bench/results/, the tables to docs/benchmarks.md.

The 10,000-row import is measured by `make bench-import` (bench/import_file.py): it takes
about ten minutes by itself, which would push this run past fifteen.

Options: --rounds N, --duration SECONDS, --only KEY[,KEY] (comparisons), --skip-exports.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import re
import shutil
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import targets
from bench.common import (
    BENCH_COUNT,
    RESULTS,
    ROOT,
    WORK,
    bench_database_url,
    replace_section,
)

PYTHON = sys.executable
PORTS = {"django": 8101, "raw": 8102, "datasette": 8103, "uncached": 8104}
#: The registry twice: as deployed (public pages and anonymous API lists kept in the cache
#: until a record changes, registry/http.py) and with that cache off, so every request renders.
NAMES = {"django": "registry", "uncached": "registry, page cache off", "datasette": "Datasette",
         "raw": "raw floor"}
SQLITE_PATH = WORK / "bench.db"
DATASETTE_VENV = WORK / "datasette-venv"
SECRET = "bench-only-secret-key-" + "x" * 40


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", flush=True)


def env_for(database_url: str, **extra: str) -> dict[str, str]:
    return {**os.environ, "DATABASE_URL": database_url, "DJANGO_LOG_LEVEL": "WARNING", **extra}


# --- 1. the bench database ------------------------------------------------------------------

def ensure_database(count: int) -> None:
    import psycopg

    url = bench_database_url()
    name = url.rsplit("/", 1)[1].split("?")[0]
    server = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(server, autocommit=True) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s",
                                    [name]).fetchone()
    if exists:
        subprocess.run([PYTHON, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT,
                       env=env_for(url), check=True)
        with psycopg.connect(url) as connection:
            have = connection.execute(
                "SELECT count(*) FILTER (WHERE is_synthetic), count(*) FROM registry_monument"
            ).fetchone()
        if have == (count, count):
            log(f"reusing {name}: {count} synthetic monuments")
            return
        if have[1] != have[0]:
            raise SystemExit(f"{name} holds real records; refusing to touch it.")
        log(f"{name} holds {have[1]} monuments, not {count}: recreating it")
        with psycopg.connect(server, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
    with psycopg.connect(server, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    subprocess.run([PYTHON, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT,
                   env=env_for(url), check=True)
    started = time.monotonic()
    subprocess.run([PYTHON, "manage.py", "generate_synthetic", "--count", str(count)], cwd=ROOT,
                   env=env_for(url), check=True)
    log(f"generated {count} synthetic monuments in {time.monotonic() - started:.0f}s")


def sample_values() -> dict[str, str]:
    """Placeholders of bench/targets.py, read off the bench database."""
    import psycopg

    with psycopg.connect(bench_database_url()) as connection:
        # A region with a typical (median) number of published records.
        region = connection.execute("""
            SELECT code FROM (
                SELECT r.code, count(*) AS n FROM registry_monument m
                JOIN registry_region r ON r.id = m.region_id
                WHERE m.state = 'published' AND r.country = 'RU' GROUP BY r.code) c
            ORDER BY n, code OFFSET (SELECT count(DISTINCT region_id) / 2
                                     FROM registry_monument) / 2 LIMIT 1""").fetchone()[0]
        settlement = connection.execute("""
            SELECT settlement_ru, settlement_en FROM registry_monument
            WHERE state = 'published' ORDER BY public_id OFFSET 1000 LIMIT 1""").fetchone()
        public_id, slug = connection.execute("""
            SELECT public_id, slug FROM registry_monument
            WHERE state = 'published' ORDER BY public_id OFFSET 5000 LIMIT 1""").fetchone()
    return {"region": region, "q_ru": quote(settlement[0]), "q_en": quote(settlement[1]),
            "public_id": str(public_id), "slug": slug}


# --- 2. SQLite + Datasette ------------------------------------------------------------------

SQLITE_COLUMNS = [
    "public_id", "slug", "name_en", "name_ru", "form", "status", "setting", "origin", "country",
    "controlled_by", "region_code", "region_en", "region_ru", "settlement_en", "settlement_ru",
    "latitude", "longitude", "installed_earliest", "installed_latest", "installed_precision",
    "installed_year", "sponsor_category", "sponsors", "description_en", "description_ru",
    "updated_at",
]


def export_sqlite(expected: int) -> None:
    """The published rows in SQLite, with FTS5 and the indexes the queries need."""
    import psycopg

    if SQLITE_PATH.exists():
        with contextlib.closing(sqlite3.connect(SQLITE_PATH)) as db, \
                contextlib.suppress(sqlite3.Error):
            if db.execute("SELECT count(*) FROM monuments").fetchone()[0] == expected:
                log("reusing the SQLite export")
                return
        SQLITE_PATH.unlink()
    log("exporting the published rows to SQLite with FTS5")
    WORK.mkdir(parents=True, exist_ok=True)
    partial = SQLITE_PATH.with_suffix(".partial")
    partial.unlink(missing_ok=True)
    with contextlib.closing(sqlite3.connect(partial)) as db, \
            psycopg.connect(bench_database_url()) as pg:
        db.execute(f"CREATE TABLE monuments ({', '.join(SQLITE_COLUMNS)}, "
                   "PRIMARY KEY (public_id))")
        cursor = pg.cursor(name="export")
        cursor.execute("""
            SELECT m.public_id, m.slug, m.name_en, m.name_ru, m.form, m.status, m.setting,
                   m.origin, m.country, m.controlled_by, r.code, r.name_en, r.name_ru,
                   m.settlement_en, m.settlement_ru, m.latitude::float8, m.longitude::float8,
                   m.installed_earliest::text, m.installed_latest::text, m.installed_precision,
                   m.installed_year, m.sponsor_category,
                   (SELECT string_agg(a.name_en, '; ' ORDER BY ar.position, ar.id)
                      FROM registry_actorrole ar JOIN registry_actor a ON a.id = ar.actor_id
                     WHERE ar.monument_id = m.id AND ar.role = 'sponsor'),
                   m.description_en, m.description_ru, m.updated_at::text
              FROM registry_monument m LEFT JOIN registry_region r ON r.id = m.region_id
             WHERE m.state = 'published'""")
        placeholders = ", ".join("?" * len(SQLITE_COLUMNS))
        while rows := cursor.fetchmany(5000):
            db.executemany(f"INSERT INTO monuments VALUES ({placeholders})", rows)
        # The same indexes as PostgreSQL's for these queries.
        db.execute("CREATE INDEX monuments_region_year ON monuments (region_code, installed_year)")
        db.execute("CREATE INDEX monuments_installed ON monuments (installed_earliest)")
        db.execute("CREATE INDEX monuments_sponsor ON monuments (sponsor_category)")
        db.execute("CREATE INDEX monuments_coordinates ON monuments (latitude, longitude)")
        # Full-text search as Datasette documents it (sqlite-utils enable-fts does the same).
        db.execute("""CREATE VIRTUAL TABLE monuments_fts USING fts5(
            name_en, name_ru, settlement_en, settlement_ru, region_en, region_ru, sponsors,
            description_en, description_ru, content='monuments', content_rowid='rowid')""")
        db.execute("""INSERT INTO monuments_fts (rowid, name_en, name_ru, settlement_en,
            settlement_ru, region_en, region_ru, sponsors, description_en, description_ru)
            SELECT rowid, name_en, name_ru, settlement_en, settlement_ru, region_en, region_ru,
                   sponsors, description_en, description_ru FROM monuments""")
        db.execute("ANALYZE")
        db.commit()
    partial.rename(SQLITE_PATH)


def ensure_datasette() -> Path:
    """Datasette in a venv of its own (bench/work/, git-ignored): not a project dependency."""
    python = DATASETTE_VENV / "bin" / "python"
    if not (DATASETTE_VENV / "bin" / "datasette").exists():
        log("installing Datasette into bench/work/datasette-venv")
        subprocess.run([sys.executable, "-m", "venv", str(DATASETTE_VENV)], check=True)
        subprocess.run([str(python), "-m", "pip", "install", "--quiet", "datasette",
                        "gunicorn", "uvicorn-worker"], check=True)
    return DATASETTE_VENV / "bin"


# --- 3. servers -----------------------------------------------------------------------------

def wait_for(port: int, path: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=5) as response:
                if response.status < 500:
                    return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"the server on port {port} did not answer {path}")


def port_free(port: int) -> None:
    with socket.socket() as probe:
        if probe.connect_ex(("127.0.0.1", port)) == 0:
            raise SystemExit(f"port {port} is taken: stop whatever listens there")


def django_env() -> dict[str, str]:
    return env_for(
        bench_database_url(),
        DJANGO_ENV="production", DJANGO_SECRET_KEY=SECRET,
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost", DJANGO_SECURE_SSL_REDIRECT="false",
        # Anonymous API throttling would turn a benchmark into a stream of 429s.
        REGISTRY_ANON_THROTTLE_RATE="100000000/s", DJANGO_LOG_FORMAT="line",
        GUNICORN_BIND=f"127.0.0.1:{PORTS['django']}", WEB_CONCURRENCY="2",
        GUNICORN_MAX_REQUESTS="0", DJANGO_CONN_MAX_AGE="600",
    )


@contextlib.contextmanager
def servers(datasette_bin: Path | None) -> Iterator[None]:
    started: list[subprocess.Popen] = []
    RESULTS.mkdir(exist_ok=True)
    try:
        for port in PORTS.values():
            port_free(port)
        subprocess.run([PYTHON, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT,
                       env=django_env(), check=True)
        logs = WORK / "logs"
        logs.mkdir(parents=True, exist_ok=True)

        def start(name: str, command: list[str], env: dict[str, str]) -> None:
            out = (logs / f"{name}.log").open("w")
            started.append(subprocess.Popen(command, cwd=ROOT, env=env, stdout=out,
                                            stderr=subprocess.STDOUT, start_new_session=True))

        start("django", [str(Path(PYTHON).parent / "gunicorn"), "-c", "gunicorn.conf.py"],
              django_env())
        start("uncached", [str(Path(PYTHON).parent / "gunicorn"), "-c", "gunicorn.conf.py"],
              {**django_env(), "REGISTRY_PAGE_CACHE": "false",
               "GUNICORN_BIND": f"127.0.0.1:{PORTS['uncached']}"})
        # Every gunicorn here reads ./gunicorn.conf.py (gunicorn loads it from the working
        # directory): the same timeouts for all, 2 workers, no worker recycling mid-run.
        same = {"WEB_CONCURRENCY": "2", "GUNICORN_MAX_REQUESTS": "0"}
        start("raw", [str(Path(PYTHON).parent / "gunicorn"), "-w", "2", "-b",
                      f"127.0.0.1:{PORTS['raw']}", "bench.rawfloor:application"],
              env_for(bench_database_url(), **same))
        wait_for(PORTS["django"], "/healthz")
        wait_for(PORTS["uncached"], "/healthz")
        wait_for(PORTS["raw"], "/home")
        if datasette_bin is not None:
            start("datasette", [str(datasette_bin / "gunicorn"), "-w", "2", "-k",
                                "uvicorn_worker.UvicornWorker", "-b",
                                f"127.0.0.1:{PORTS['datasette']}", "bench.datasette_app:app"],
                  {**os.environ, **same, "BENCH_SQLITE": str(SQLITE_PATH),
                   "BENCH_PAGE_SIZE": str(targets.PAGE_SIZE)})
            wait_for(PORTS["datasette"], "/bench/monuments.json?_size=1")
        yield
    finally:
        for process in started:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGTERM)
        for process in started:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)


# --- 4. wrk ---------------------------------------------------------------------------------

def parse_wrk(output: str) -> dict[str, float]:
    def latency_ms(text: str) -> float:
        value, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
        return float(value) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit]

    result = {"rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))}
    for percent, name in (("50", "p50"), ("99", "p99")):
        match = re.search(rf"^\s+{percent}(?:\.000)?%\s+(\S+)", output, re.M)
        result[name] = latency_ms(match.group(1)) if match else float("nan")
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)",
                       output)
    result["errors"] = (int(non_2xx.group(1)) if non_2xx else 0) + (
        sum(int(n) for n in errors.groups()) if errors else 0)
    result["requests"] = int(re.search(r"(\d+) requests in", output).group(1))
    return result


def wrk(url: str, duration: int, *, connections: int = 16, script: Path | None = None) -> str:
    command = ["wrk", "-t2", f"-c{connections}", f"-d{duration}s", "--latency"]
    if script:
        command += ["-s", str(script)]
    result = subprocess.run([*command, url], capture_output=True, text=True, check=True)
    return result.stdout


def fill(path: str, values: dict[str, str]) -> str:
    return path.format(**values)


def check_answers(url: str) -> None:
    with urllib.request.urlopen(url, timeout=120) as response:
        if response.status != 200:
            raise SystemExit(f"{url} answered {response.status}")


def run_http(rounds: int, duration: int, only: set[str] | None, values: dict[str, str],
             with_datasette: bool) -> dict:
    runs: dict[str, dict[str, list[dict]]] = {}
    plan = []
    for comparison in targets.COMPARISONS:
        if only and comparison.key not in only:
            continue
        for system in ("django", "uncached", "datasette", "raw"):
            path = getattr(comparison, "django" if system == "uncached" else system)
            if path is None or (system == "datasette" and not with_datasette):
                continue
            url = f"http://127.0.0.1:{PORTS[system]}{fill(path, values)}"
            check_answers(url)
            plan.append((comparison.key, system, url))
    log(f"warming up {len(plan)} URLs")
    for _key, _system, url in plan:
        check_answers(url)
        wrk(url, 2)
    for number in range(1, rounds + 1):
        for key, system, url in plan:
            # A slow endpoint leaves requests queued in the server after wrk stops: wait until
            # one answer comes back, so the next measurement starts on an idle server.
            check_answers(url)
            output = wrk(url, duration)
            (RESULTS / f"wrk-{key}-{system}-round{number}.txt").write_text(
                f"$ wrk -t2 -c16 -d{duration}s --latency {url}\n{output}")
            parsed = parse_wrk(output)
            runs.setdefault(key, {}).setdefault(system, []).append(parsed)
            log(f"round {number} {key:<11} {system:<9} {parsed['rps']:8.1f} req/s  "
                f"p50 {parsed['p50']:7.2f} ms  p99 {parsed['p99']:7.2f} ms  "
                f"errors {parsed['errors']}")
    medians = {
        key: {system: {metric: statistics.median(run[metric] for run in system_runs)
                       for metric in ("rps", "p50", "p99", "errors")}
              for system, system_runs in by_system.items()}
        for key, by_system in runs.items()
    }
    return {"runs": runs, "medians": medians, "urls": {f"{k}/{s}": u for k, s, u in plan}}


# --- 5. exports -----------------------------------------------------------------------------

def run_exports() -> dict:
    results = {}
    for kind in ("copy", "csv", "csv-python", "geojson"):
        log(f"export: {kind}")
        output = subprocess.run([PYTHON, "bench/export.py", kind], cwd=ROOT, check=True,
                                capture_output=True, text=True,
                                env=env_for(bench_database_url())).stdout
        results[kind] = json.loads(output.strip().splitlines()[-1])
        log(f"  {results[kind]['seconds']:.1f}s, {results[kind]['bytes'] / 1e6:.1f} MB, "
            f"peak {results[kind]['peak_kib'] / 1024:.0f} MiB")
    return results


# --- 6. the report --------------------------------------------------------------------------

def machine() -> str:
    cpuinfo = Path("/proc/cpuinfo").read_text()
    model = re.search(r"model name\s*:\s*(.+)", cpuinfo)
    cores = os.cpu_count()
    memory = subprocess.run(["free", "-h"], capture_output=True, text=True).stdout.splitlines()
    total = memory[1].split()[1] if len(memory) > 1 else "?"
    pg = subprocess.run(["psql", bench_database_url(), "-tAc", "SHOW server_version"],
                        capture_output=True, text=True).stdout.strip()
    return (f"{model.group(1).strip() if model else platform.processor()}, {cores} cores, "
            f"{total} memory; {platform.system()} {platform.release()}; Python "
            f"{platform.python_version()}; PostgreSQL {pg}; SQLite {sqlite3.sqlite_version}")


def ratio(numerator: float | None, denominator: float | None) -> str:
    if not numerator or not denominator:
        return "–"
    return f"{numerator / denominator:.2f}×"


def report(http: dict, exports: dict | None, started: float, values: dict[str, str]) -> str:
    medians = http["medians"]
    lines = [
        f"Machine: {machine()}.",
        "",
        f"Run of {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, "
        f"{BENCH_COUNT:,} synthetic monuments; each system under gunicorn with 2 workers on "
        f"loopback; `wrk -t2 -c16 -d{http.get('duration', 15)}s --latency`, systems "
        f"alternating, {http.get('rounds', 3)} rounds, medians. Raw outputs: `bench/results/`. "
        f"Sample values: region {values['region']}, search "
        f"“{values['q_en']}”, monument {values['public_id']}.",
        "",
        "| endpoint | system | requests/s | median latency | p99 latency | errors "
        "| vs Datasette | vs raw floor | target |",
        "|---|---|---:|---:|---:|---:|---:|---:|---|",
    ]
    for comparison in targets.COMPARISONS:
        by_system = medians.get(comparison.key, {})
        if not by_system:
            continue
        datasette = by_system.get("datasette", {}).get("rps")
        raw = by_system.get("raw", {}).get("rps")
        for system in ("django", "uncached", "datasette", "raw"):
            if system not in by_system:
                if system == "django" and comparison.django is None:
                    lines.append(f"| {comparison.title} | registry | pending: URL not on this "
                                 f"branch yet (bench/targets.py) | | | | | | |")
                continue
            m = by_system[system]
            target = ""
            if system in ("django", "uncached"):
                goals = []
                if datasette:
                    met = m["rps"] >= 3 * datasette
                    goals.append(f"≥3× Datasette: {'met' if met else 'MISSED'}")
                if raw:
                    goals.append(f"≥0.5× raw: {'met' if m['rps'] >= 0.5 * raw else 'MISSED'}")
                target = "; ".join(goals)
            name = NAMES[system]
            lines.append(
                f"| {comparison.title} | {name} | {m['rps']:.0f} | {m['p50']:.1f} ms | "
                f"{m['p99']:.1f} ms | {m['errors']:.0f} | "
                f"{ratio(m['rps'], datasette) if system != 'datasette' else '1×'} | "
                f"{ratio(m['rps'], raw) if system != 'raw' else '1×'} | {target} |")
    if exports:
        copy = exports["copy"]["seconds"]
        lines += [
            "",
            "Full exports of every published record (one run each, measured in-process by "
            "`bench/export.py`, through the functions the API's `?format=csv|geojson`, the "
            "browse page's downloads and the releases stream):",
            "",
            "| export | time | size | × COPY time | peak memory (process) | "
            "memory added by the export | target |",
            "|---|---:|---:|---:|---:|---:|---|",
        ]
        for kind, title in (("copy", "`COPY … TO STDOUT WITH CSV` via psql (the limit)"),
                            ("csv", "registry CSV (`registry.exports.csv_lines`, rows by COPY)"),
                            ("csv-python", "the same CSV from the Python columns (as-of "
                                           "exports; the export before COPY)"),
                            ("geojson", "registry GeoJSON (`registry.exports.geojson_chunks`)")):
            e = exports[kind]
            added = (e["peak_kib"] - e["baseline_kib"]) / 1024 if e["baseline_kib"] else None
            target = ""
            if kind == "csv":  # the registry's export; csv-python is shown for comparison
                target = f"< 3× COPY: {'met' if e['seconds'] < 3 * copy else 'MISSED'}"
            lines.append(
                f"| {title} | {e['seconds']:.1f} s | {e['bytes'] / 1e6:.1f} MB | "
                f"{e['seconds'] / copy:.1f}× | {e['peak_kib'] / 1024:.0f} MiB | "
                f"{f'{added:.0f} MiB' if added is not None else '(psql)'} | {target} |")
    lines += [
        "",
        "The 10,000-row import is measured by `make bench-import` (below).",
    ]
    lines += [
        "",
        f"The whole `make bench` took {(time.monotonic() - started) / 60:.1f} minutes.",
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description="Run the benchmarks (make bench).")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--only", default="", help="comparison keys, comma-separated")
    parser.add_argument("--skip-exports", action="store_true")
    parser.add_argument("--no-datasette", action="store_true")
    args = parser.parse_args()
    started = time.monotonic()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is needed (apt-get install wrk)")
    ensure_database(BENCH_COUNT)
    values = sample_values()
    datasette_bin = None
    if not args.no_datasette:
        with psycopg_count() as published:
            export_sqlite(published)
        datasette_bin = ensure_datasette()
    RESULTS.mkdir(exist_ok=True)
    for old in RESULTS.glob("wrk-*.txt"):
        old.unlink()
    with servers(datasette_bin):
        http = run_http(args.rounds, args.duration,
                        set(filter(None, args.only.split(","))) or None, values,
                        with_datasette=datasette_bin is not None)
    http.update(rounds=args.rounds, duration=args.duration)
    exports = None if args.skip_exports else run_exports()
    log("query plans")
    subprocess.run([PYTHON, "bench/explain.py", "--write"], cwd=ROOT, check=True,
                   env=env_for(bench_database_url()), stdout=subprocess.DEVNULL)
    (RESULTS / "summary.json").write_text(json.dumps(
        {"http": http, "exports": exports, "values": values}, indent=1, default=str))
    body = report(http, exports, started, values)
    replace_section("Results at 100,000 records", body)
    print(body)
    log(f"done in {(time.monotonic() - started) / 60:.1f} minutes; docs/benchmarks.md updated")


@contextlib.contextmanager
def psycopg_count() -> Iterator[int]:
    import psycopg

    with psycopg.connect(bench_database_url()) as connection:
        yield connection.execute(
            "SELECT count(*) FROM registry_monument WHERE state = 'published'").fetchone()[0]


if __name__ == "__main__":
    main()
