"""What `make bench` and `make loadtest` ask of each system: the one table to edit.

Each comparison names the Django URL and its baselines: Datasette serving the same rows
exported to SQLite (with FTS), and the raw floor (bench/rawfloor.py: the same SQL through
psycopg, serialised with orjson). `None` means "not measured": a Django URL that is None is
shown as pending in docs/benchmarks.md.

Placeholders filled in from the bench database at run time: {region} (a region with a
typical number of records), {q_ru}, {q_en} (a settlement's name, in Russian and English),
{public_id} and {slug} (a published monument).

AFTER MERGE (public pages and API): fill in the `django` URLs marked TODO below, then run
`make bench`. Nothing else needs to change.
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
        # TODO after merge: the API list with the same filters.
        django=None,  # f"/api/v1/monuments/?region={{region}}&year_min=2010&page_size={PAGE_SIZE}"
        datasette=("/bench/monuments.json?region_code={region}&installed_year__gte=2010"
                   f"&_sort_desc=installed_earliest&_size={PAGE_SIZE}&_shape=objects"),
        raw=f"/api/list?region={{region}}&year_min=2010&page_size={PAGE_SIZE}",
    ),
    Comparison(
        "api_search", "API full-text search, page of 100",
        # TODO after merge: the API list with q.
        django=None,  # f"/api/v1/monuments/?q={{q_en}}&page_size={PAGE_SIZE}"
        datasette=f"/bench/monuments.json?_search={{q_en}}&_size={PAGE_SIZE}&_shape=objects",
        raw=f"/api/search?q={{q_en}}&page_size={PAGE_SIZE}",
    ),
    Comparison(
        "browse", "Browse page (HTML), region + year",
        # TODO after merge: the browse page with the same filters.
        django=None,  # "/en/monuments/?region={region}&year_min=2010"
        datasette=None,
        raw="/browse?region={region}&year_min=2010&page_size=50",
    ),
    Comparison(
        "monument", "Monument page (HTML)",
        # TODO after merge: a monument page.
        django=None,  # "/en/monuments/{public_id}/{slug}/"
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

#: Full exports compared with `COPY … TO STDOUT WITH CSV` through psql. Until the HTTP
#: exports exist they are timed by calling registry.exports directly (bench/export.py);
#: after merge, set the URLs to time them over HTTP as well.
# TODO after merge: "/api/v1/monuments/?format=csv" and "/api/v1/monuments/?format=geojson".
EXPORT_URLS: dict[str, str | None] = {"csv": None, "geojson": None}

#: The load test's mixed workload (make loadtest): URLs are taken in turn by every client.
# TODO after merge: add the browse, search, monument, API list/detail and export URLs, e.g.
#   "/en/monuments/?q={q_ru}", "/en/monuments/{public_id}/{slug}/",
#   "/api/v1/monuments/?region={region}", "/api/v1/monuments/{public_id}/",
#   "/api/v1/monuments/?region={region}&format=csv".
LOADTEST_PATHS: list[str] = [
    "/en/",
    "/ru/",
    "/healthz",
    "/static/registry/site.css",
]
