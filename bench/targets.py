"""What `make bench` and `make loadtest` ask of each system: the one table to edit.

Each comparison names the Django URL and its baselines: Datasette serving the same rows
exported to SQLite (with FTS), and the raw floor (bench/rawfloor.py: the same SQL through
psycopg, serialised with orjson). `None` means "not measured": a Django URL that is None is
shown as pending in docs/benchmarks.md.

Placeholders filled in from the bench database at run time: {region} (a region with a
typical number of records), {q_ru}, {q_en} (a settlement's name, in Russian and English),
{public_id} and {slug} (a published monument).

"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Comparison:
    key: str
    title: str
    django: str | None
    datasette: str | None
    raw: str | None


PAGE_SIZE = 100

COMPARISONS: list[Comparison] = [
    Comparison(
        "api_list", "API list: region + year, page of 100",
        django=f"/api/v1/monuments/?region={{region}}&year_min=2010&page_size={PAGE_SIZE}",
        datasette=("/bench/monuments.json?region_code={region}&installed_year__gte=2010"
                   f"&_sort_desc=installed_earliest&_size={PAGE_SIZE}&_shape=objects"),
        raw=f"/api/list?region={{region}}&year_min=2010&page_size={PAGE_SIZE}",
    ),
    Comparison(
        "api_search", "API full-text search, page of 100",
        django=f"/api/v1/monuments/?q={{q_en}}&page_size={PAGE_SIZE}",
        datasette=f"/bench/monuments.json?_search={{q_en}}&_size={PAGE_SIZE}&_shape=objects",
        raw=f"/api/search?q={{q_en}}&page_size={PAGE_SIZE}",
    ),
    Comparison(
        "browse", "Browse page (HTML), region + year",
        django="/en/monuments/?region={region}&year_min=2010",
        datasette=None,
        raw="/browse?region={region}&year_min=2010&page_size=50",
    ),
    Comparison(
        "monument", "Monument page (HTML)",
        django="/en/monuments/{public_id}/{slug}/",
        datasette=None,
        raw="/monument/{public_id}",
    ),
    Comparison(
        "home", "Home page (HTML, cached counts)",
        django="/en/",
        datasette=None,
        raw="/home",
    ),
]

#: Full exports compared with `COPY … TO STDOUT WITH CSV` through psql, timed over HTTP.
EXPORT_URLS: dict[str, str | None] = {"csv": "/api/v1/monuments/?format=csv",
                                      "geojson": "/api/v1/monuments/?format=geojson"}

#: The load test's mixed workload (make loadtest): URLs are taken in turn by every client.
LOADTEST_PATHS: list[str] = [
    "/en/",
    "/ru/",
    "/en/stats/",
    "/en/monuments/",
    "/en/monuments/?region={region}&year_min=2010",
    "/ru/monuments/?q={q_ru}",
    "/en/monuments/{public_id}/{slug}/",
    "/api/v1/monuments/?region={region}",
    "/api/v1/monuments/?q={q_en}",
    "/api/v1/monuments/{public_id}/",
    "/api/v1/stats/?group_by=year,sponsor_category",
    "/api/v1/monuments/?region={region}&format=csv",
    "/healthz",
    "/static/registry/site.css",
]
