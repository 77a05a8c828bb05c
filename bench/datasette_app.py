"""Datasette as an ASGI app for gunicorn (uvicorn workers), run from its own venv by bench/run.py.

Configured to be fair: the database is immutable (Datasette's fastest mode), facet
suggestions are off, and the page size is the registry's.
"""

import os

from datasette.app import Datasette

page_size = int(os.environ.get("BENCH_PAGE_SIZE", "100"))
app = Datasette(
    immutables=[os.environ["BENCH_SQLITE"]],
    settings={"suggest_facets": False, "default_page_size": page_size,
              "max_returned_rows": max(page_size, 1000), "num_sql_threads": 3},
).app()
