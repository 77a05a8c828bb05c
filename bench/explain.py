"""EXPLAIN ANALYZE of the registry's common queries, exactly as the ORM code sends them.

Each case runs the real code path (`Monument.objects.published()`, `MonumentFilterSet` with
its default ordering, `for_list()` on a page of 100, `registry.stats.count_by`), captures
every SQL statement it sends, and asks PostgreSQL for the plan and time of each (best of three
runs, warm cache). Run against the bench database (BENCH_DATABASE_URL, 100,000 synthetic
records: `make bench` creates it):

    .venv/bin/python bench/explain.py            # print the plans
    .venv/bin/python bench/explain.py --write    # also rewrite the section in docs/benchmarks.md
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import RESULTS, replace_section, setup_django

PAGE_SIZE = 100


@dataclass
class Case:
    name: str
    params: dict[str, str]
    action: str = "page"  # "page": count + one page of for_list(); "stats": year × sponsor


CASES = [
    Case("browse default (published, newest first)", {}),
    Case("region + year filter", {"region": "RU-VLG", "year_min": "2015", "year_max": "2020"}),
    Case("sponsor category (small: cossack)", {"sponsor_category": "cossack"}),
    Case("sponsor category (large: kprf)", {"sponsor_category": "kprf"}),
    Case("search q, Russian (settlement)", {"q": "Красногорск"}),
    Case("search q, Russian (common word)", {"q": "бюст"}),
    Case("search q, English", {"q": "Krasnogorsk bust"}),
    Case("bbox (European Russia)", {"bbox": "36,54,40,57"}),
    Case("stats: year × sponsor category, new monuments", {"origin": "new,soviet_replica"},
         action="stats"),
]


def run_case(case: Case) -> list[tuple[str, str]]:
    """The SQL statements a case sends, in order, as (role, sql)."""
    from django.db import connection
    from django.http import QueryDict
    from django.test.utils import CaptureQueriesContext

    from registry import stats
    from registry.filters import MonumentFilterSet
    from registry.models import Monument

    data = QueryDict(mutable=True)
    data.update(case.params)
    filterset = MonumentFilterSet(data, queryset=Monument.objects.published())
    if not filterset.is_valid():
        raise SystemExit(f"{case.name}: invalid filters {filterset.errors}")
    with CaptureQueriesContext(connection) as captured:
        if case.action == "stats":
            stats.count_by(filterset.qs, ["year", "sponsor_category"])
        else:
            queryset = filterset.qs.for_list()
            queryset.count()
            list(queryset[:PAGE_SIZE])
    statements = [query["sql"] for query in captured.captured_queries]
    # Validation lookups (region codes) are tiny; keep the statements on monuments.
    statements = [sql for sql in statements if "registry_monument" in sql
                  or "registry_actorrole" in sql]
    roles = []
    for sql in statements:
        if sql.lstrip().upper().startswith("SELECT COUNT(*)"):
            roles.append("count")
        elif "registry_actorrole" in sql.split("FROM", 1)[1][:60]:
            roles.append("prefetch sponsors")
        elif case.action == "stats":
            roles.append("group by")
        else:
            roles.append("page")
    return list(zip(roles, statements, strict=True))


def explain(sql: str, runs: int = 3) -> tuple[float, str]:
    from django.db import connection

    best, best_plan = float("inf"), ""
    with connection.cursor() as cursor:
        for _ in range(runs):
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
            plan = "\n".join(row[0] for row in cursor.fetchall())
            match = re.search(r"Execution Time: ([\d.]+) ms", plan)
            milliseconds = float(match.group(1)) if match else float("nan")
            if milliseconds < best:
                best, best_plan = milliseconds, plan
    return best, best_plan


def scan_summary(plan: str) -> str:
    """The scans a plan uses, e.g. 'Index Scan using monument_browse_order'."""
    scans = re.findall(r"((?:Parallel )?(?:Index Only Scan|Index Scan|Bitmap Index Scan|"
                       r"Seq Scan)(?: Backward)?(?: using| on) \S+)", plan)
    return "; ".join(dict.fromkeys(scans))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--write", action="store_true",
                        help="rewrite the plans section of docs/benchmarks.md")
    args = parser.parse_args()
    setup_django()
    from django.db import connection

    from registry.models import Monument

    total = Monument.objects.count()
    published = Monument.objects.published().count()
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        version = cursor.fetchone()[0]
    rows, full = [], []
    for case in CASES:
        for role, sql in run_case(case):
            milliseconds, plan = explain(sql)
            rows.append((case, role, milliseconds, scan_summary(plan)))
            full.append(f"### {case.name}: {role}\n\nParameters: `{case.params}`\n\n"
                        f"```sql\n{sql}\n```\n\n```\n{plan}\n```\n")
            print(f"== {case.name} [{role}] {milliseconds:.2f} ms\n{plan}\n")
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "explain.md").write_text(
        f"# Query plans ({total} monuments, {published} published, PostgreSQL {version})\n\n"
        + "\n".join(full), encoding="utf-8")
    table = ["| query | statement | execution time | plan uses |", "|---|---|---:|---|"]
    for case, role, milliseconds, scans in rows:
        params = "&".join(f"{key}={value}" for key, value in case.params.items()) or "(none)"
        table.append(f"| {case.name} `{params}` | {role} | {milliseconds:.2f} ms | {scans} |")
    body = (
        f"{total:,} synthetic monuments ({published:,} published), PostgreSQL {version}, warm "
        f"cache, best of three `EXPLAIN (ANALYZE, BUFFERS)` of each statement the ORM code sends "
        f"(`bench/explain.py`; the full plans are in `bench/results/explain.md`). A page is the "
        f"count, the page of {PAGE_SIZE} rows and the prefetch of their sponsors.\n\n"
        + "\n".join(table)
    )
    print("\n".join(table))
    if args.write:
        replace_section("Query plans at 100,000 records", body + "\n\n" + NOTES)
        print("docs/benchmarks.md updated.")


NOTES = """\
Why each plan is what it is:

- **Browse default** walks `monument_browse_order` (state, installed_earliest DESC NULLS LAST,
  public_id) and stops after 100 rows: no sort. The count of all published records has to
  visit every published row; it is an index-only scan of a small index, and it is the largest
  part of a default page.
- **Region + year** and **sponsor category** combine the region / sponsor indexes in a bitmap
  (few matches), or walk the ordering index and filter (many matches, e.g. kprf: the first 100
  in date order come quickly).
- **Search** uses the GIN indexes on `search_vector` (full text) and `search_text` (trigrams);
  results are ordered by rank, so every match is ranked: a common word ("бюст", 60% of records)
  costs as much as ranking that many rows. That is inherent to relevance ordering.
- **bbox** uses `monument_coordinates` (latitude, longitude) for the latitude band and filters
  the longitude.
- **Stats** aggregate most of the table, so a sequential (or index-only) scan is the right
  plan: there is nothing to skip.
"""


if __name__ == "__main__":
    main()
